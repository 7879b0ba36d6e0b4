import { z } from 'zod'

/** Every error the BFF can answer with. The UI branches on these codes, never on message text. */
export const ERROR_CODES = [
  'invalid_id',
  'invalid_request',
  'unauthenticated',
  'session_expired',
  'invalid_credentials',
  'too_many_attempts',
  'cross_site_request',
  'not_found',
  'em_forbidden',
  'em_auth_failed',
  'em_unavailable',
  'em_tls_error',
  'em_bad_response',
  'em_timeout',
  'internal',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export const ERROR_STATUS = {
  invalid_id: 400,
  invalid_request: 400,
  unauthenticated: 401,
  session_expired: 401,
  invalid_credentials: 401,
  too_many_attempts: 429,
  cross_site_request: 403,
  not_found: 404,
  em_forbidden: 403,
  em_auth_failed: 502,
  em_unavailable: 502,
  em_tls_error: 502,
  em_bad_response: 502,
  em_timeout: 504,
  internal: 500,
} as const satisfies Record<ErrorCode, number>

/** Codes where trying the same request again a little later can succeed without anyone changing anything. */
export const RETRYABLE_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'em_unavailable',
  'em_timeout',
  'em_bad_response',
  'em_auth_failed',
  'internal',
])

export const errorCodeSchema = z.enum(ERROR_CODES)

export const apiErrorBodySchema = z.object({
  error: z.object({ code: errorCodeSchema, message: z.string() }),
})

export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value)
}
