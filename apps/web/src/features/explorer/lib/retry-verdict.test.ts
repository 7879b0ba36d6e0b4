import type { TaskSession } from '@ese/shared'
import { describe, expect, it } from 'vitest'
import { retryVerdict } from './retry-verdict.ts'
import { at, task } from './test-fixtures.ts'

// The run on the page started 2025-11-30 21:00 UTC and failed.
const failed = { result: 'Failed', creationTime: at(21) }

function retry(id: string, result: string, hours: number, overrides: Partial<TaskSession> = {}): TaskSession {
  return task({
    id,
    kind: 'backupTaskSession',
    result,
    creationTime: at(hours),
    endTime: at(hours + 0.25),
    ...overrides,
  })
}

describe('retryVerdict', () => {
  it('says nothing when the job did not retry the machine', () => {
    expect(retryVerdict(failed, [], 'UTC')).toBeNull()
  })

  it('says nothing for a run that neither failed nor warned, whatever the retries', () => {
    expect(retryVerdict({ result: 'Success', creationTime: at(21) }, [retry('r1', 'Success', 22)])).toBeNull()
    expect(retryVerdict({ result: 'None', creationTime: at(21) }, [retry('r1', 'Failed', 22)])).toBeNull()
  })

  it('links to the retry that succeeded, with its local time and zone on the same day', () => {
    const view = retryVerdict(failed, [retry('r1', 'Success', 21 + 40 / 60)], 'UTC')
    expect(view).toEqual({
      lead: 'Failed, then succeeded in ',
      linkText: 'the retry at 21:40 UTC',
      path: '/backupTaskSessions/r1',
      tone: 'success',
    })
  })

  it('adds the date when the retry ran on another local day', () => {
    const view = retryVerdict(failed, [retry('r1', 'Success', 25 + 10 / 60)], 'UTC')
    expect(view?.linkText).toBe('the retry at 2025-12-01 01:10 UTC')
  })

  it('decides "same day" in the given time zone, not in UTC', () => {
    // 21:00 and 23:30 UTC are the same day in UTC, but 22:00 on the 30th and 00:30 on the 1st in Berlin.
    const retries = [retry('r1', 'Success', 23.5)]
    expect(retryVerdict(failed, retries, 'UTC')?.linkText).toBe('the retry at 23:30 UTC')
    expect(retryVerdict(failed, retries, 'Europe/Berlin')?.linkText).toBe(
      'the retry at 2025-12-01 00:30 UTC+1',
    )
  })

  it('names which retry succeeded when it took more than one', () => {
    const view = retryVerdict(failed, [retry('r1', 'Failed', 21.5), retry('r2', 'Success', 22)], 'UTC')
    expect(view).toMatchObject({
      lead: 'Failed, then succeeded in ',
      linkText: 'the second retry at 22:00 UTC',
      path: '/backupTaskSessions/r2',
    })
  })

  it('counts the retries that failed again, linking to the last one', () => {
    const view = retryVerdict(failed, [retry('r1', 'Failed', 21.5), retry('r2', 'Failed', 22)], 'UTC')
    expect(view).toEqual({
      lead: 'Failed, and failed again in ',
      linkText: '2 retries',
      path: '/backupTaskSessions/r2',
      tone: 'danger',
    })
    expect(retryVerdict(failed, [retry('r1', 'Failed', 21.5)], 'UTC')?.linkText).toBe('the retry')
  })

  it('says a warning in the last retry, and a failure after a warning', () => {
    expect(retryVerdict(failed, [retry('r1', 'Failed', 21.5), retry('r2', 'Warning', 22)], 'UTC')).toEqual({
      lead: 'Failed, then ended with a warning in ',
      linkText: 'the second retry at 22:00 UTC',
      path: '/backupTaskSessions/r2',
      tone: 'warning',
    })
    expect(
      retryVerdict(failed, [retry('r1', 'Warning', 21.5), retry('r2', 'Failed', 22)], 'UTC'),
    ).toMatchObject({ lead: 'Failed, and failed again in ', linkText: 'the second retry at 22:00 UTC' })
  })

  it('says a retry is running', () => {
    const running = retry('r1', 'None', 21.5, { state: 'InProgress', endTime: null })
    expect(retryVerdict(failed, [running], 'UTC')).toEqual({
      lead: 'Failed; ',
      linkText: 'a retry is running (started 21:30 UTC)',
      path: '/backupTaskSessions/r1',
      tone: 'neutral',
    })
  })

  it('starts with "Warning" for a run that warned', () => {
    const view = retryVerdict(
      { result: 'Warning', creationTime: at(21) },
      [retry('r1', 'Success', 22)],
      'UTC',
    )
    expect(view?.lead).toBe('Warning, then succeeded in ')
  })

  it('shows a result EM did not document as it is', () => {
    expect(retryVerdict(failed, [retry('r1', 'Skipped', 22)], 'UTC')).toMatchObject({
      lead: 'Failed, then ended with “Skipped” in ',
      linkText: 'the retry at 22:00 UTC',
    })
  })
})
