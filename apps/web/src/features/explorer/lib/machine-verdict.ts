import { isWaitingTurn, jobNameOfSessionName, type TaskSession } from '@ese/shared'
import { isRunning, jobSessionOf, newestFirst, type Outcome, outcomeOf, sessionTime } from './sessions.ts'
import { timeAgo, toMs } from './time.ts'

/** How many task sessions the BFF sends at most: when the list is full, older runs exist that it does not show. */
export const HISTORY_LIMIT = 20

export type Verdict = {
  /** One line, such as "Failed the last 3 runs; last success 2 days ago". */
  text: string
  tone: 'danger' | 'warning' | 'success' | 'neutral'
  /** How many runs of the machine are newer than the one on the page (null when it is the newest or absent). */
  newerRuns: number | null
}

const TONES: Record<Outcome, Verdict['tone']> = {
  failed: 'danger',
  warning: 'warning',
  success: 'success',
  running: 'neutral',
  other: 'neutral',
}

/** Same streak: the same outcome, and for results EM did not document, the same result text. */
function sameAs(a: TaskSession, b: TaskSession): boolean {
  const outcome = outcomeOf(a)
  return outcome === outcomeOf(b) && (outcome !== 'other' || a.result === b.result)
}

function streakLength(runs: readonly TaskSession[], from: number): number {
  const first = runs[from]
  if (!first) return 0
  let n = 1
  while (runs[from + n] && sameAs(first, runs[from + n] as TaskSession)) n++
  return n
}

function runs(n: number): string {
  return n === 1 ? 'run' : `${n} runs`
}

/** "failed the last 3 runs" (lower case; the caller capitalises). */
function streakPhrase(run: TaskSession, n: number): string {
  const last = n === 1 ? 'in the last run' : `the last ${n} runs`
  switch (outcomeOf(run)) {
    case 'failed':
      return `failed ${last}`
    case 'warning':
      return n === 1 ? 'warning in the last run' : `warnings in the last ${n} runs`
    case 'success':
      return `succeeded ${last}`
    default:
      return `ended with “${run.result || 'no result'}” ${n === 1 ? 'in the last run' : `in the last ${n} runs`}`
  }
}

/** "the 4 before succeeded", "the one before failed". */
function beforePhrase(run: TaskSession, n: number, atLeast: boolean): string {
  const subject = `${atLeast ? 'at least ' : ''}${n === 1 ? 'the one before' : `the ${n} before`}`
  switch (outcomeOf(run)) {
    case 'failed':
      return `${subject} failed`
    case 'warning':
      return `${subject} ${n === 1 ? 'had a warning' : 'had warnings'}`
    case 'success':
      return `${subject} succeeded`
    default:
      return `${subject} ended with “${run.result || 'no result'}”`
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** The job a task session ran in, by its kind and the job's name (from its job session's name). */
function jobOf(item: TaskSession): { key: string; name: string } | null {
  const name = jobNameOfSessionName(jobSessionOf(item)?.name)
  return name === null ? null : { key: `${item.kind}|${name}`, name }
}

/**
 * A one-line verdict on a machine's recent runs, read from the newest run back, so a page about an older run
 * still says how the machine is doing now. `items` are the machine's task sessions across jobs (the page's own,
 * `currentId`, among them, or given as `current`); their order does not matter. When other jobs ran the machine
 * too, the verdict is about the page's job ("In SQL Backup: failed the last 2 runs"): another job's success
 * does not say this one recovered. Runs still in progress are not part of a streak: the newest one running is
 * said first.
 */
export function machineVerdict(
  items: readonly TaskSession[],
  currentId: string,
  now: number,
  limit = HISTORY_LIMIT,
  current = items.find((item) => item.id === currentId),
): Verdict {
  const newestAll = newestFirst(items)
  const currentIndex = newestAll.findIndex((item) => item.id === currentId)
  const newerRuns = currentIndex > 0 ? currentIndex : null
  const job = current ? jobOf(current) : null
  const otherJobs = job !== null && items.some((item) => jobOf(item)?.key !== job.key)
  const all = otherJobs ? newestAll.filter((item) => jobOf(item)?.key === job.key) : newestAll
  const full = newestAll.length >= limit
  const verdict =
    otherJobs && all.length === 1 && all[0]?.id === currentId && !isRunning(all[0])
      ? loneRunOfJob(all[0], full ? newestAll.length : null)
      : jobVerdict(all, currentId, now, full)
  const text = otherJobs ? `In ${job.name}: ${lowerFirst(verdict.text)}` : verdict.text
  return { ...verdict, text, newerRuns }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}

/**
 * The page's run is its job's only one among the machine's runs listed (other jobs ran it too): how it ended,
 * and that no earlier run of this job is known, among the last `listed` runs when the list is full.
 */
function loneRunOfJob(run: TaskSession, listed: number | null): Omit<Verdict, 'newerRuns'> {
  const since = listed === null ? 'in EM’s history' : `among the machine’s last ${listed} runs`
  return {
    text: capitalize(`${streakPhrase(run, 1)}; no earlier run of this job ${since}`),
    tone: TONES[outcomeOf(run)],
  }
}

/** The verdict on `all` (newest first, one job's runs or every run); `full`: older runs may exist. */
function jobVerdict(
  all: readonly TaskSession[],
  currentId: string,
  now: number,
  full: boolean,
): Omit<Verdict, 'newerRuns'> {
  const only = all[0]
  if (!only) return { text: 'No runs of this machine found in EM’s history', tone: 'neutral' }
  if (all.length === 1 && only.id === currentId) {
    return { text: 'First run of this machine in EM’s history', tone: 'neutral' }
  }

  // A task EM reports Pending has not started: it waits its turn.
  const inProgress = isRunning(only) ? (isWaitingTurn(only) ? 'waiting to start now' : 'running now') : null
  const prefix = inProgress ? `${inProgress}; before that, ` : ''
  const finished = all.filter((item) => !isRunning(item))
  const newest = finished[0]
  if (!newest) {
    return { text: capitalize(`${inProgress}; no run of this machine has finished yet`), tone: 'neutral' }
  }

  const n = streakLength(finished, 0)
  let text = prefix + streakPhrase(newest, n)
  const next = finished[n]
  if (outcomeOf(newest) === 'failed') {
    const lastSuccess = finished.slice(n).find((item) => outcomeOf(item) === 'success')
    // A run succeeded when it ended; its start stands in when EM gave no end.
    const when = lastSuccess ? (toMs(lastSuccess.endTime) ?? sessionTime(lastSuccess)) : null
    if (lastSuccess) {
      text += when === null ? '; succeeded before that' : `; last success ${timeAgo(when, now)}`
    } else if (full) {
      if (next) text += `; no success in the last ${runs(all.length)}`
    } else {
      text += '; no success in EM’s history'
    }
  } else if (next) {
    const m = streakLength(finished, n)
    // Reaching the oldest run listed when older runs exist, the streak may go on: "at least".
    text += `; ${beforePhrase(next, m, full && n + m === finished.length)}`
  }
  return { text: capitalize(text), tone: TONES[outcomeOf(newest)] }
}

/** "2 newer runs since this one". */
export function newerRunsText(newerRuns: number, atLeast = false): string {
  const more = atLeast ? '+' : ''
  return newerRuns === 1 && !atLeast
    ? '1 newer run since this one'
    : `${newerRuns}${more} newer runs since this one`
}
