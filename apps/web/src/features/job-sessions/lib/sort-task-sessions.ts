import type { TaskSession } from '@ese/shared'
import { durationMs, parseTime } from '../../../lib/format.ts'
import type { TaskSort, TaskSortKey } from './task-sort.ts'

// Ascending order: running before waiting before done; results by severity. Values EM did not document sort
// after the documented ones, alphabetically.
const STATE_RANK: Record<string, number> = { InProgress: 0, Pending: 1, Completed: 2 }
const RESULT_RANK: Record<string, number> = { None: 0, Success: 1, Warning: 2, Failed: 3 }

function rank(table: Record<string, number>, value: string): number {
  return Object.hasOwn(table, value) ? (table[value] ?? 99) : 99
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

export function vmLabel(session: TaskSession): string {
  return session.vmDisplayName || session.name
}

/** A comparable value; null sorts last in either direction. */
type SortValue = number | string | null

function sortValue(session: TaskSession, key: TaskSortKey, now: number): SortValue | [number, string] {
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
  sessions: readonly TaskSession[],
  sort: TaskSort,
  now: number,
): TaskSession[] {
  const sign = sort.dir === 'asc' ? 1 : -1
  const tieBreak = (a: TaskSession, b: TaskSession) => {
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
