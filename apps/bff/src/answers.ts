import { ERROR_STATUS } from '@ese/shared'
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
export const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['content-security-policy', CONTENT_SECURITY_POLICY],
  ['x-content-type-options', 'nosniff'],
  ['referrer-policy', 'no-referrer'],
  ['x-frame-options', 'DENY'],
  ['cross-origin-opener-policy', 'same-origin'],
  ['cross-origin-resource-policy', 'same-origin'],
  ['permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()'],
]

/**
 * An API answer is data, never a document: it may load nothing and be framed by nobody (the policy REST APIs
 * such as GitHub's send). Stricter than the SPA's, and a sixth of its size.
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'"

/** Headers that only a document (an HTML page) acts on; they have no effect on a JSON body. */
const DOCUMENT_ONLY = new Set(['cross-origin-opener-policy', 'permissions-policy'])

/**
 * On every JSON answer of the API, errors included: the documents' headers without the document-only ones, and
 * the API's policy instead of the SPA's. What remains protects the data: no sniffing, no framing, no
 * cross-origin embedding, no referrer.
 */
const API_SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = SECURITY_HEADERS.filter(
  ([name]) => !DOCUMENT_ONLY.has(name),
).map(([name, value]) => [name, name === 'content-security-policy' ? API_CONTENT_SECURITY_POLICY : value])

/**
 * The headers of every API answer, success or error, as one plain object: written as it is, without building
 * a Headers object per response (which, with a `set` per header, cost about as much as decoding EM's answer;
 * bench/RESULTS.md).
 */
export const API_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  ...Object.fromEntries(API_SECURITY_HEADERS),
})

/** API_HEADERS as node:http's flat `[name, value, …]` list, for `writeHead`. */
export const API_HEADER_LIST: readonly string[] = Object.freeze(Object.entries(API_HEADERS).flat())

export type ErrorAnswer = { status: number; body: string }

/**
 * The API's answer to a failed request, with its log line: a BffError is answered with its code and message
 * (an EM fault, status ≥ 500, is also logged as a warning with its cause); anything else is an `internal` error,
 * logged without request data. Used by the app and by the lookup fast path (lookup-fast-path.ts) alike.
 */
export function errorAnswer(error: unknown, path: string, logger: Logger): ErrorAnswer {
  if (isBffError(error)) {
    if (error.status >= 500) {
      logger.warn('em call failed', { code: error.code, cause: describeCause(error.cause), path })
    }
    return { status: error.status, body: errorBody(error.code, error.message) }
  }
  logger.error('unexpected error', { error: describeCause(error), path })
  return {
    status: ERROR_STATUS.internal,
    body: errorBody(
      'internal',
      "Something went wrong in the dashboard's server. Try again; if it persists, check the server log.",
    ),
  }
}

export function errorBody(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } })
}

/** What went wrong underneath, for the server log: name, code and message, no stack, no request data. */
function describeCause(error: unknown): string | undefined {
  if (!(error instanceof Error)) return error === undefined ? undefined : String(error)
  const code = 'code' in error ? ` ${String(error.code)}` : ''
  return `${error.name}${code}: ${error.message}`
}
