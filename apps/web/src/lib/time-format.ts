/**
 * Times as the pages write them. Apart from lib/format.ts (which the first page load carries) so that the pages
 * showing sessions load this only when they do. `timeZone` is a parameter so tests can pin it (the UI passes
 * `undefined`: the browser's own).
 */
import { dateTimeFormat, MISSING, parseTime } from './format.ts'

/**
 * Times are written one way everywhere: `2014-10-19 08:47:21`, a 24-hour clock in the browser's time zone,
 * whatever the browser's language. That is the shape of EM's session names (`Job@2014-10-19 06:47:21`, the
 * backup server's own local time) and of Veeam's log lines, so the two can be compared at a glance; the zone is
 * said as a UTC offset (`UTC+2`) next to a time, or once over a list of them.
 */
type TimeParts = { weekday: string; date: string; hour: string; minute: string; second: string; zone: string }

function timeParts(ms: number, timeZone: string | undefined): TimeParts {
  const found: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {}
  const format = dateTimeFormat('parts', 'en-US', timeZone, {
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'shortOffset',
  })
  for (const part of format.formatToParts(ms)) found[part.type] = part.value
  // `GMT`, `GMT+2`, `GMT-3:30` as Intl says them; `UTC…` as engineers and EM's logs do.
  const offset = (found.timeZoneName ?? 'GMT').replace(/^GMT/, '')
  return {
    weekday: found.weekday ?? '',
    date: `${found.year}-${found.month}-${found.day}`,
    hour: found.hour ?? '',
    minute: found.minute ?? '',
    second: found.second ?? '',
    zone: offset === '' || /^[+-]0(:00)?$/.test(offset) ? 'UTC' : `UTC${offset}`,
  }
}

/** The browser's time zone at an instant as a UTC offset: `UTC+2`, `UTC-3:30`, `UTC` (summer time included). */
export function formatZone(ms: number, timeZone?: string): string {
  return timeParts(ms, timeZone).zone
}

/**
 * The zone a list of times can name once (in its header): the offset all of them share, or null when there is
 * none or they differ (a list across a change to or from summer time), and each time then says its own.
 */
export function sharedZone(times: Iterable<number | null>, timeZone?: string): string | null {
  // Compared by offset, which the browser's own zone gives cheaply (a big job's list has thousands of times);
  // only the one shared offset is put into words.
  const offsetOf = (ms: number) =>
    timeZone === undefined ? new Date(ms).getTimezoneOffset() : formatZone(ms, timeZone)
  let first: number | null = null
  let offset: number | string | null = null
  for (const ms of times) {
    if (ms === null) continue
    if (first === null) {
      first = ms
      offset = offsetOf(ms)
    } else if (offsetOf(ms) !== offset) return null
  }
  return first === null ? null : formatZone(first, timeZone)
}

/** Date and time in the browser's time zone, for where the zone is said once nearby: `2014-10-19 08:47:21`. */
export function formatLocalTime(iso: string | null | undefined, timeZone?: string): string {
  const ms = parseTime(iso)
  if (ms === null) return MISSING
  const p = timeParts(ms, timeZone)
  return `${p.date} ${p.hour}:${p.minute}:${p.second}`
}

function zoned(p: TimeParts): string {
  return `${p.date} ${p.hour}:${p.minute}:${p.second} ${p.zone}`
}

/**
 * The same with its zone (`2014-10-19 08:47:21 UTC+2`), for a time someone reads on its own and may pass on: a
 * colleague who opens the same link elsewhere sees other clock times, and a session's name carries the backup
 * server's local time, which may be neither.
 */
export function formatZonedTime(iso: string | null | undefined, timeZone?: string): string {
  const ms = parseTime(iso)
  if (ms === null) return MISSING
  return zoned(timeParts(ms, timeZone))
}

/** To the minute, for list rows: `2014-10-19 08:47`, with ` UTC+2` when `withZone`. */
export function formatShortTime(ms: number, timeZone?: string, withZone = false): string {
  const p = timeParts(ms, timeZone)
  return `${p.date} ${p.hour}:${p.minute}${withZone ? ` ${p.zone}` : ''}`
}

/** A clock time for axes and waits: `08:47`, `08:47:21` with seconds. */
export function formatClock(ms: number, timeZone?: string, withSeconds = false): string {
  const p = timeParts(ms, timeZone)
  return withSeconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`
}

/** Whether two instants fall on the same calendar day in the browser's time zone. */
export function sameLocalDay(a: number, b: number, timeZone?: string): boolean {
  return timeParts(a, timeZone).date === timeParts(b, timeZone).date
}

/** The exact time for a tooltip: weekday, local date and time with its zone, then UTC. */
export function formatExactTime(ms: number, timeZone?: string): string {
  const p = timeParts(ms, timeZone)
  const local = zoned(p)
  const utc = formatUtc(new Date(ms).toISOString())
  // In UTC itself, the same time twice would only be read out twice.
  return local === utc ? `${p.weekday} ${local}` : `${p.weekday} ${local} (${utc})`
}

/** The same instant in UTC, unambiguous and locale-free: `2014-10-19 06:47:21 UTC`. */
export function formatUtc(iso: string | null | undefined): string {
  const ms = parseTime(iso)
  if (ms === null) return MISSING
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`
}
