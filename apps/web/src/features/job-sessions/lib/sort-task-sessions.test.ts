import type { TaskSession } from '@ese/shared'
import { describe, expect, it } from 'vitest'
import { taskSession } from '../../../test/fixtures.ts'
import { sortTaskSessions } from './sort-task-sessions.ts'
import {
  DEFAULT_TASK_SORT,
  nextSort,
  sortFromSearch,
  type TaskSort,
  validateJobSessionSearch,
} from './task-sort.ts'

const NOW = Date.parse('2014-10-19T08:00:00Z')
let n = 0
function task(vm: string, overrides: Partial<TaskSession> = {}): TaskSession {
  n++
  return taskSession({
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    vmDisplayName: vm,
    ...overrides,
  })
}

const a = task('vm10', {
  creationTime: '2014-10-19T06:00:00Z',
  endTime: '2014-10-19T06:30:00Z',
  totalSize: 300,
  result: 'Success',
  state: 'Completed',
})
const b = task('vm2', {
  creationTime: '2014-10-19T06:10:00Z',
  endTime: '2014-10-19T06:15:00Z',
  totalSize: null,
  result: 'Failed',
  reason: 'Snapshot failed',
  state: 'Completed',
})
const c = task('VM3', {
  creationTime: '2014-10-19T06:05:00Z',
  endTime: null,
  totalSize: 100,
  result: 'None',
  state: 'InProgress',
})
const d = task('vm4', {
  creationTime: null,
  endTime: null,
  totalSize: 200,
  result: 'Warning',
  reason: 'CBT off',
  state: 'Pending',
})
const e = task('vm5', {
  creationTime: '2014-10-19T06:20:00Z',
  endTime: '2014-10-19T06:21:00Z',
  result: 'Canceled',
  state: 'Aborted',
})
const all = [a, b, c, d, e]

const order = (sort: TaskSort) => sortTaskSessions(all, sort, NOW).map((s) => s.vmDisplayName)

describe('sortTaskSessions', () => {
  it('sorts by start time by default, sessions without one last', () => {
    expect(order(DEFAULT_TASK_SORT)).toEqual(['vm10', 'VM3', 'vm2', 'vm5', 'vm4'])
    expect(order({ key: 'start', dir: 'desc' })).toEqual(['vm5', 'vm2', 'VM3', 'vm10', 'vm4'])
  })

  it('sorts VM names naturally and case-insensitively', () => {
    expect(order({ key: 'vm', dir: 'asc' })).toEqual(['vm2', 'VM3', 'vm4', 'vm5', 'vm10'])
    expect(order({ key: 'vm', dir: 'desc' })).toEqual(['vm10', 'vm5', 'vm4', 'VM3', 'vm2'])
  })

  it('sorts results by severity, undocumented values after the documented ones', () => {
    expect(order({ key: 'result', dir: 'desc' })).toEqual(['vm5', 'vm2', 'vm4', 'vm10', 'VM3'])
    expect(order({ key: 'result', dir: 'asc' })).toEqual(['VM3', 'vm10', 'vm4', 'vm2', 'vm5'])
  })

  it('sorts states running first', () => {
    expect(order({ key: 'state', dir: 'asc' })).toEqual(['VM3', 'vm4', 'vm10', 'vm2', 'vm5'])
  })

  it('sorts durations with running sessions measured to now, missing last in both directions', () => {
    // vm10 30 min, vm2 5 min, VM3 running 1 h 55 min, vm5 1 min, vm4 no start.
    expect(order({ key: 'duration', dir: 'desc' })).toEqual(['VM3', 'vm10', 'vm2', 'vm5', 'vm4'])
    expect(order({ key: 'duration', dir: 'asc' })).toEqual(['vm5', 'vm2', 'vm10', 'VM3', 'vm4'])
  })

  it('sorts sizes with missing sizes last in both directions', () => {
    const desc = sortTaskSessions(all, { key: 'size', dir: 'desc' }, NOW)
    const asc = sortTaskSessions(all, { key: 'size', dir: 'asc' }, NOW)
    expect(desc.map((s) => s.totalSize)).toEqual([64424509440, 300, 200, 100, null])
    expect(asc.map((s) => s.totalSize)).toEqual([100, 200, 300, 64424509440, null])
  })

  it('sorts reasons alphabetically with empty reasons last', () => {
    expect(order({ key: 'reason', dir: 'asc' }).slice(0, 2)).toEqual(['vm4', 'vm2'])
    expect(order({ key: 'reason', dir: 'desc' }).slice(0, 2)).toEqual(['vm2', 'vm4'])
  })

  it('does not change the input array', () => {
    const copy = [...all]
    sortTaskSessions(all, { key: 'vm', dir: 'asc' }, NOW)
    expect(all).toEqual(copy)
  })
})

describe('nextSort', () => {
  it('toggles the current column and starts another one at its interesting end', () => {
    expect(nextSort({ key: 'vm', dir: 'asc' }, 'vm')).toEqual({ key: 'vm', dir: 'desc' })
    expect(nextSort({ key: 'vm', dir: 'desc' }, 'vm')).toEqual({ key: 'vm', dir: 'asc' })
    expect(nextSort({ key: 'vm', dir: 'asc' }, 'size')).toEqual({ key: 'size', dir: 'desc' })
    expect(nextSort({ key: 'vm', dir: 'asc' }, 'result')).toEqual({ key: 'result', dir: 'desc' })
  })
})

describe('job session search params', () => {
  it('keeps valid sort params and drops anything else', () => {
    expect(validateJobSessionSearch({ sort: 'size', dir: 'desc' })).toEqual({ sort: 'size', dir: 'desc' })
    expect(validateJobSessionSearch({ sort: 'evil', dir: 'sideways', x: 1 })).toEqual({})
    // One outcome to narrow the table to: any short label (EM may send results it does not document).
    expect(validateJobSessionSearch({ result: 'Failed' })).toEqual({ result: 'Failed' })
    expect(validateJobSessionSearch({ result: 'x'.repeat(41) })).toEqual({})
    expect(validateJobSessionSearch({ result: ['Failed'] })).toEqual({})
    expect(validateJobSessionSearch({ sort: ['vm'] })).toEqual({})
    expect(validateJobSessionSearch({})).toEqual({})
  })

  it('turns search params into the table sort', () => {
    expect(sortFromSearch({})).toEqual(DEFAULT_TASK_SORT)
    expect(sortFromSearch({ sort: 'size' })).toEqual({ key: 'size', dir: 'desc' })
    expect(sortFromSearch({ sort: 'vm', dir: 'desc' })).toEqual({ key: 'vm', dir: 'desc' })
    expect(sortFromSearch({ dir: 'desc' })).toEqual({ key: 'start', dir: 'desc' })
  })
})
