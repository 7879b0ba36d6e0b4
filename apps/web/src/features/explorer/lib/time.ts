/**
 * Times as the explorer's panels say them: the app's one way of writing times (lib/format.ts), in the browser's
 * time zone (`timeZone` is a parameter so tests can pin it).
 */
import { parseTime } from '../../../lib/format.ts'
import { formatClock, formatExactTime, formatShortTime, formatUtc } from '../../../lib/time-format.ts'

export { sameLocalDay } from '../../../lib/time-format.ts'

/** Milliseconds since the epoch, or null when missing or unreadable. */
export const toMs = parseTime

/** `21:40`, local. */
export function clockTime(ms: number, timeZone?: string): string {
  return formatClock(ms, timeZone)
}

/** `2025-11-30 21:40`, local: short enough for a list row or a mark's accessible name. */
export function shortDateTime(ms: number, timeZone?: string, withZone = false): string {
  return formatShortTime(ms, timeZone, withZone)
}

/** `2025-11-30 21:00:12 UTC`. */
export function utcTime(ms: number): string {
  return formatUtc(new Date(ms).toISOString())
}

/** The exact time for a tooltip: weekday, local date and time with its zone, then UTC. */
export function exactTime(ms: number, timeZone?: string): string {
  return formatExactTime(ms, timeZone)
}

const STEPS: readonly [unitSeconds: number, singular: string][] = [
  [86_400 * 365, 'year'],
  [86_400 * 30, 'month'],
  [86_400, 'day'],
  [3600, 'hour'],
  [60, 'minute'],
]

function count(value: number, unit: string): string {
  return `${value} ${unit}${value === 1 ? '' : 's'}`
}

/**
 * `2 days ago`, `1 hour ago`, `just now`: the largest whole unit, rounded down so it never overstates. A time
 * slightly ahead of this browser's clock (EM's and the backup server's clocks disagree with it) is "just now".
 */
export function timeAgo(ms: number, now: number): string {
  const seconds = Math.floor((now - ms) / 1000)
  if (seconds < 60) return seconds > -120 ? 'just now' : 'in the future'
  for (const [unit, name] of STEPS) {
    if (seconds >= unit) return `${count(Math.floor(seconds / unit), name)} ago`
  }
  return 'just now'
}
