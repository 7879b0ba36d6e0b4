import { ERROR_STATUS, type ErrorCode } from '@ese/shared'

/** A shared error code and a message shown as is (never a token, credential or stack); `cause` is only logged. */
export class BffError extends Error {
  override readonly name = 'BffError'
  readonly code: ErrorCode
  readonly status: number

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.status = ERROR_STATUS[code]
  }
}

export function isBffError(value: unknown): value is BffError {
  return value instanceof BffError
}

/** EM's own error text, shortened and stripped of control characters, for quoting in a message. */
export function quoteEmMessage(text: string | null | undefined): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  const clean = (text ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean
}
