import type { TaskSession } from '@ese/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { readExample } from '../../../../fixtures/em-examples.ts'
import { decodeList, parseBody } from './decode.ts'
import { BffError } from './errors.ts'
import { ListReader } from './lists.ts'

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

describe('ListReader', () => {
  let reader = new ListReader()
  afterEach(async () => {
    await reader.close()
    reader = new ListReader()
  })

  it('reads a big list in a worker thread, as the main thread would, while the main thread goes on', async () => {
    const body = bigList(600)
    expect(body.length).toBeGreaterThan(512 * 1024)
    let turns = 0
    const ticking = setInterval(() => turns++, 0)
    const items = await reader.read<TaskSession>(body, XML, 'replicaTaskSession')
    clearInterval(ticking)
    // Decoded here, the list would have been read in one go, with no turn of the event loop in between.
    expect(turns).toBeGreaterThan(0)
    expect(items).toHaveLength(600)
    expect(items).toEqual(decodeList(parseBody(body, XML), 'replicaTaskSession'))
    expect(items[599]?.id).toBe('c20dae03-4f75-4191-ae81-000000000599')
  })

  it('reads a small list on the main thread', async () => {
    let turns = 0
    const ticking = setInterval(() => turns++, 0)
    const items = await reader.read<TaskSession>(bigList(3), XML, 'replicaTaskSession')
    clearInterval(ticking)
    expect(turns).toBe(0)
    expect(items.map((t) => t.vmDisplayName)).toEqual(['ubuntu88', 'ubuntu88', 'ubuntu88'])
  })

  it('reads a big list here when two already wait for the worker, as the bound on their memory', async () => {
    const body = bigList(600)
    const waiting = [
      reader.read(body, XML, 'replicaTaskSession'),
      reader.read(body, XML, 'replicaTaskSession'),
    ]
    let turns = 0
    const ticking = setInterval(() => turns++, 0)
    const third = await reader.read<TaskSession>(body, XML, 'replicaTaskSession')
    clearInterval(ticking)
    expect(turns).toBe(0)
    expect(third).toHaveLength(600)
    await expect(Promise.all(waiting)).resolves.toHaveLength(2)
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
    await expect(reader.read(body, XML, 'replicaTaskSession')).resolves.toHaveLength(600)
  })

  it('answers the lists in flight as unreadable when the worker stops, and starts another for the next', async () => {
    const body = bigList(600)
    const reading = Promise.all([
      reader.read(body, XML, 'replicaTaskSession'),
      reader.read(body, XML, 'replicaTaskSession'),
    ])
    await reader.close()
    await expect(reading).rejects.toMatchObject({ code: 'em_bad_response' })
    await expect(reader.read(body, XML, 'replicaTaskSession')).resolves.toHaveLength(600)
  })
})
