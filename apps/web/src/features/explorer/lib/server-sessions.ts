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

/** How each outcome's count reads in the summary: "8 failed", "1 warning", "19 succeeded". */
const COUNT_TEXT: Record<Outcome, (n: number) => string> = {
  failed: (n) => `${n} failed`,
  warning: (n) => `${n} ${n === 1 ? 'warning' : 'warnings'}`,
  other: (n) => `${n} other`,
  running: (n) => `${n} running`,
  success: (n) => `${n} succeeded`,
}

const SUMMARY_ORDER: readonly Outcome[] = ['failed', 'warning', 'running', 'success', 'other']

/** The job sessions of an outcome: "the failed job sessions", "no warned job sessions". */
export const ADJECTIVE: Record<Outcome, string> = {
  failed: 'failed',
  warning: 'warned',
  other: 'other',
  running: 'running',
  success: 'successful',
}

/**
 * The summary's counts as toggles: failed, warnings, running and succeeded always (as the summary has always
 * read), then other when there are any, or when a link chose it (so that it can be unchosen).
 */
export function outcomeToggles(
  counts: OutcomeCounts,
  chosen: Outcome | null,
): { value: Outcome; text: string; title: string }[] {
  return SUMMARY_ORDER.filter((o) => o !== 'other' || counts.other > 0 || chosen === o).map((o) => ({
    value: o,
    text: COUNT_TEXT[o](counts[o]),
    title: `Show only the ${ADJECTIVE[o]} job sessions`,
  }))
}
