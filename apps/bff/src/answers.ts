import { promisify } from 'node:util'
import { gzip, gzipSync } from 'node:zlib'
import { ERROR_STATUS, type ErrorCode } from '@ese/shared'
import { isBffError } from './em/errors.ts'
import type { Logger } from './log.ts'

/** The SPA's documents: plain files from this origin, with no inline script or style. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/** On every response that is not an API answer: the SPA's HTML and assets, and plain-text 404s. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
}

/**
 * An API answer is data, never a document: it may load nothing and be framed by nobody, and is never stored.
 * The documents' headers that only an HTML page acts on (COOP, Permissions-Policy) are left out.
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'"
export const API_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': API_CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
}

/** An answer's JSON as it is cached and sent; a large one gzipped (a Buffer), kept and sent at about a tenth of its size. */
export type Answer = string | Buffer

/** Answers above this size (big task lists, query answers) are gzipped once, when EM's answer comes. */
const GZIP_OVER_BYTES = 64 * 1024
const gzipAsync = promisify(gzip)

/** The answer of this JSON: as it is, or gzipped (off this thread) when large. */
export async function answerOf(json: string): Promise<Answer> {
  return json.length > GZIP_OVER_BYTES ? gzipAsync(json) : json
}

/** The same, done at once: in the list worker, where no request waits. */
export function answerOfSync(json: string): Answer {
  return json.length > GZIP_OVER_BYTES ? gzipSync(json) : json
}

export function errorBody(code: ErrorCode, message: string): { error: { code: ErrorCode; message: string } } {
  return { error: { code, message } }
}

/**
 * The API's answer to a failed request: a BffError is answered with its code and message (an EM fault is also
 * logged as a warning with its cause); anything else is an `internal` error, logged without request data.
 */
export function errorAnswer(
  error: unknown,
  path: string,
  logger: Logger,
): { status: number; body: ReturnType<typeof errorBody> } {
  if (isBffError(error)) {
    if (error.status >= 500)
      logger.warn({ code: error.code, cause: describeCause(error.cause), path }, 'em call failed')
    return { status: error.status, body: errorBody(error.code, error.message) }
  }
  logger.error({ error: describeCause(error), path }, 'unexpected error')
  return {
    status: ERROR_STATUS.internal,
    body: errorBody(
      'internal',
      "Something went wrong in the dashboard's server. Try again; if it persists, check the server log.",
    ),
  }
}

/** What went wrong underneath, for the server log: name, code and message, no stack, no request data. */
function describeCause(error: unknown): string | undefined {
  if (!(error instanceof Error)) return error === undefined ? undefined : String(error)
  const code = 'code' in error ? ` ${String(error.code)}` : ''
  return `${error.name}${code}: ${error.message}`
}
