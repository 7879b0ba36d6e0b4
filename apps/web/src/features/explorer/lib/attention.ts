import type { TaskSession, WindowDays } from '@ese/shared'
import { type JobSessionRef, jobSessionOf, newestFirst } from './sessions.ts'

/**
 * A job session lists at most this many machines in the panel: one run that failed on hundreds of machines
 * would otherwise bury every other job's failures. Its page has the rest, in a table sorted by result.
 */
export const GROUP_ITEMS_SHOWN = 5

/** The failed and warning task sessions of one job session (one run of one job). */
export type AttentionGroup = {
  /** Stable React key: the job session's kind and ID, or the task session's when it names no job session. */
  key: string
  jobSession: JobSessionRef | null
  /** Failed first, then warnings, then any other result; newest first within each. */
  items: TaskSession[]
  failed: number
  warnings: number
}

export type AttentionSummary = {
  /** Ordered by their newest item, newest first. */
  groups: AttentionGroup[]
  failed: number
  warnings: number
  /** Items with any other result (the BFF asks for Failed and Warning, but EM's values are shown as they are). */
  other: number
  /** Distinct job sessions among the items. */
  jobSessions: number
}

/** Groups the attention list by job session, newest first, with the counts for the top of the panel. */
export function groupAttention(items: readonly TaskSession[]): AttentionSummary {
  const groups = new Map<string, AttentionGroup>()
  let failed = 0
  let warnings = 0
  let other = 0
  for (const item of newestFirst(items)) {
    const jobSession = jobSessionOf(item)
    const key = jobSession ? `${jobSession.kind}:${jobSession.id}` : `${item.kind}:${item.id}`
    let group = groups.get(key)
    if (!group) {
      group = { key, jobSession, items: [], failed: 0, warnings: 0 }
      groups.set(key, group)
    } else if (group.jobSession && !group.jobSession.name && jobSession?.name) {
      group.jobSession = { ...group.jobSession, name: jobSession.name }
    }
    group.items.push(item)
    if (item.result === 'Failed') {
      group.failed++
      failed++
    } else if (item.result === 'Warning') {
      group.warnings++
      warnings++
    } else {
      other++
    }
  }
  const list = [...groups.values()]
  // A stable sort: each result keeps the newest-first order the items were added in.
  for (const group of list) group.items.sort((a, b) => resultRank(a.result) - resultRank(b.result))
  return {
    groups: list,
    failed,
    warnings,
    other,
    jobSessions: list.filter((group) => group.jobSession !== null).length,
  }
}

function resultRank(result: string): number {
  return result === 'Failed' ? 0 : result === 'Warning' ? 1 : 2
}

/**
 * `12 failed`, or `12+ failed` when EM had more in the window than the dashboard read: then every count is
 * only what was read, and saying it as a total would understate the damage.
 */
export function countLabel(n: number, word: string, truncated: boolean): string {
  return `${n}${truncated ? '+' : ''} ${word}`
}

export function windowLabel(days: WindowDays): string {
  return days === 1 ? '24 hours' : '7 days'
}

/**
 * What the empty panel says. When EM refused part of the question, "nothing failed" would be a claim the
 * dashboard cannot make, so it says what it actually saw.
 */
export function attentionEmptyText(days: WindowDays, someUnavailable: boolean): string {
  return someUnavailable
    ? `Nothing failed or warned in the last ${windowLabel(days)} among the sessions Enterprise Manager let the dashboard read`
    : `Nothing failed or warned in the last ${windowLabel(days)}`
}

/** The one-line headline of a reason (its first non-blank line) and whether there is more to read. */
export function reasonHeadline(reason: string): { headline: string; more: boolean } {
  const lines = reason
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
  const first = lines[0]
  if (first === undefined) return { headline: '', more: false }
  return { headline: first, more: lines.length > 1 }
}
