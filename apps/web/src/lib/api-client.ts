import { type ErrorCode, isErrorCode, RETRYABLE_ERROR_CODES } from '@ese/shared'

/** An error the BFF answered with (or one we stand in for it); the UI branches on `code`, never on `message`. */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  readonly code: ErrorCode
  /** HTTP status, or 0 when the request never got an answer. */
  readonly status: number

  constructor(code: ErrorCode, message: string, status = 0) {
    super(message)
    this.code = code
    this.status = status
  }

  get retryable(): boolean {
    return RETRYABLE_ERROR_CODES.has(this.code)
  }
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
export function errorFromResponse(status: number, bodyText: string): ApiError {
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
    return new ApiError(error.code, message, status)
  }
  return new ApiError(
    'internal',
    `The dashboard server answered HTTP ${status} with a response it could not read.`,
    status,
  )
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>

/** GET a JSON resource from the BFF (same origin). Throws ApiError for every failure except cancellation. */
export async function getJson<T>(
  path: string,
  options: { signal?: AbortSignal; fetch?: FetchLike } = {},
): Promise<T> {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  let response: Response
  try {
    response = await doFetch(path, { headers: { Accept: 'application/json' }, signal: options.signal })
  } catch (error) {
    // Cancellation (navigating away) is not an error to show; TanStack Query expects the AbortError back.
    if (options.signal?.aborted) throw error
    throw new ApiError(
      'em_unavailable',
      'The dashboard server could not be reached. Check the network connection and try again.',
    )
  }
  const text = await response.text().catch(() => '')
  if (!response.ok) throw errorFromResponse(response.status, text)
  try {
    return JSON.parse(text) as T
  } catch {
    throw new ApiError('internal', 'The dashboard server sent a response that is not JSON.', response.status)
  }
}

/** At most one automatic retry, and only for codes where a retry can help (never for 4xx). */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  return failureCount < 1 && error instanceof ApiError && error.retryable
}
