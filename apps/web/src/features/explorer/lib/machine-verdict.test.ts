import type { TaskSession } from '@ese/shared'
import { describe, expect, it } from 'vitest'
import { machineVerdict, newerRunsText } from './machine-verdict.ts'
import { at, task } from './test-fixtures.ts'

const NOW = Date.parse(at(1.5)) // half an hour after the newest run ended

/** One task session per result, newest first, a day apart, ending an hour after they start. */
function history(results: readonly string[]): TaskSession[] {
  return results.map((result, i) =>
    task({
      id: `run-${i}`,
      result,
      creationTime: at(-24 * i),
      endTime: at(-24 * i + 1),
      reason: result === 'Failed' ? 'Disk full' : '',
    }),
  )
}

describe('machineVerdict', () => {
  it('says a lone run is the first in EM’s history', () => {
    const runs = history(['Failed'])
    expect(machineVerdict(runs, 'run-0', NOW)).toEqual({
      text: 'First run of this machine in EM’s history',
      tone: 'neutral',
      newerRuns: null,
    })
  })

  it('counts a failure streak and says when the machine last succeeded, by the end of that run', () => {
    const runs = history(['Failed', 'Failed', 'Failed', 'Success', 'Success'])
    // The last success started 73.5 h before NOW and ended 71.5 h before: "2 days ago", not 3.
    runs[3] = { ...(runs[3] as TaskSession), creationTime: at(-72), endTime: at(-70) }
    expect(machineVerdict(runs, 'run-0', NOW)).toEqual({
      text: 'Failed the last 3 runs; last success 2 days ago',
      tone: 'danger',
      newerRuns: null,
    })
  })

  it('reads the runs by time, not by their order in the list', () => {
    const runs = history(['Failed', 'Failed', 'Success']).reverse()
    expect(machineVerdict(runs, 'run-0', NOW).text).toBe('Failed the last 2 runs; last success 2 days ago')
  })

  it('says there was no success in EM’s history when every run failed and the list is not full', () => {
    expect(machineVerdict(history(['Failed', 'Failed']), 'run-0', NOW).text).toBe(
      'Failed the last 2 runs; no success in EM’s history',
    )
  })

  it('does not claim "no success in EM’s history" when the list is full (older runs exist)', () => {
    const runs = history(['Failed', 'Failed', 'Warning'])
    expect(machineVerdict(runs, 'run-0', NOW, 3).text).toBe(
      'Failed the last 2 runs; no success in the last 3 runs',
    )
    expect(machineVerdict(history(['Failed', 'Failed', 'Failed']), 'run-0', NOW, 3).text).toBe(
      'Failed the last 3 runs',
    )
  })

  it('names a single failed run in the singular', () => {
    expect(machineVerdict(history(['Failed', 'Success']), 'run-0', NOW).text).toBe(
      'Failed in the last run; last success 1 day ago',
    )
  })

  it('counts a success streak', () => {
    const runs = history(Array.from({ length: 12 }, () => 'Success'))
    expect(machineVerdict(runs, 'run-0', NOW)).toMatchObject({
      text: 'Succeeded the last 12 runs',
      tone: 'success',
    })
  })

  it('says what came before a success streak', () => {
    expect(machineVerdict(history(['Success', 'Success', 'Failed']), 'run-0', NOW).text).toBe(
      'Succeeded the last 2 runs; the one before failed',
    )
    expect(machineVerdict(history(['Success', 'Warning', 'Warning']), 'run-0', NOW).text).toBe(
      'Succeeded in the last run; the 2 before had warnings',
    )
  })

  it('says a warning and the successes before it', () => {
    const runs = history(['Warning', 'Success', 'Success', 'Success', 'Success', 'Failed'])
    expect(machineVerdict(runs, 'run-0', NOW)).toMatchObject({
      text: 'Warning in the last run; the 4 before succeeded',
      tone: 'warning',
    })
    expect(machineVerdict(history(['Warning', 'Warning', 'Failed']), 'run-0', NOW).text).toBe(
      'Warnings in the last 2 runs; the one before failed',
    )
  })

  it('shows a result EM did not document as it is, and does not merge different ones into a streak', () => {
    const runs = history(['Skipped', 'Skipped', 'Cancelled', 'Success'])
    expect(machineVerdict(runs, 'run-0', NOW)).toMatchObject({
      text: 'Ended with “Skipped” in the last 2 runs; the one before ended with “Cancelled”',
      tone: 'neutral',
    })
  })

  it('says a run in progress first and judges the finished runs before it', () => {
    const runs = history(['None', 'Failed', 'Success'])
    const running = runs[0] as TaskSession
    runs[0] = { ...running, state: 'InProgress', endTime: null }
    expect(machineVerdict(runs, 'run-0', NOW)).toMatchObject({
      text: 'Running now; before that, failed in the last run; last success 2 days ago',
      tone: 'danger',
    })
  })

  it('does not count a run still in progress as a success, whatever result EM reports meanwhile', () => {
    const runs = history(['Success', 'Failed'])
    runs[0] = { ...(runs[0] as TaskSession), state: 'InProgress', endTime: null }
    expect(machineVerdict(runs, 'run-1', NOW).text).toBe(
      'Running now; before that, failed in the last run; no success in EM’s history',
    )
  })

  it('says a run that waits its turn (Pending) is waiting, not running', () => {
    const runs = history(['None', 'Failed'])
    runs[0] = { ...(runs[0] as TaskSession), state: 'Pending', endTime: null }
    expect(machineVerdict(runs, 'run-1', NOW).text).toBe(
      'Waiting to start now; before that, failed in the last run; no success in EM’s history',
    )
    expect(machineVerdict(runs.slice(0, 1), 'run-9', NOW).text).toBe(
      'Waiting to start now; no run of this machine has finished yet',
    )
  })

  it('says when no run has finished yet', () => {
    const runs = history(['None', 'None']).map((run) => ({ ...run, state: 'InProgress', endTime: null }))
    expect(machineVerdict(runs, 'run-0', NOW).text).toBe(
      'Running now; no run of this machine has finished yet',
    )
  })

  it('tells how many runs are newer than the one on the page', () => {
    const runs = history(['Success', 'Success', 'Failed', 'Success'])
    expect(machineVerdict(runs, 'run-2', NOW)).toMatchObject({
      text: 'Succeeded the last 2 runs; the one before failed',
      newerRuns: 2,
    })
    expect(machineVerdict(runs, 'not-in-the-list', NOW).newerRuns).toBeNull()
    expect(newerRunsText(1)).toBe('1 newer run since this one')
    expect(newerRunsText(2)).toBe('2 newer runs since this one')
  })

  it('judges the page’s job when other jobs ran the machine too: their successes are not this job’s', () => {
    const run = (id: string, jobName: string, result: string, hours: number) =>
      task({ id, jobName, result, creationTime: at(hours), endTime: at(hours + 1) })
    // The copy job succeeded last; the backup job failed its last 2 runs and succeeded 2 days before.
    const runs = [
      run('copy-0', 'Offsite Copy@x', 'Success', 2),
      run('sql-0', 'SQL Backup@x', 'Failed', 0),
      run('copy-1', 'Offsite Copy@y', 'Success', -22),
      run('sql-1', 'SQL Backup@y', 'Failed', -24),
      run('sql-2', 'SQL Backup@z', 'Success', -60),
    ]
    expect(machineVerdict(runs, 'sql-1', NOW)).toMatchObject({
      text: 'In SQL Backup: failed the last 2 runs; last success 2 days ago',
      tone: 'danger',
      // Among every run listed, 3 are newer than the page's, of either job.
      newerRuns: 3,
    })
    // The copy job's page is judged by the copy job's runs.
    expect(machineVerdict(runs, 'copy-0', NOW).text).toBe('In Offsite Copy: succeeded the last 2 runs')
    // The job's only run among those listed: how it ended, not "first run" (other jobs ran the machine before).
    const lone = [...runs, run('daily-0', 'Daily Backup@x', 'Failed', -30)]
    expect(machineVerdict(lone, 'daily-0', NOW)).toMatchObject({
      text: 'In Daily Backup: failed in the last run; no earlier run of this job in EM’s history',
      tone: 'danger',
    })
    expect(machineVerdict(lone, 'daily-0', NOW, lone.length).text).toBe(
      'In Daily Backup: failed in the last run; no earlier run of this job among the machine’s last 6 runs',
    )
    // The page's run given apart (older than the runs listed) still names the job to judge.
    const page = run('sql-9', 'SQL Backup@old', 'Failed', -200)
    expect(machineVerdict(runs, 'sql-9', NOW, 20, page).text).toBe(
      'In SQL Backup: failed the last 2 runs; last success 2 days ago',
    )
  })

  it('says "at least" of a streak that reaches the oldest run listed when older runs exist', () => {
    const runs = history(['Success', 'Failed', 'Failed'])
    expect(machineVerdict(runs, 'run-0', NOW, 3).text).toBe(
      'Succeeded in the last run; at least the 2 before failed',
    )
    expect(machineVerdict(runs, 'run-0', NOW, 20).text).toBe('Succeeded in the last run; the 2 before failed')
    expect(newerRunsText(20, true)).toBe('20+ newer runs since this one')
  })

  it('says when EM returned nothing at all', () => {
    expect(machineVerdict([], 'run-0', NOW).text).toBe('No runs of this machine found in EM’s history')
  })
})
