import { type ErrorCode, isErrorCode, RETRYABLE_ERROR_CODES } from '@ese/shared'

/** An error the BFF answered with (or one we stand in for it); the UI branches on `code`, never on `message`. */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  readonly code: ErrorCode
  /** HTTP status, or 0 when the request never got an answer. */
  readonly status: number
  /** Seconds to wait before trying again, from `Retry-After` (sign-in throttling), or null when not sent. */
  readonly retryAfterSeconds: number | null

  constructor(code: ErrorCode, message: string, status = 0, retryAfterSeconds: number | null = null) {
    super(message)
    this.code = code
    this.status = status
    this.retryAfterSeconds = retryAfterSeconds
  }

  get retryable(): boolean {
    return RETRYABLE_ERROR_CODES.has(this.code)
  }
}

/** The answers that mean "nobody is signed in (any more)": the SPA goes to the sign-in page. */
export function isSignedOutError(
  error: unknown,
): error is ApiError & { code: 'unauthenticated' | 'session_expired' } {
  return error instanceof ApiError && (error.code === 'unauthenticated' || error.code === 'session_expired')
}

/** Any thrown value as an ApiError: a bug in a component becomes `internal`, not a blank page. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  const message = error instanceof Error && error.message ? error.message : 'Something went wrong.'
  return new ApiError('internal', message)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The ApiError for a non-2xx answer. The body should be `{"error":{"code","message"}}`, but a proxy, a crash
 * or a gateway page can put anything there, so it is read defensively.
 */
export function errorFromResponse(
  status: number,
  bodyText: string,
  retryAfterSeconds: number | null = null,
): ApiError {
  let body: unknown
  try {
    body = JSON.parse(bodyText)
  } catch {
    body = undefined
  }
  const error = isRecord(body) ? body.error : undefined
  if (isRecord(error) && isErrorCode(error.code)) {
    const message =
      typeof error.message === 'string' && error.message.trim() !== '' ? error.message : `HTTP ${status}`
    return new ApiError(error.code, message, status, retryAfterSeconds)
  }
  return new ApiError(
    'internal',
    `The dashboard server answered HTTP ${status} with a response it could not read.`,
    status,
  )
}

/**
 * `Retry-After` in whole seconds: either delay-seconds or an HTTP date (RFC 9110 §10.2.3). Null when absent or
 * unreadable; never negative.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null) return null
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text)
  // An HTTP date always names its weekday or month; Date.parse alone would read "-5" or "1.5" as dates.
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN
  if (Number.isNaN(date)) return null
  return Math.max(0, Math.ceil((date - now) / 1000))
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>

type RequestOptions = { signal?: AbortSignal; fetch?: FetchLike }

/**
 * One JSON request to the BFF (same origin, so the session cookie goes along). Throws ApiError for every failure
 * except cancellation. A 204 answer (or an empty answer to POST or DELETE) resolves to undefined.
 */
export async function requestJson<T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options: RequestOptions & { body?: unknown } = {},
): Promise<T> {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  let response: Response
  try {
    response = await doFetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    })
  } catch (error) {
    // Cancellation (navigating away) is not an error to show; TanStack Query expects the AbortError back.
    if (options.signal?.aborted) throw error
    throw new ApiError(
      'em_unavailable',
      'The dashboard server could not be reached. Check the network connection and try again.',
    )
  }
  const text = await response.text().catch(() => '')
  if (!response.ok) {
    throw errorFromResponse(response.status, text, parseRetryAfter(response.headers.get('retry-after')))
  }
  if (response.status === 204 || (method !== 'GET' && text === '')) return undefined as T
  try {
    return JSON.parse(text) as T
  } catch {
    throw new ApiError('internal', 'The dashboard server sent a response that is not JSON.', response.status)
  }
}

/** GET a JSON resource from the BFF (same origin). Throws ApiError for every failure except cancellation. */
export function getJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return requestJson<T>('GET', path, options)
}

/**
 * At most one automatic retry, and only for codes where a retry can help (never for 4xx). Not after a timeout:
 * the user would wait a second EM_TIMEOUT_MS for the error, and an EM too slow to answer would be asked again;
 * the error says so at the deadline, with a Retry button.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  return failureCount < 1 && error instanceof ApiError && error.retryable && error.code !== 'em_timeout'
}
