/** The worker thread of lists.ts: reads and answers one big list at a time, off the BFF's main thread. */
import { parentPort } from 'node:worker_threads'
import { isBffError } from './errors.ts'
import { type ListJob, type ListResult, readList } from './lists.ts'

parentPort?.on('message', ({ id, body, contentType, kind }: ListJob) => {
  let result: ListResult
  try {
    result = {
      id,
      list: readList(Buffer.from(body.buffer, body.byteOffset, body.byteLength), contentType, kind),
    }
  } catch (error) {
    // A BffError keeps its code and message; anything else is a fault of ours, answered as `internal`.
    const code = isBffError(error) ? error.code : undefined
    result = { id, error: { code, message: error instanceof Error ? error.message : String(error) } }
  }
  parentPort?.postMessage(result)
})
