import type { ReplicaTaskSession } from '@ese/shared'
import { describe, expect, it } from 'vitest'
import type { EmClient } from './em/client.ts'
import { BffError } from './em/errors.ts'
import type { Done } from './em/http.ts'
import type { Trace } from './em/session.ts'
import { Lookups } from './lookups.ts'

const ID = '3d3bcba6-c982-45af-93c8-2ebf4c5aebaf'

function task(state: string, endTime: string | null): ReplicaTaskSession {
  return {
    id: ID,
    uid: `urn:veeam:ReplicaTaskSession:${ID}`,
    name: 'Ünïcödé VM — 東京',
    vmDisplayName: 'Ünïcödé VM — 東京',
    jobSessionId: null,
    state,
    result: 'Success',
    reason: '',
    totalSize: 1024,
    creationTime: '2026-11-28T10:00:00.000Z',
    endTime,
    links: [],
  }
}

/** An EM client that answers from `answer`, later (as EM would), and counts its calls. */
function fakeEm(answer: () => ReplicaTaskSession | Error) {
  const em = {
    calls: 0,
    replicaTaskSession(_id: string, trace: Trace, done: Done<ReplicaTaskSession>) {
      em.calls++
      trace.emCalls++
      setTimeout(() => {
        const value = answer()
        if (value instanceof Error) done(value)
        else done(null, value)
      }, 5)
    },
  }
  return em
}

describe('Lookups', () => {
  it('answers UTF-8 JSON; a finished session comes from EM once and then from the cache, byte for byte', async () => {
    const em = fakeEm(() => task('Completed', '2026-11-28T10:05:00.000Z'))
    const lookups = new Lookups(em as unknown as EmClient)
    const first = await lookups.load('task', ID, { emCalls: 0 })
    expect(JSON.parse(first.toString('utf8'))).toEqual(task('Completed', '2026-11-28T10:05:00.000Z'))
    const trace = { emCalls: 0 }
    const again = await lookups.load('task', ID, trace)
    expect(again.equals(first)).toBe(true)
    expect([em.calls, trace.emCalls]).toEqual([1, 0])
    expect(lookups.cached('task', ID)?.equals(first)).toBe(true)
  })

  it('never caches a running session; concurrent lookups share one EM call, and share its failure too', async () => {
    let fail = false
    const em = fakeEm(() => (fail ? new BffError('em_unavailable', 'down') : task('Working', null)))
    const lookups = new Lookups(em as unknown as EmClient)
    const three = await Promise.all([1, 2, 3].map(() => lookups.load('task', ID, { emCalls: 0 })))
    expect(new Set(three.map((b) => b.toString())).size).toBe(1)
    expect(em.calls).toBe(1)
    expect(lookups.cached('task', ID)).toBeUndefined()
    fail = true
    const failed = await Promise.allSettled([1, 2].map(() => lookups.load('task', ID, { emCalls: 0 })))
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect(em.calls).toBe(2)
  })

  it('a lookup that fails before loadWith returns is answered once, and the next one asks EM again', () => {
    let calls = 0
    const closed = {
      replicaTaskSession(_id: string, _trace: Trace, done: Done<ReplicaTaskSession>) {
        calls++
        done(new BffError('em_unavailable', 'The BFF is shutting down; try again in a moment.'))
      },
    }
    const lookups = new Lookups(closed as unknown as EmClient)
    const answers: string[] = []
    for (let i = 0; i < 2; i++) {
      lookups.loadWith('task', ID, { emCalls: 0 }, (...result) => {
        answers.push(result[0] === null ? 'ok' : result[0].message)
      })
    }
    expect(answers).toEqual([
      'The BFF is shutting down; try again in a moment.',
      'The BFF is shutting down; try again in a moment.',
    ])
    expect(calls).toBe(2)
  })

  it('gives a cached answer through the callback before loadWith returns', async () => {
    const em = fakeEm(() => task('Completed', '2026-11-28T10:05:00.000Z'))
    const lookups = new Lookups(em as unknown as EmClient)
    await lookups.load('task', ID, { emCalls: 0 })
    let answered = false
    lookups.loadWith('task', ID, { emCalls: 0 }, (...result) => {
      answered = result[0] === null
    })
    expect(answered).toBe(true)
  })
})
