import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../lib/api-client.ts'
import { signInProblem } from './sign-in-problem.ts'

const NOW = Date.parse('2026-03-02T10:00:00Z')
const problem = (error: unknown) => signInProblem(error, NOW, 'UTC')

describe('signInProblem', () => {
  it('says the credentials are wrong, how EM user names look, and goes back to the password', () => {
    const p = problem(new ApiError('invalid_credentials', 'Unauthorized', 401))
    expect(p.title).toBe('Wrong user name or password')
    expect(p.advice).toContain('DOMAIN\\user')
    expect(p.advice).toContain('user@domain')
    expect(p.focus).toBe('password')
  })

  it('gives the wait from Retry-After as a duration and the time it ends', () => {
    const p = problem(new ApiError('too_many_attempts', 'slow down', 429, 300))
    expect(p.title).toBe('Too many sign-in attempts')
    expect(p.advice).toBe('Wait 5 min (until 10:05) before trying again.')
    expect(problem(new ApiError('too_many_attempts', 'x', 429, 45)).advice).toBe(
      'Wait 45 s (until 10:00:45) before trying again.',
    )
  })

  it('still asks to wait when Retry-After was missing', () => {
    expect(problem(new ApiError('too_many_attempts', 'x', 429)).advice).toBe(
      'Wait a few minutes before trying again.',
    )
  })

  it.each([
    ['em_unavailable', 'Enterprise Manager is unavailable'],
    ['em_timeout', 'Enterprise Manager did not answer in time'],
    ['em_tls_error', 'Secure connection to Enterprise Manager failed'],
    ['em_bad_response', 'Enterprise Manager sent an unexpected answer'],
  ] as const)('blames EM, not the password, for %s', (code, title) => {
    const p = problem(new ApiError(code, 'connect ECONNREFUSED', 502))
    expect(p.title).toBe(title)
    expect(p.advice).toMatch(/were not checked/)
    expect(p.focus).toBeNull()
  })

  it('says sign-in is not available for invalid_request, with the server reason', () => {
    const p = problem(
      new ApiError('invalid_request', 'Sign-in is off: the dashboard uses a service account.', 400),
    )
    expect(p.title).toBe('Sign-in is not available')
    expect(p.details).toBe('Sign-in is off: the dashboard uses a service account.')
  })

  it('explains a refused cross-site request', () => {
    expect(problem(new ApiError('cross_site_request', 'x', 403)).title).toBe('Request refused')
  })

  it('turns a bug into the generic message instead of crashing', () => {
    expect(problem(new TypeError('x is undefined')).title).toBe('Something went wrong')
  })
})
