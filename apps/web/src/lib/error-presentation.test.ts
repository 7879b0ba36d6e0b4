import { ERROR_CODES, RETRYABLE_ERROR_CODES } from '@ese/shared'
import { describe, expect, it } from 'vitest'
import { presentError } from './error-presentation.ts'

describe('presentError', () => {
  it.each(ERROR_CODES)('has a title and advice for %s', (code) => {
    const view = presentError(code, 'replicaTaskSession')
    expect(view.title).not.toBe('')
    expect(view.advice).not.toBe('')
  })

  it('offers Retry exactly for the retryable codes', () => {
    for (const code of ERROR_CODES) {
      expect(presentError(code).retry, code).toBe(RETRYABLE_ERROR_CODES.has(code))
    }
  })

  it('never offers Retry for client errors or configuration problems', () => {
    for (const code of ['invalid_id', 'not_found', 'em_forbidden', 'em_tls_error'] as const) {
      expect(presentError(code).retry, code).toBe(false)
    }
    for (const code of ['em_unavailable', 'em_timeout', 'internal'] as const) {
      expect(presentError(code).retry, code).toBe(true)
    }
  })

  it('names the resource when the session is not found, and explains that EM forgets old sessions', () => {
    expect(presentError('not_found', 'replicaJobSession').title).toBe('Replication job session not found')
    expect(presentError('not_found', 'replicaJobSession').advice).toMatch(/limited time/)
    expect(presentError('not_found').title).toBe('Resource not found')
  })

  it('offers the way home when the ID is the problem', () => {
    expect(presentError('invalid_id').offerHome).toBe(true)
    expect(presentError('not_found').offerHome).toBe(true)
    expect(presentError('em_timeout').offerHome).toBe(false)
  })
})
