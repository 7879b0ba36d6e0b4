import { describe, expect, it } from 'vitest'
import {
  ApiError,
  errorFromResponse,
  getJson,
  isSignedOutError,
  parseRetryAfter,
  requestJson,
  shouldRetry,
  toApiError,
} from './api-client.ts'

function respond(status: number, body: string) {
  return async () => new Response(body, { status, headers: { 'content-type': 'application/json' } })
}

describe('errorFromResponse', () => {
  it('reads the BFF error body', () => {
    const error = errorFromResponse(404, JSON.stringify({ error: { code: 'not_found', message: 'Gone' } }))
    expect(error).toMatchObject({ code: 'not_found', message: 'Gone', status: 404 })
  })

  it.each([
    ['an HTML gateway page', '<html>502 Bad Gateway</html>'],
    ['an empty body', ''],
    ['JSON without error', '{"message":"x"}'],
    ['an unknown code', '{"error":{"code":"teapot","message":"short and stout"}}'],
    ['error as a string', '{"error":"boom"}'],
    ['a JSON array', '[1,2]'],
  ])('maps %s to internal', (_, body) => {
    const error = errorFromResponse(502, body)
    expect(error.code).toBe('internal')
    expect(error.status).toBe(502)
    expect(error.message).toMatch(/HTTP 502/)
  })

  it('keeps the code when the message is missing', () => {
    expect(errorFromResponse(504, '{"error":{"code":"em_timeout"}}')).toMatchObject({
      code: 'em_timeout',
      message: 'HTTP 504',
    })
  })
})

describe('getJson', () => {
  it('returns the parsed body and asks for JSON', async () => {
    let accept: string | null = null
    const data = await getJson<{ id: string }>('/api/x', {
      fetch: async (_, init) => {
        accept = new Headers(init?.headers).get('accept')
        return new Response('{"id":"a"}', { status: 200 })
      },
    })
    expect(data).toEqual({ id: 'a' })
    expect(accept).toBe('application/json')
  })

  it('throws the ApiError of an error answer', async () => {
    await expect(
      getJson('/api/x', { fetch: respond(403, '{"error":{"code":"em_forbidden","message":"no"}}') }),
    ).rejects.toMatchObject({ code: 'em_forbidden', status: 403 })
  })

  it('maps a network failure of fetch itself to em_unavailable', async () => {
    const failing = async () => {
      throw new TypeError('Failed to fetch')
    }
    await expect(getJson('/api/x', { fetch: failing })).rejects.toMatchObject({
      code: 'em_unavailable',
      status: 0,
    })
  })

  it('lets cancellation through untouched', async () => {
    const controller = new AbortController()
    controller.abort()
    const abortError = new DOMException('aborted', 'AbortError')
    const aborted = async () => {
      throw abortError
    }
    await expect(getJson('/api/x', { fetch: aborted, signal: controller.signal })).rejects.toBe(abortError)
  })

  it('maps a 200 with a body that is not JSON to internal', async () => {
    await expect(getJson('/api/x', { fetch: respond(200, '<html>') })).rejects.toMatchObject({
      code: 'internal',
    })
  })
})

describe('shouldRetry', () => {
  it('retries a retryable error once', () => {
    expect(shouldRetry(0, new ApiError('em_unavailable', 'down', 502))).toBe(true)
    expect(shouldRetry(1, new ApiError('em_unavailable', 'down', 502))).toBe(false)
  })

  it('does not retry a timeout: the error shows at the deadline, not after a second wait', () => {
    expect(new ApiError('em_timeout', 'slow', 504).retryable).toBe(true)
    expect(shouldRetry(0, new ApiError('em_timeout', 'slow', 504))).toBe(false)
  })

  it('never retries 4xx codes or non-API errors', () => {
    expect(shouldRetry(0, new ApiError('not_found', 'gone', 404))).toBe(false)
    expect(shouldRetry(0, new ApiError('invalid_id', 'bad', 400))).toBe(false)
    expect(shouldRetry(0, new ApiError('em_forbidden', 'no', 403))).toBe(false)
    expect(shouldRetry(0, new Error('bug'))).toBe(false)
  })
})

describe('toApiError', () => {
  it('keeps ApiErrors and turns anything else into internal', () => {
    const api = new ApiError('not_found', 'x', 404)
    expect(toApiError(api)).toBe(api)
    expect(toApiError(new TypeError('x is undefined'))).toMatchObject({
      code: 'internal',
      message: 'x is undefined',
    })
    expect(toApiError('weird')).toMatchObject({ code: 'internal' })
  })
})

describe('requestJson', () => {
  it('sends a JSON body with its content type and reads the answer', async () => {
    let seen: { method?: string; type?: string | null; body?: unknown } = {}
    const data = await requestJson<{ ok: boolean }>('POST', '/api/session', {
      body: { username: 'TECH\\ann', password: 'pw' },
      fetch: async (_, init) => {
        seen = {
          method: init?.method,
          type: new Headers(init?.headers).get('content-type'),
          body: JSON.parse(String(init?.body)),
        }
        return new Response('{"ok":true}', { status: 200 })
      },
    })
    expect(data).toEqual({ ok: true })
    expect(seen).toEqual({
      method: 'POST',
      type: 'application/json',
      body: { username: 'TECH\\ann', password: 'pw' },
    })
  })

  it('resolves a 204 to undefined', async () => {
    const data = await requestJson('DELETE', '/api/session', {
      fetch: async () => new Response(null, { status: 204 }),
    })
    expect(data).toBeUndefined()
  })

  it('does not take an empty 200 to a GET for data', async () => {
    await expect(getJson('/api/x', { fetch: respond(200, '') })).rejects.toMatchObject({ code: 'internal' })
  })

  it('carries Retry-After on a throttled sign-in', async () => {
    const error = await requestJson('POST', '/api/session', {
      body: {},
      fetch: async () =>
        new Response('{"error":{"code":"too_many_attempts","message":"slow down"}}', {
          status: 429,
          headers: { 'retry-after': '120' },
        }),
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'too_many_attempts', status: 429, retryAfterSeconds: 120 })
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T10:00:00Z')
  it.each([
    ['120', 120],
    [' 5 ', 5],
    ['0', 0],
    ['Thu, 01 Jan 2026 10:01:30 GMT', 90],
    ['Thu, 01 Jan 2026 09:00:00 GMT', 0],
  ])('reads %j as %d seconds', (value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds)
  })
  it.each([null, '', 'soon', '-5', '1.5'])('gives null for %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeNull()
  })
})

describe('isSignedOutError', () => {
  it('is true for the two codes that send the user to sign-in, and nothing else', () => {
    expect(isSignedOutError(new ApiError('unauthenticated', 'x', 401))).toBe(true)
    expect(isSignedOutError(new ApiError('session_expired', 'x', 401))).toBe(true)
    expect(isSignedOutError(new ApiError('invalid_credentials', 'x', 401))).toBe(false)
    expect(isSignedOutError(new ApiError('em_forbidden', 'x', 403))).toBe(false)
    expect(isSignedOutError({ code: 'unauthenticated' })).toBe(false)
  })
})
