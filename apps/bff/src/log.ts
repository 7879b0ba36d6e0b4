import type { Writable } from 'node:stream'

export type LogLevel = 'info' | 'warn' | 'error'
export type Logger = {
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
  /** One line per request, on the hot path: keep it cheap. */
  request(fields: { method: string; path: string; status: number; ms: number; emCalls: number }): void
  /** Writes the request lines still waiting. */
  flush(): void
}

/** Loggers with request lines not yet written; all are flushed when the process exits. */
const unflushed = new Set<() => void>()
let exitHookInstalled = false

/**
 * JSON lines on a stream (stdout by default). Callers pass only what is safe to log: never a header, a token,
 * a password or a query string.
 *
 * Request lines are collected and written together, at most 20 ms (or 32 KB) later, not once per request: stdout
 * on a file or pipe is a blocking write, and one per request was about a tenth of the BFF's CPU under load, and
 * one per event-loop turn still several µs per request (bench/RESULTS.md). Every line is written, in order, and
 * any still pending at exit is written then.
 */
// Many requests end in the same millisecond under load: format its timestamp once.
let stampMs = -1
let stamp = ''
function now(): string {
  const ms = Date.now()
  if (ms !== stampMs) {
    stampMs = ms
    stamp = new Date(ms).toISOString()
  }
  return stamp
}

/** Request lines wait at most this long, or until this much is pending, before they are written. */
const FLUSH_MS = 20
const FLUSH_CHARS = 32 * 1024

export function createLogger(stream: Writable = process.stdout): Logger {
  let pending = ''
  let scheduled = false
  const flush = () => {
    scheduled = false
    unflushed.delete(flush)
    if (pending === '') return
    const chunk = pending
    pending = ''
    stream.write(chunk)
  }
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    // Rare lines go out at once, after whatever request lines came before them.
    pending += `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`
    flush()
  }
  if (!exitHookInstalled) {
    exitHookInstalled = true
    process.once('exit', () => {
      for (const f of [...unflushed]) f()
    })
  }
  return {
    flush,
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
    request: ({ method, path, status, ms, emCalls }) => {
      // ms to a tenth, as a number (rounding is cheaper than toFixed; 5.0 is written 5).
      pending += `{"time":"${now()}","level":"info","msg":"request","method":${method === 'GET' ? '"GET"' : JSON.stringify(method)},"path":${JSON.stringify(path)},"status":${status},"ms":${Math.round(ms * 10) / 10},"emCalls":${emCalls}}\n`
      if (pending.length >= FLUSH_CHARS) flush()
      else if (!scheduled) {
        scheduled = true
        unflushed.add(flush)
        setTimeout(flush, FLUSH_MS).unref()
      }
    },
  }
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, request() {}, flush() {} }
