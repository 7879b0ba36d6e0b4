import { describe, expect, it } from 'vitest'
import { panelErrorView, unavailableText } from './messages.ts'

describe('unavailableText', () => {
  it('names the kind that is missing and why, from the code alone', () => {
    expect(
      unavailableText({ kind: 'backupTaskSession', code: 'em_forbidden', message: 'Access denied' }),
    ).toBe('Backup task sessions are missing: your Enterprise Manager role may not read them.')
    expect(unavailableText({ kind: 'replicaJobSession', code: 'em_timeout', message: 'x' })).toBe(
      'Replication job sessions are missing: Enterprise Manager did not answer in time.',
    )
  })
})

describe('panelErrorView', () => {
  it('offers Retry only where trying again can help', () => {
    expect(panelErrorView('em_timeout').retry).toBe(true)
    expect(panelErrorView('em_unavailable').retry).toBe(true)
    expect(panelErrorView('too_many_attempts').retry).toBe(true)
    expect(panelErrorView('em_forbidden').retry).toBe(false)
    expect(panelErrorView('session_expired')).toEqual({
      title: 'Your sign-in has ended. Sign in again to see this.',
      retry: false,
    })
  })
})
