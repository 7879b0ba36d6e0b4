import type { JobSession } from '@ese/shared'
import { newestFirst, outcomeOf } from './sessions.ts'
import { shortDateTime, toMs } from './time.ts'

/** The runs for the strip: oldest on the left, newest on the right, as on a timeline. */
export function runsOldestFirst(items: readonly JobSession[]): JobSession[] {
  return newestFirst(items).reverse()
}

function what(run: JobSession): string {
  switch (outcomeOf(run)) {
    case 'failed':
      return 'Failed run'
    case 'warning':
      return 'Run with warnings'
    case 'success':
      return 'Successful run'
    case 'running':
      return 'Run in progress'
    default:
      return `Run that ended “${run.result || 'no result'}”`
  }
}

/** A run mark's accessible name: "Failed run, 30 Nov 21:00, retry, this run". */
export function runMarkLabel(run: JobSession, currentId: string, timeZone?: string): string {
  const parts = [what(run)]
  const ms = toMs(run.creationTime)
  if (ms !== null) parts.push(shortDateTime(ms, timeZone))
  if (run.isRetry) parts.push('retry')
  if (run.id === currentId) parts.push('this run')
  return parts.join(', ')
}
