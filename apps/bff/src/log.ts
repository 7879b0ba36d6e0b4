import type { Writable } from 'node:stream'

export type LogLevel = 'info' | 'warn' | 'error'
export type Logger = {
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
  /** One line per request, on the hot path: keep it cheap. */
  request(fields: { method: string; path: string; status: number; ms: number; emCalls: number }): void
}

/**
 * JSON lines on a stream (stdout by default). Callers pass only what is safe to log: never a header, a token,
 * a password or a query string.
 */
export function createLogger(stream: Writable = process.stdout): Logger {
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    stream.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`)
  }
  return {
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
    request: ({ method, path, status, ms, emCalls }) => {
      stream.write(
        `{"time":"${new Date().toISOString()}","level":"info","msg":"request","method":${JSON.stringify(method)},"path":${JSON.stringify(path)},"status":${status},"ms":${ms.toFixed(1)},"emCalls":${emCalls}}\n`,
      )
    },
  }
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, request() {} }
