import { describe, expect, it } from 'vitest'
import { matchingLabel, taskOutcomeLabel, taskResultCounts, taskResultGroups } from './task-counts.ts'

const done = (result: string) => ({ state: 'Completed', result, endTime: '2026-12-01T11:00:00Z' })

describe('taskResultCounts', () => {
  it('counts finished task sessions by result and the others as running or pending, not as the result None', () => {
    const items = [
      done('Success'),
      { state: 'InProgress', result: 'None', endTime: null },
      done('Failed'),
      done('Success'),
      { state: 'Pending', result: 'None', endTime: null },
    ]
    // What went wrong first, what still runs, what is fine last.
    expect(taskResultCounts(items)).toBe('1 Failed · 1 running · 1 pending · 2 Success')
  })

  it('keeps a finished session’s None and names an empty result', () => {
    expect(taskResultCounts([done('None'), done('')])).toBe('1 None · 1 Unknown')
  })
})

describe('taskResultGroups and taskOutcomeLabel', () => {
  it('groups by what each machine counts as, the label the table filters by', () => {
    const items = [done('Failed'), { state: 'Pending', result: 'None', endTime: null }, done('Failed')]
    expect(taskResultGroups(items)).toEqual([
      { label: 'Failed', count: 2 },
      { label: 'pending', count: 1 },
    ])
    expect(items.map(taskOutcomeLabel)).toEqual(['Failed', 'pending', 'Failed'])
  })
})

describe('matchingLabel', () => {
  it('finds the outcome a link names in any case, and none for a label no machine has', () => {
    const groups = [{ label: 'Failed' }, { label: 'pending' }]
    expect(matchingLabel(groups, 'failed')).toBe('Failed')
    expect(matchingLabel(groups, 'PENDING')).toBe('pending')
    expect(matchingLabel(groups, 'Bogus')).toBe('')
    expect(matchingLabel(groups, '')).toBe('')
  })
})
