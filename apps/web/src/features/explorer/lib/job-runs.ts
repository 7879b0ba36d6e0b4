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

/** A run mark's accessible name: "Failed run, 2025-11-30 21:00, retry, this run" (the panel names the zone). */
export function runMarkLabel(
  run: JobSession,
  currentId: string,
  timeZone?: string,
  withZone = false,
): string {
  const parts = [what(run)]
  const ms = toMs(run.creationTime)
  if (ms !== null) parts.push(shortDateTime(ms, timeZone, withZone))
  if (run.isRetry) parts.push('retry')
  if (run.id === currentId) parts.push('this run')
  return parts.join(', ')
}

/**
 * The runs before and after `currentId` in the strip, for while the BFF's own answer (which knows runs beyond
 * the strip) is still loading. Null at either end, or both when the run is not in the list.
 */
export function neighboursInStrip(
  items: readonly JobSession[],
  currentId: string,
): { previous: JobSession | null; next: JobSession | null } {
  const runs = runsOldestFirst(items)
  const index = runs.findIndex((run) => run.id === currentId)
  if (index < 0) return { previous: null, next: null }
  return { previous: runs[index - 1] ?? null, next: runs[index + 1] ?? null }
}

/**
 * The strip is one tab stop (roving tabindex, as in WAI-ARIA's toolbar pattern): thirty links in the tab order
 * would take thirty presses to get past. The mark in the tab order is the one last focused in the strip, else
 * this run's, else the newest. -1 for an empty strip.
 */
export function stripTabStop(
  runs: readonly JobSession[],
  currentId: string,
  focusedId: string | null,
): number {
  const focused = focusedId === null ? -1 : runs.findIndex((run) => run.id === focusedId)
  if (focused >= 0) return focused
  const current = runs.findIndex((run) => run.id === currentId)
  return current >= 0 ? current : runs.length - 1
}

/**
 * Where a key moves focus from the mark at `index` of `count`: Left and Right to the older and newer run
 * (stopping at the ends), Home and End to the oldest and newest. Null for any other key, which is left alone.
 */
export function stripKeyTarget(key: string, index: number, count: number): number | null {
  if (count === 0) return null
  switch (key) {
    case 'ArrowLeft':
      return Math.max(0, index - 1)
    case 'ArrowRight':
      return Math.min(count - 1, index + 1)
    case 'Home':
      return 0
    case 'End':
      return count - 1
    default:
      return null
  }
}
