import type { JobSession } from '@ese/shared'
import { newestFirst, type Outcome, outcomeOf } from './sessions.ts'

/**
 * The order of a backup server's job sessions: what needs a look first. A result EM did not document is shown
 * after the warnings: nobody knows yet whether it is fine.
 */
const RANK: Record<Outcome, number> = { failed: 0, warning: 1, other: 2, running: 3, success: 4 }

/** Failures first, then warnings, then other results, then running, then successes; newest first within each. */
export function orderServerSessions(items: readonly JobSession[]): JobSession[] {
  const newest = newestFirst(items)
  const position = new Map(newest.map((item, index) => [item, index]))
  return newest.sort(
    (a, b) => RANK[outcomeOf(a)] - RANK[outcomeOf(b)] || (position.get(a) ?? 0) - (position.get(b) ?? 0),
  )
}

export type OutcomeCounts = Record<Outcome, number> & { total: number }

export function countOutcomes(items: readonly JobSession[]): OutcomeCounts {
  const counts: OutcomeCounts = { failed: 0, warning: 0, other: 0, running: 0, success: 0, total: 0 }
  for (const item of items) {
    counts[outcomeOf(item)]++
    counts.total++
  }
  return counts
}

/**
 * The job sessions of one outcome (null: any) whose name, job name or EM's message contains `text`, ignoring
 * case and the spaces around it. Among a week of a busy server's runs, this is how one job's are found.
 */
export function filterServerSessions(
  items: readonly JobSession[],
  text: string,
  outcome: Outcome | null,
): readonly JobSession[] {
  const needle = text.trim().toLowerCase()
  if (needle === '' && outcome === null) return items
  const has = (value: string | null) => value?.toLowerCase().includes(needle) ?? false
  return items.filter(
    (item) =>
      (outcome === null || outcomeOf(item) === outcome) &&
      (has(item.name) || has(item.jobName) || has(item.failureMessage)),
  )
}
