import { pino } from 'pino'

export type Logger = pino.Logger

/**
 * JSON lines (pino) on a stream, stdout by default, written asynchronously (lines that come while a write is
 * on its way go out together; pino writes what is left at exit). Callers pass only what is safe to log: never a
 * header, a cookie, a token, a password or a query string.
 */
export function createLogger(stream: pino.DestinationStream = pino.destination({ sync: false })): Logger {
  return pino(
    {
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  )
}

export const silentLogger: Logger = pino({ level: 'silent' })
