/** The worker thread of lists.ts: reads and answers one big list at a time, off the BFF's main thread. */
import { parentPort } from 'node:worker_threads'
import { answerOfSync } from '../answers.ts'
import { isBffError } from './errors.ts'
import { type ListJob, type ListResult, readList } from './lists.ts'

parentPort?.on('message', ({ id, body, contentType, kind }: ListJob) => {
  let result: ListResult
  try {
    const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength)
    const { json, allFinished } = readList(buffer, contentType, kind)
    // Gzipped here, at once: no request waits on this thread.
    result = { id, list: { answer: answerOfSync(json), allFinished } }
  } catch (error) {
    // A BffError keeps its code and message; anything else is a fault of ours, answered as `internal`.
    const code = isBffError(error) ? error.code : undefined
    result = { id, error: { code, message: error instanceof Error ? error.message : String(error) } }
  }
  parentPort?.postMessage(result)
})
