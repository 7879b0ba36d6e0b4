import {
  type JobSession,
  jobNameOfSessionName,
  type LaterSuccess,
  resourcePath,
  type TaskSession,
  type WindowDays,
} from '@ese/shared'
import { type JobSessionRef, jobSessionOf, newestFirst } from './sessions.ts'

/**
 * A job session lists at most this many machines in the panel: one run that failed on hundreds of machines
 * would otherwise bury every other job's failures. Its page has the rest, in a table sorted by result.
 */
export const GROUP_ITEMS_SHOWN = 5

/**
 * The failed and warning task sessions of one job session (one run of one job); or a failed or warning run none
 * of whose machines is listed (`run`, with no items): one that failed as a whole, or whose machines were not read.
 */
export type AttentionGroup = {
  /** Stable React key: the job session's kind and ID, or the task session's when it names no job session. */
  key: string
  jobSession: JobSessionRef | null
  /** The run itself, when none of its machines is listed. */
  run: JobSession | null
  /**
   * Those still needing attention first (failed, then warnings, then any other result), then those whose machine
   * has since succeeded in the same job; newest first within each.
   */
  items: TaskSession[]
  /** Failed and warned items (or the run) still open (not since succeeded). */
  failed: number
  warnings: number
  /** Items whose machine has since succeeded in the same job (a retry or a later run); the run, its job. */
  recovered: number
  /** The newest time among its items (or the run's), for the order of groups. */
  newest: string
}

/**
 * The runs of one job in the window (the same kind of job session, backup server and job name): the run to look
 * at first, then the job's other runs in the panel's order. A job that fails run after run is one entry, not one
 * per run.
 */
export type JobAttention = { key: string; lead: AttentionGroup; others: AttentionGroup[] }

export type AttentionSummary = {
  /**
   * Groups with a failure still open first, then those with a warning (or another result) still open, then those
   * whose every machine has since succeeded; newest first within each.
   */
  groups: AttentionGroup[]
  /** The same groups by job, in the same order: each job where its first group is. */
  jobs: JobAttention[]
  /** Failed and warned items (machines) still open (not since succeeded). */
  failed: number
  warnings: number
  /** Failed and warning runs still open, none of whose machines is listed. */
  runs: number
  /** Items (and runs) that have since succeeded in the same job. */
  recovered: number
  /** Items with any other result (the BFF asks for Failed and Warning, but EM's values are shown as they are). */
  other: number
  /** Distinct job sessions among the items and runs. */
  jobSessions: number
}

/**
 * Groups the attention list by job session, what still needs a look first, with the counts for the top of the
 * panel.
 * `recovered` (the BFF's, by item ID) names the items whose machine has since succeeded in the same job.
 */
export function groupAttention(
  items: readonly TaskSession[],
  recovered: Readonly<Record<string, LaterSuccess>> = {},
  runs: readonly JobSession[] = [],
): AttentionSummary {
  const groups = new Map<string, AttentionGroup>()
  const isRecovered = (session: { id: string }) => Object.hasOwn(recovered, session.id)
  const counts = { failed: 0, warnings: 0, runs: 0, other: 0, recovered: 0 }
  // What since succeeded no longer needs attention: counted apart, not as failed or warned. A run is counted as a
  // run, not as a machine.
  const count = (group: AttentionGroup, session: { id: string; result: string }, run = false) => {
    if (isRecovered(session)) {
      group.recovered++
      counts.recovered++
    } else if (session.result === 'Failed' || session.result === 'Warning') {
      if (session.result === 'Failed') group.failed++
      else group.warnings++
      if (run) counts.runs++
      else if (session.result === 'Failed') counts.failed++
      else counts.warnings++
    } else {
      counts.other++
    }
  }
  const empty = { failed: 0, warnings: 0, recovered: 0 }
  for (const item of newestFirst(items)) {
    const jobSession = jobSessionOf(item)
    const key = jobSession ? `${jobSession.kind}:${jobSession.id}` : `${item.kind}:${item.id}`
    let group = groups.get(key)
    if (!group) {
      group = { key, jobSession, run: null, ...empty, items: [], newest: item.creationTime ?? '' }
      groups.set(key, group)
    } else if (group.jobSession && !group.jobSession.name && jobSession?.name) {
      group.jobSession = { ...group.jobSession, name: jobSession.name }
    }
    group.items.push(item)
    count(group, item)
  }
  for (const run of runs) {
    const key = `${run.kind}:${run.id}`
    if (groups.has(key)) continue
    const jobSession = {
      kind: run.kind,
      id: run.id,
      name: run.name || null,
      path: resourcePath(run.kind, run.id),
    }
    const group: AttentionGroup = {
      key,
      jobSession,
      run,
      ...empty,
      items: [],
      newest: run.creationTime ?? '',
    }
    groups.set(key, group)
    count(group, run, true)
  }
  // Stable sort: within each rank, the newest-first order the items were added in.
  const rank = (item: TaskSession) => (isRecovered(item) ? 3 : 0) + resultRank(item.result)
  const list = [...groups.values()]
  for (const group of list) group.items.sort((a, b) => rank(a) - rank(b))
  // What still needs a look first, then the newest.
  list.sort((a, b) => groupRank(a) - groupRank(b) || b.newest.localeCompare(a.newest))
  return {
    groups: list,
    jobs: byJob(list),
    ...counts,
    jobSessions: list.filter((group) => group.jobSession !== null).length,
  }
}

function byJob(groups: readonly AttentionGroup[]): JobAttention[] {
  const jobs: JobAttention[] = []
  const byKey = new Map<string, JobAttention>()
  for (const group of groups) {
    const key = jobKeyOf(group)
    const job = key === null ? undefined : byKey.get(key)
    if (job) {
      job.others.push(group)
      continue
    }
    const entry: JobAttention = { key: group.key, lead: group, others: [] }
    jobs.push(entry)
    if (key !== null) byKey.set(key, entry)
  }
  return jobs
}

/** The job a group's run is of: its kind, backup server and job name; null when the job's name is not known. */
function jobKeyOf(group: AttentionGroup): string | null {
  const { jobSession, run } = group
  const name = jobNameOfSessionName(jobSession?.name) ?? (run?.jobName || null)
  if (!jobSession || !name) return null
  const links = run?.links ?? group.items[0]?.links ?? []
  const server = links.find((link) => link.rel === 'Up' && link.kind === 'backupServer')?.id ?? ''
  return `${jobSession.kind}|${server}|${name}`
}

/** Where a group goes: by its first item, the most urgent (items are sorted open failures first), or its run. */
function groupRank(group: AttentionGroup): number {
  if (group.recovered > 0 && group.recovered === (group.run ? 1 : group.items.length)) return 3
  return resultRank(group.run?.result ?? group.items[0]?.result ?? '')
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
