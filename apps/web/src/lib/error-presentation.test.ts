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

  it('never offers Retry for client errors, sign-in problems or configuration problems', () => {
    for (const code of [
      'invalid_id',
      'not_found',
      'em_forbidden',
      'em_tls_error',
      'unauthenticated',
      'session_expired',
      'invalid_credentials',
      'too_many_attempts',
      'cross_site_request',
      'invalid_request',
    ] as const) {
      expect(presentError(code).retry, code).toBe(false)
    }
    for (const code of ['em_unavailable', 'em_timeout', 'internal'] as const) {
      expect(presentError(code).retry, code).toBe(true)
    }
  })

  it('names the resource when the session is not found, and explains that EM forgets old sessions', () => {
    expect(presentError('not_found', 'replicaJobSession').title).toBe('Replication job session not found')
    expect(presentError('not_found', 'backupTaskSession').title).toBe('Backup task session not found')
    expect(presentError('not_found', 'replicaJobSession').advice).toMatch(/limited time/)
    expect(presentError('not_found').title).toBe('Resource not found')
  })

  it('says a session not found may be another kind of session, and a backup server not found is not a session', () => {
    expect(presentError('not_found', 'replicaJobSession').advice).toMatch(
      /no replication job session with this ID\. It may be the ID of another kind of session/,
    )
    expect(presentError('not_found', 'backupTaskSession').advice).toMatch(/another kind of session/)
    expect(presentError('not_found', 'backupServer').advice).toBe(
      'Enterprise Manager has no backup server with this ID. Check the link, or open it by its ID or URN.',
    )
  })

  it('says which kinds were searched when a bare GUID is no session at all', () => {
    const view = presentError('not_found', 'session')
    expect(view.title).toBe('No session with this ID')
    for (const label of [
      'replication task sessions',
      'backup task sessions',
      'replication job sessions',
      'backup job sessions',
    ]) {
      expect(view.advice).toContain(label)
    }
    expect(view.advice).toMatch(/limited time/)
    expect(view.offerHome).toBe(true)
  })

  it('says whose EM account has no access, by how the dashboard reads EM', () => {
    const own = presentError('em_forbidden', 'backupJobSession', {
      signedIn: true,
      auth: 'em',
      user: { name: 'TECH\\ann' },
      refreshMs: 2000,
    })
    expect(own.title).toBe('Your EM account has no access to this backup job session')
    expect(own.advice).toContain('TECH\\ann')
    // What each role may read, since a Portal User refused a job outside theirs has the "right" role.
    expect(own.advice).toContain('a Portal User reads only the jobs an EM administrator gave them')
    expect(own.advice).toContain('a Restore Operator reads no backup or replication session')
    const service = presentError('em_forbidden', 'backupJobSession', {
      signedIn: true,
      auth: 'service',
      user: { name: 'svc-dash' },
      refreshMs: 2000,
    })
    expect(service.title).not.toMatch(/^Your/)
    expect(service.advice).toContain('svc-dash')
    expect(presentError('em_forbidden').title).toBe('Access denied by Enterprise Manager')
  })

  it('offers the way home when the ID is the problem', () => {
    expect(presentError('invalid_id').offerHome).toBe(true)
    expect(presentError('not_found').offerHome).toBe(true)
    expect(presentError('em_timeout').offerHome).toBe(false)
  })
})
