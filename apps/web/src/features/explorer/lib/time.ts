/**
 * Times as the explorer's panels say them. The UI is in English, so month names are English whatever the
 * browser's locale; the clock is the browser's time zone (`timeZone` is a parameter so tests can pin it).
 */

/** Milliseconds since the epoch, or null when missing or unreadable. */
export function toMs(iso: string | null | undefined): number | null {
  if (!iso) return null
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? null : ms
}

function parts(ms: number, timeZone: string | undefined) {
  const found: Record<string, string> = {}
  const format = new Intl.DateTimeFormat('en-GB', {
    year: 'numeric',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  })
  for (const part of format.formatToParts(ms)) found[part.type] = part.value
  return {
    year: found.year ?? '',
    day: found.day ?? '',
    month: found.month ?? '',
    clock: `${found.hour ?? ''}:${found.minute ?? ''}`,
  }
}

/** `21:40`, local. */
export function clockTime(ms: number, timeZone?: string): string {
  return parts(ms, timeZone).clock
}

/** `30 Nov 21:00`, local: short enough for a list row or a mark's accessible name. */
export function shortDateTime(ms: number, timeZone?: string): string {
  const p = parts(ms, timeZone)
  return `${p.day} ${p.month} ${p.clock}`
}

/** Whether two instants fall on the same calendar day in `timeZone`. */
export function sameLocalDay(a: number, b: number, timeZone?: string): boolean {
  const x = parts(a, timeZone)
  const y = parts(b, timeZone)
  return x.year === y.year && x.month === y.month && x.day === y.day
}

/** `2025-11-30 21:00:12 UTC`. */
export function utcTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`
}

/** The exact time for a tooltip: local date and time with seconds, then UTC. */
export function exactTime(ms: number, timeZone?: string): string {
  const local = new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(ms)
  return `${local} (${utcTime(ms)})`
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
