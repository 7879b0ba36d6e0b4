import type { TaskSession } from '@ese/shared'
import { formatZone } from '../../../lib/time-format.ts'
import { outcomeOf, sessionPath } from './sessions.ts'
import { clockTime, sameLocalDay, shortDateTime, toMs } from './time.ts'

/**
 * What became of a failed or warning run once the job retried it, in one line whose end links to the retry:
 * `lead` + `linkText`, e.g. "Failed, then succeeded in " + "the retry at 21:40".
 */
export type RetryVerdictView = {
  lead: string
  linkText: string
  /** Dashboard path of the retry's task session the line is about. */
  path: string
  tone: 'success' | 'warning' | 'danger' | 'neutral'
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth']

/** "the retry" when there was only one, "the second retry" otherwise. */
function whichRetry(index: number, total: number): string {
  if (total === 1) return 'the retry'
  return `the ${ORDINALS[index] ?? `${index + 1}th`} retry`
}

/**
 * "at 21:40 UTC+1" on the same local day as the run it retried, "at 2025-12-01 01:10 UTC+1" on another: a time
 * read on its own, so with its zone.
 */
function localTime(ms: number, currentStart: number | null, timeZone: string | undefined): string {
  const sameDay = currentStart !== null && sameLocalDay(ms, currentStart, timeZone)
  return sameDay
    ? `${clockTime(ms, timeZone)} ${formatZone(ms, timeZone)}`
    : shortDateTime(ms, timeZone, true)
}

function when(retry: TaskSession, currentStart: number | null, timeZone: string | undefined): string {
  const ms = toMs(retry.creationTime)
  return ms === null ? '' : ` at ${localTime(ms, currentStart, timeZone)}`
}

/**
 * The retry-aware verdict for the top of a task session page. `retries` are the machine's task sessions in
 * later retry runs of the same job, oldest first (as the BFF sends them). Null when there is nothing to say:
 * the run did not fail or warn, or the job did not retry it.
 */
export function retryVerdict(
  current: Pick<TaskSession, 'result' | 'creationTime'>,
  retries: readonly TaskSession[],
  timeZone?: string,
): RetryVerdictView | null {
  const was = current.result === 'Failed' ? 'Failed' : current.result === 'Warning' ? 'Warning' : null
  const last = retries[retries.length - 1]
  if (!was || !last) return null
  const start = toMs(current.creationTime)
  const total = retries.length

  const successIndex = retries.findIndex((retry) => outcomeOf(retry) === 'success')
  const success = retries[successIndex]
  if (success) {
    return {
      lead: `${was}, then succeeded in `,
      linkText: `${whichRetry(successIndex, total)}${when(success, start, timeZone)}`,
      path: sessionPath(success),
      tone: 'success',
    }
  }

  const lastIndex = total - 1
  const lastRetry = `${whichRetry(lastIndex, total)}${when(last, start, timeZone)}`
  switch (outcomeOf(last)) {
    case 'running': {
      const ms = toMs(last.creationTime)
      const started = ms === null ? '' : ` (started ${localTime(ms, start, timeZone)})`
      return {
        lead: `${was}; `,
        linkText: `a retry is running${started}`,
        path: sessionPath(last),
        tone: 'neutral',
      }
    }
    case 'warning':
      return {
        lead: `${was}, then ended with a warning in `,
        linkText: lastRetry,
        path: sessionPath(last),
        tone: 'warning',
      }
    case 'failed':
      if (retries.every((retry) => outcomeOf(retry) === 'failed')) {
        return {
          lead: `${was}, and failed again in `,
          linkText: total === 1 ? 'the retry' : `${total} retries`,
          path: sessionPath(last),
          tone: 'danger',
        }
      }
      return {
        lead: `${was}, and failed again in `,
        linkText: lastRetry,
        path: sessionPath(last),
        tone: 'danger',
      }
    default:
      return {
        lead: `${was}, then ended with “${last.result || 'no result'}” in `,
        linkText: lastRetry,
        path: sessionPath(last),
        tone: 'neutral',
      }
  }
}
