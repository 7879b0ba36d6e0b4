import { gunzipSync } from 'node:zlib'
import type { TaskSession } from '@ese/shared'
import { describe, expect, it } from 'vitest'
import type { Answer } from './answers.ts'
import { BffError } from './em/errors.ts'
import { Lookups } from './lookups.ts'

const ID = '3d3bcba6-c982-45af-93c8-2ebf4c5aebaf'

/** A small answer is its JSON text. */
function parsed(answer: Answer) {
  if (typeof answer !== 'string') throw new Error('a small answer came gzipped')
  return JSON.parse(answer)
}

function task(state: string, endTime: string | null): TaskSession {
  return {
    kind: 'replicaTaskSession',
    id: ID,
    uid: `urn:veeam:ReplicaTaskSession:${ID}`,
    name: 'Ünïcödé VM — 東京',
    vmDisplayName: 'Ünïcödé VM — 東京',
    vmUid: null,
    jobSessionId: null,
    state,
    result: endTime ? 'Success' : 'None',
    reason: '',
    totalSize: 1024,
    creationTime: '2026-11-28T10:00:00.000Z',
    endTime,
    links: [],
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A fetch from EM that answers later (as EM would) with what `answer` gives, and counts its calls. */
function fakeEm<T>(answer: () => T | Error, delayMs = 5) {
  const em = {
    calls: 0,
    fetch: (): Promise<T> => {
      em.calls++
      return new Promise((resolve, reject) =>
        setTimeout(() => {
          const value = answer()
          if (value instanceof Error) reject(value)
          else resolve(value)
        }, delayMs),
      )
    },
  }
  return em
}

const FINISHED = { ttl: 60_000, finished: true }
const forever = () => FINISHED

describe('Lookups', () => {
  it('keeps a large answer gzipped (counted at its gzipped size) and a small one as JSON text', async () => {
    const lookups = new Lookups({ cacheMaxBytes: 200 * 1024 })
    const items = Array.from({ length: 3000 }, (_, i) => task('Success', `2026-11-30T0${i % 10}:00:00Z`))
    const big = await lookups.load(
      'tasks:a',
      async () => ({ items }),
      () => ({ ttl: 60_000 }),
    )
    expect(Buffer.isBuffer(big)).toBe(true)
    const json = JSON.stringify({ items })
    expect(json.length).toBeGreaterThan(200 * 1024) // would not fit the budget as text
    expect(gunzipSync(big as Buffer).toString('utf8')).toBe(json)
    expect(
      await lookups.load(
        'tasks:a',
        async () => ({ items: [] }),
        () => ({ ttl: 60_000 }),
      ),
    ).toBe(big)
    const small = await lookups.load(
      'task:a',
      async () => task('Success', null),
      () => ({ ttl: 60_000 }),
    )
    expect(parsed(small).id).toBe(ID)
    expect(lookups.size).toBe(2)
  })

  it('has the documented TTLs unless told otherwise', () => {
    expect(new Lookups().ttl).toEqual({
      finishedTtlMs: 600_000,
      runningTtlMs: 2_000,
      serverTtlMs: 60_000,
      queryTtlMs: 20_000,
    })
    expect(new Lookups({ runningTtlMs: 0, queryTtlMs: 5 }).ttl).toMatchObject({
      runningTtlMs: 0,
      queryTtlMs: 5,
    })
  })

  it('answers JSON; a finished session comes from EM once and then from the cache, byte for byte', async () => {
    const done = task('Completed', '2026-11-28T10:05:00.000Z')
    const em = fakeEm(() => done)
    const lookups = new Lookups()
    const seen: unknown[] = []
    const ttlOf = (value: TaskSession) => {
      seen.push(value)
      return { ttl: lookups.ttl.finishedTtlMs, finished: value.endTime !== null }
    }
    expect(lookups.isFinished('task:a')).toBe(false)
    const first = await lookups.load('task:a', em.fetch, ttlOf)
    expect(parsed(first)).toEqual(done)
    expect(first).toBe(JSON.stringify(done))
    const again = await lookups.load('task:a', em.fetch, ttlOf)
    expect(again).toBe(first)
    expect(em.calls).toBe(1)
    // ttlOf judged the value EM gave, once.
    expect(seen).toEqual([done])
    expect(lookups.isFinished('task:a')).toBe(true)
    expect(lookups.size).toBe(1)
  })

  it('a TTL of 0 is not cached: every load asks EM', async () => {
    const em = fakeEm(() => task('Working', null))
    const lookups = new Lookups()
    for (let i = 0; i < 3; i++) await lookups.load('task:a', em.fetch, () => ({ ttl: 0, finished: true }))
    expect(em.calls).toBe(3)
    expect(lookups.size).toBe(0)
    expect(lookups.isFinished('task:a')).toBe(false)
  })

  it('concurrent identical loads share one EM call, and share its failure too', async () => {
    let fail = false
    const em = fakeEm(() => (fail ? new BffError('em_unavailable', 'down') : task('Working', null)))
    const lookups = new Lookups()
    const running = () => ({ ttl: 0 })
    const three = await Promise.all([1, 2, 3].map(() => lookups.load('task:a', em.fetch, running)))
    expect(new Set(three).size).toBe(1)
    expect(em.calls).toBe(1)
    fail = true
    const failed = await Promise.allSettled([1, 2].map(() => lookups.load('task:a', em.fetch, running)))
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect(em.calls).toBe(2)
    const [a, b] = failed as PromiseRejectedResult[]
    expect(a?.reason).toBeInstanceOf(BffError)
    expect(a?.reason).toBe(b?.reason)
    expect(a?.reason.code).toBe('em_unavailable')
  })

  it('a failure is not cached: the next load asks EM again', async () => {
    let fail = true
    const em = fakeEm(() =>
      fail ? new BffError('em_timeout', 'slow') : task('Completed', '2026-11-28T10:05:00.000Z'),
    )
    const lookups = new Lookups()
    await expect(lookups.load('task:a', em.fetch, forever)).rejects.toMatchObject({ code: 'em_timeout' })
    expect(lookups.size).toBe(0)
    fail = false
    expect(parsed(await lookups.load('task:a', em.fetch, forever))).toMatchObject({ state: 'Completed' })
    expect(em.calls).toBe(2)
  })

  it('a fetch that throws at once, a ttlOf that throws, or a value that is not JSON fails that load only', async () => {
    const lookups = new Lookups()
    let calls = 0
    const throwsAtOnce = () => {
      calls++
      throw new BffError('em_unavailable', 'The dashboard server is shutting down; try again in a moment.')
    }
    for (let i = 0; i < 2; i++) {
      await expect(lookups.load('a', throwsAtOnce, forever)).rejects.toMatchObject({ code: 'em_unavailable' })
    }
    expect(calls).toBe(2)
    await expect(
      lookups.load(
        'b',
        async () => 1,
        () => {
          throw new Error('ttlOf broke')
        },
      ),
    ).rejects.toThrow('ttlOf broke')
    await expect(lookups.load('c', async () => ({ n: 1n }), forever)).rejects.toThrow(TypeError)
    expect(lookups.size).toBe(0)
    // Nothing is left in flight: the same keys load again.
    expect(await lookups.load('b', async () => 2, forever)).toBe('2')
    expect(await lookups.load('c', async () => ({ n: 1 }), forever)).toBe('{"n":1}')
  })

  it('a running answer is shared for its short TTL, then fetched again; once finished, it stays', async () => {
    let state = 'Working'
    const em = fakeEm(() => task(state, state === 'Working' ? null : '2026-11-28T10:05:00.000Z'), 1)
    const lookups = new Lookups({ runningTtlMs: 150 })
    const ttlOf = (t: TaskSession) =>
      t.endTime === null
        ? { ttl: lookups.ttl.runningTtlMs }
        : { ttl: lookups.ttl.finishedTtlMs, finished: true }
    const first = await lookups.load('task:a', em.fetch, ttlOf)
    expect(parsed(first).state).toBe('Working')
    expect(await lookups.load('task:a', em.fetch, ttlOf)).toBe(first)
    expect(em.calls).toBe(1)
    expect(lookups.isFinished('task:a')).toBe(false)
    state = 'Completed'
    await sleep(250)
    // The window has passed: EM is asked again, and now the session has ended.
    const second = await lookups.load('task:a', em.fetch, ttlOf)
    expect(parsed(second).state).toBe('Completed')
    expect(em.calls).toBe(2)
    expect(lookups.isFinished('task:a')).toBe(true)
    await sleep(250)
    expect(await lookups.load('task:a', em.fetch, ttlOf)).toBe(second)
    expect(em.calls).toBe(2)
  })

  it("an answer's TTL counts from when EM was asked: one slow to come is cached for what is left", async () => {
    const lookups = new Lookups()
    const slow = fakeEm(() => task('InProgress', null), 150)
    await lookups.load('scope|task|slow', slow.fetch, () => ({ ttl: 200 }))
    await lookups.load('scope|task|slow', slow.fetch, () => ({ ttl: 200 }))
    expect(slow.calls).toBe(1)
    await sleep(80) // 150 + 80 > 200: expired, although it was stored only 80 ms ago
    await lookups.load('scope|task|slow', slow.fetch, () => ({ ttl: 200 }))
    expect(slow.calls).toBe(2)
    // Slower than its whole TTL: not cached at all.
    const slower = fakeEm(() => task('InProgress', null), 120)
    await lookups.load('scope|task|slower', slower.fetch, () => ({ ttl: 100 }))
    await lookups.load('scope|task|slower', slower.fetch, () => ({ ttl: 100 }))
    expect(slower.calls).toBe(2)
  })

  it('keys are independent: two scopes asking for the same session never share an answer or a call', async () => {
    const lookups = new Lookups()
    const asA = fakeEm(() => ({ ...task('Completed', '2026-11-28T10:05:00.000Z'), name: 'seen by A' }))
    const asB = fakeEm(() => new BffError('em_forbidden', 'B may not read this session.'))
    const [a, b] = await Promise.allSettled([
      lookups.load(`user:a|replicaTaskSession:${ID}`, asA.fetch, forever),
      lookups.load(`user:b|replicaTaskSession:${ID}`, asB.fetch, forever),
    ])
    expect(a).toMatchObject({ status: 'fulfilled' })
    expect(b).toMatchObject({ status: 'rejected', reason: { code: 'em_forbidden' } })
    expect([asA.calls, asB.calls]).toEqual([1, 1])
    // A's cached answer is still not B's.
    await expect(lookups.load(`user:b|replicaTaskSession:${ID}`, asB.fetch, forever)).rejects.toMatchObject({
      code: 'em_forbidden',
    })
    expect(asB.calls).toBe(2)
    expect(parsed(await lookups.load(`user:a|replicaTaskSession:${ID}`, asA.fetch, forever)).name).toBe(
      'seen by A',
    )
    expect(asA.calls).toBe(1)
  })

  it('the entry bound evicts the least recently used answers', async () => {
    const lookups = new Lookups({ cacheMaxEntries: 3 })
    const calls: string[] = []
    const load = (key: string) =>
      lookups.load(
        key,
        async () => {
          calls.push(key)
          return { key }
        },
        forever,
      )
    for (const key of ['k1', 'k2', 'k3']) await load(key)
    // k1 used again: k2 is now the oldest.
    await load('k1')
    await load('k4')
    expect(lookups.size).toBe(3)
    expect(['k1', 'k2', 'k3', 'k4'].map((k) => lookups.isFinished(k))).toEqual([true, false, true, true])
    await load('k2')
    expect(calls).toEqual(['k1', 'k2', 'k3', 'k4', 'k2'])
  })

  it('the byte bound counts each answer with its key and a fixed cost per entry, and evicts the oldest', async () => {
    // Each answer: 100 bytes of JSON and a 2-byte key; with the per-entry cost, two fit in 1100 bytes, not three
    // (counting the JSON alone, ten would).
    const lookups = new Lookups({ cacheMaxBytes: 1100 })
    const answer = 'x'.repeat(98) // JSON adds the two quotes
    for (const key of ['k1', 'k2', 'k3', 'k4', 'k5']) await lookups.load(key, async () => answer, forever)
    expect(lookups.size).toBe(2)
    expect(['k1', 'k2', 'k3', 'k4', 'k5'].map((k) => lookups.isFinished(k))).toEqual([
      false,
      false,
      false,
      true,
      true,
    ])
  })

  it('an answer larger than the whole byte budget is answered but not cached', async () => {
    const lookups = new Lookups({ cacheMaxBytes: 1000 })
    let calls = 0
    const big = async () => {
      calls++
      return 'y'.repeat(2000)
    }
    for (let i = 0; i < 2; i++) expect((await lookups.load('big', big, forever)).length).toBe(2002)
    expect(calls).toBe(2)
    expect(lookups.size).toBe(0)
  })
})
