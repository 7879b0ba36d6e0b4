import type { ReplicaTaskSession } from '@ese/shared'
import { durationMs, parseTime } from '../../../lib/format.ts'

export const TASK_SORT_KEYS = ['vm', 'state', 'result', 'start', 'duration', 'size', 'reason'] as const
export type TaskSortKey = (typeof TASK_SORT_KEYS)[number]
export type SortDirection = 'asc' | 'desc'
export type TaskSort = { key: TaskSortKey; dir: SortDirection }

/** Without `?sort=` the table shows the sessions in the order they started, like EM's own session log. */
export const DEFAULT_TASK_SORT: TaskSort = { key: 'start', dir: 'asc' }

/** The direction a first click on a column sorts by: the interesting end first (longest, largest, worst). */
export const FIRST_DIRECTION: Record<TaskSortKey, SortDirection> = {
  vm: 'asc',
  state: 'asc',
  result: 'desc',
  start: 'asc',
  duration: 'desc',
  size: 'desc',
  reason: 'asc',
}

export function isTaskSortKey(value: unknown): value is TaskSortKey {
  return typeof value === 'string' && (TASK_SORT_KEYS as readonly string[]).includes(value)
}

/** The job session page's search params, `?sort=<column>&dir=asc|desc`: the task table's order lives in the URL. */
export type JobSessionSearch = { sort?: TaskSortKey; dir?: SortDirection }

/** Keeps only what it understands from the URL; anything else falls back to the default order. */
export function validateJobSessionSearch(search: Record<string, unknown>): JobSessionSearch {
  const sort = isTaskSortKey(search.sort) ? search.sort : undefined
  const dir = search.dir === 'asc' || search.dir === 'desc' ? search.dir : undefined
  return { ...(sort ? { sort } : {}), ...(dir ? { dir } : {}) }
}

/** The sort the table shows for the URL's search params. */
export function sortFromSearch(search: JobSessionSearch): TaskSort {
  if (!search.sort) return { key: DEFAULT_TASK_SORT.key, dir: search.dir ?? DEFAULT_TASK_SORT.dir }
  return { key: search.sort, dir: search.dir ?? FIRST_DIRECTION[search.sort] }
}

/** The sort after clicking column `key`: toggles the current column, starts a new one at its first direction. */
export function nextSort(current: TaskSort, key: TaskSortKey): TaskSort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' }
  return { key, dir: FIRST_DIRECTION[key] }
}

// Ascending order: running before waiting before done; results by severity. Values EM did not document sort
// after the documented ones, alphabetically.
const STATE_RANK: Record<string, number> = { InProgress: 0, Pending: 1, Completed: 2 }
const RESULT_RANK: Record<string, number> = { None: 0, Success: 1, Warning: 2, Failed: 3 }

function rank(table: Record<string, number>, value: string): number {
  return Object.hasOwn(table, value) ? (table[value] ?? 99) : 99
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

export function vmLabel(session: ReplicaTaskSession): string {
  return session.vmDisplayName || session.name
}

/** A comparable value; null sorts last in either direction. */
type SortValue = number | string | null

function sortValue(session: ReplicaTaskSession, key: TaskSortKey, now: number): SortValue | [number, string] {
  switch (key) {
    case 'vm':
      return vmLabel(session)
    case 'state':
      return [rank(STATE_RANK, session.state), session.state]
    case 'result':
      return [rank(RESULT_RANK, session.result), session.result]
    case 'start':
      return parseTime(session.creationTime)
    case 'duration':
      return durationMs(session.creationTime, session.endTime, now)
    case 'size':
      return typeof session.totalSize === 'number' && Number.isFinite(session.totalSize)
        ? session.totalSize
        : null
    case 'reason':
      return session.reason.trim() === '' ? null : session.reason
  }
}

function compareValues(a: SortValue | [number, string], b: SortValue | [number, string]): number {
  if (Array.isArray(a) && Array.isArray(b)) return a[0] - b[0] || collator.compare(a[1], b[1])
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return collator.compare(String(a), String(b))
}

/**
 * The task sessions sorted by `sort`. Missing values (no start time, no size, no reason) always come last; ties
 * fall back to start time, then VM name, so the order is stable across refreshes.
 */
export function sortTaskSessions(
  sessions: readonly ReplicaTaskSession[],
  sort: TaskSort,
  now: number,
): ReplicaTaskSession[] {
  const sign = sort.dir === 'asc' ? 1 : -1
  const tieBreak = (a: ReplicaTaskSession, b: ReplicaTaskSession) => {
    const sa = parseTime(a.creationTime)
    const sb = parseTime(b.creationTime)
    if (sa !== sb) return sa === null ? 1 : sb === null ? -1 : sa - sb
    return collator.compare(vmLabel(a), vmLabel(b)) || a.id.localeCompare(b.id)
  }
  return sessions
    .map((session) => ({ session, value: sortValue(session, sort.key, now) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) {
        if (a.value === b.value) return tieBreak(a.session, b.session)
        return a.value === null ? 1 : -1
      }
      return sign * compareValues(a.value, b.value) || tieBreak(a.session, b.session)
    })
    .map(({ session }) => session)
}
