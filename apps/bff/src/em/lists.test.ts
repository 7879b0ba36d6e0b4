import { gunzipSync } from 'node:zlib'
import type { TaskSession } from '@ese/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { readExample } from '../../../../fixtures/em-examples.ts'
import { decodeList, parseBody } from './decode.ts'
import { BffError } from './errors.ts'
import { type ListAnswer, ListReader, readList } from './lists.ts'

const XML = 'application/xml; charset=utf-8'
const EXAMPLE = 'replica-session-task-sessions.entity-list.docs-v13.1.xml'

/** EM's verbatim task list with its one task repeated `n` times, each with its own ID. */
function bigList(n: number): Buffer {
  const text = readExample(EXAMPLE)
  const start = text.indexOf('<ReplicaTaskSession ')
  const end = text.indexOf('</ReplicaTaskSession>') + '</ReplicaTaskSession>'.length
  const task = text.slice(start, end)
  const id = 'c20dae03-4f75-4191-ae81-862f4b7988ca'
  const tasks = Array.from({ length: n }, (_, i) =>
    task.replaceAll(id, `${id.slice(0, 24)}${String(i).padStart(12, '0')}`),
  )
  return Buffer.from(`${text.slice(0, start)}${tasks.join('\n')}${text.slice(end)}`)
}

/** The sessions of a list's answer, gzipped or not. */
function itemsOf({ answer }: ListAnswer): TaskSession[] {
  const json = typeof answer === 'string' ? answer : gunzipSync(answer).toString('utf8')
  return (JSON.parse(json) as { items: TaskSession[] }).items
}

describe('ListReader', () => {
  let reader = new ListReader()
  afterEach(async () => {
    await reader.close()
    reader = new ListReader()
  })

  it('reads a big list in a worker thread and writes its JSON there, as the main thread would, while the main thread goes on', async () => {
    const body = bigList(600)
    expect(body.length).toBeGreaterThan(512 * 1024)
    let turns = 0
    const ticking = setInterval(() => turns++, 0)
    const sent = Buffer.from(body)
    const list = await reader.read(sent, XML, 'replicaTaskSession')
    clearInterval(ticking)
    // Handed over to the worker, not copied.
    expect(sent.length).toBe(0)
    // Decoded here, the list would have been read in one go, with no turn of the event loop in between.
    expect(turns).toBeGreaterThan(0)
    // What comes back is the answer as it is sent, gzipped, not sessions this thread would still have to write.
    expect(Buffer.isBuffer(list.answer)).toBe(true)
    const json = JSON.stringify({ items: decodeList(parseBody(body, XML), 'replicaTaskSession') })
    expect(gunzipSync(list.answer).toString('utf8')).toBe(json)
    expect(readList(body, XML, 'replicaTaskSession')).toEqual({ json, allFinished: true })
    expect(itemsOf(list)).toHaveLength(600)
    expect(itemsOf(list)[599]?.id).toBe('c20dae03-4f75-4191-ae81-000000000599')
  })

  it('tells whether every session in the list has ended, from the worker as from here', async () => {
    const ended = bigList(600)
    // One of 600 still in progress.
    const running = Buffer.from(
      ended.toString().replace('<State>Completed</State>', '<State>InProgress</State>'),
    )
    for (const [body, allFinished] of [
      [ended, true],
      [running, false],
      [bigList(3), true],
    ] as const) {
      const list = await reader.read(Buffer.from(body), XML, 'replicaTaskSession')
      expect(list.allFinished).toBe(allFinished)
    }
    expect(itemsOf(await reader.read(Buffer.from(running), XML, 'replicaTaskSession'))[0]?.state).toBe(
      'InProgress',
    )
  })

  it('reads a small list on the main thread', async () => {
    let turns = 0
    const ticking = setInterval(() => turns++, 0)
    const list = await reader.read(bigList(3), XML, 'replicaTaskSession')
    clearInterval(ticking)
    expect(turns).toBe(0)
    expect(itemsOf(list).map((t) => t.vmDisplayName)).toEqual(['ubuntu88', 'ubuntu88', 'ubuntu88'])
  })

  it('reads a big list here when two already wait for the worker, as the bound on their memory', async () => {
    const body = bigList(600)
    const waiting = [
      reader.read(Buffer.from(body), XML, 'replicaTaskSession'),
      reader.read(Buffer.from(body), XML, 'replicaTaskSession'),
    ]
    expect(reader.waiting).toBe(2)
    const third = reader.read(Buffer.from(body), XML, 'replicaTaskSession')
    // Not sent to the worker: read here, at once (its gzip alone goes to libuv's pool).
    expect(reader.waiting).toBe(2)
    expect(itemsOf(await third)).toHaveLength(600)
    await expect(Promise.all(waiting)).resolves.toHaveLength(2)
    expect(reader.waiting).toBe(0)
  })

  it("answers a big list that is not well-formed with the main thread's error, and then reads the next", async () => {
    const body = bigList(600)
    const cut = body.subarray(0, body.length - 40)
    const fromWorker = await reader.read(cut, XML, 'replicaTaskSession').catch((error: unknown) => error)
    const here = (() => {
      try {
        decodeList(parseBody(cut, XML), 'replicaTaskSession')
      } catch (error) {
        return error
      }
    })()
    expect(fromWorker).toBeInstanceOf(BffError)
    expect(fromWorker).toMatchObject({ code: 'em_bad_response', message: (here as BffError).message })
    expect(itemsOf(await reader.read(Buffer.from(body), XML, 'replicaTaskSession'))).toHaveLength(600)
  })

  it('answers the lists in flight as unreadable when the worker stops, and starts another for the next', async () => {
    const body = bigList(600)
    const reading = Promise.all([
      reader.read(Buffer.from(body), XML, 'replicaTaskSession'),
      reader.read(Buffer.from(body), XML, 'replicaTaskSession'),
    ])
    await reader.close()
    await expect(reading).rejects.toMatchObject({ code: 'em_bad_response' })
    expect(itemsOf(await reader.read(Buffer.from(body), XML, 'replicaTaskSession'))).toHaveLength(600)
  })
})
