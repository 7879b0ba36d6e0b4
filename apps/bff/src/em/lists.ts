import { Worker } from 'node:worker_threads'
import {
  type ErrorCode,
  isJobSessionFinished,
  isJobSessionKind,
  isTaskSessionFinished,
  type SessionKind,
} from '@ese/shared'
import { type Answer, answerOf } from '../answers.ts'
import { decodeList, parseBody } from './decode.ts'
import { BffError } from './errors.ts'

/** A list as the API answers it, `{"items":[…]}` (gzipped when large), and whether every session in it has ended. */
export type ListAnswer = { answer: Answer; allFinished: boolean }
export type ListJob = { id: number; body: Uint8Array; contentType: string | undefined; kind: SessionKind }
export type ListResult = {
  id: number
  list?: ListAnswer
  error?: { code: ErrorCode | undefined; message: string }
}

/** Lists larger than this are read in a worker thread (docs/decisions/014). */
const OFF_THREAD_OVER_BYTES = 256 * 1024
/**
 * Big lists waiting for the worker, at most (each up to 16 MiB); one more is read here, as before the worker,
 * which also stops this thread reading more of EM's answers until it is done: what bounds their memory.
 */
const MAX_WAITING = 2
/** An idle worker is stopped after this long; the next big list starts another. */
const IDLE_MS = 30_000
/** Room to parse the largest list the transport lets through (16 MiB); a document that needs more is refused. */
const WORKER_HEAP_MB = 512

type Pending = { resolve: (list: ListAnswer) => void; reject: (error: Error) => void }
type Thread = { worker: Worker; pending: Map<number, Pending>; idle?: NodeJS.Timeout }

/**
 * Reads EM's task lists. Parsing a big one takes long, and on the main thread every other request would wait for
 * it; so big lists are parsed, decoded and answered (JSON, gzipped) in a worker thread, one after another, and
 * small ones (most) here.
 */
export class ListReader {
  private thread: Thread | null = null
  private nextId = 0

  /** The list of `kind` sessions EM sent, as the API answers it. A big `body` is handed over: it is empty after. */
  async read(body: Buffer, contentType: string | undefined, kind: SessionKind): Promise<ListAnswer> {
    if (body.length <= OFF_THREAD_OVER_BYTES || this.waiting >= MAX_WAITING) {
      // Here, a big answer is gzipped off this thread (libuv's pool), not at once as in the worker.
      const { json, allFinished } = readList(body, contentType, kind)
      return { answer: await answerOf(json), allFinished }
    }
    const thread = this.started()
    clearTimeout(thread.idle)
    thread.worker.ref()
    const id = this.nextId++
    const job: ListJob = { id, body, contentType, kind }
    return new Promise<ListAnswer>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject })
      // Handed over rather than copied (a copy of megabytes would hold this thread up) when it is all its memory's.
      const own = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength
      thread.worker.postMessage(job, own ? [body.buffer as ArrayBuffer] : [])
    })
  }

  /** Big lists sent to the worker and not yet answered. */
  get waiting(): number {
    return this.thread?.pending.size ?? 0
  }

  async close(): Promise<void> {
    const thread = this.thread
    this.thread = null
    await thread?.worker.terminate()
  }

  private started(): Thread {
    if (this.thread) return this.thread
    const thread: Thread = { worker: startWorker(), pending: new Map() }
    const { worker, pending } = thread
    worker.on('message', ({ id, list, error }: ListResult) => {
      const job = pending.get(id)
      pending.delete(id)
      if (list) job?.resolve({ ...list, answer: asBuffer(list.answer) })
      else job?.reject(error?.code ? new BffError(error.code, error.message) : new Error(error?.message))
      if (pending.size > 0) return
      // Idle, it keeps no process alive, and it stops after a while.
      worker.unref()
      thread.idle = setTimeout(() => this.stop(thread), IDLE_MS).unref()
    })
    // Out of memory or a crash: the lists it had are answered as unreadable, and the next one starts anew.
    const failed = () => {
      this.stop(thread)
      for (const job of pending.values()) job.reject(unreadable())
      pending.clear()
    }
    worker.on('error', failed)
    worker.on('exit', failed)
    this.thread = thread
    return thread
  }

  private stop(thread: Thread): void {
    if (this.thread === thread) this.thread = null
    void thread.worker.terminate()
  }
}

/** Reads a list (here or in the worker): its sessions' JSON, `{"items":[…]}`, and whether they all have ended. */
export function readList(
  body: Buffer,
  contentType: string | undefined,
  kind: SessionKind,
): { json: string; allFinished: boolean } {
  const items: { state: string; endTime: string | null }[] = decodeList(parseBody(body, contentType), kind)
  const finished = isJobSessionKind(kind) ? isJobSessionFinished : isTaskSessionFinished
  return { json: JSON.stringify({ items }), allFinished: items.every(finished) }
}

/** A Buffer comes across from a thread as a plain Uint8Array. */
function asBuffer(answer: Answer): Answer {
  return typeof answer === 'string'
    ? answer
    : Buffer.from(answer.buffer, answer.byteOffset, answer.byteLength)
}

/** The built BFF runs dist/list-worker.js; from sources (tsx, tests), list-worker.ts through tsx. */
function startWorker(): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_HEAP_MB }
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./list-worker.js', import.meta.url), { resourceLimits })
  const source = JSON.stringify(new URL('./list-worker.ts', import.meta.url).href)
  const boot = `import('tsx/esm/api').then((tsx) => tsx.register()).then(() => import(${source}))`
  return new Worker(boot, { eval: true, resourceLimits })
}

function unreadable(): BffError {
  return new BffError(
    'em_bad_response',
    'Enterprise Manager sent a list the dashboard could not read (too large or malformed). Try again; if it persists, check EM.',
  )
}
