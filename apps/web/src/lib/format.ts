/**
 * Formatting for what the pages show: sizes, durations and times. Pure functions; `locale` and `timeZone` are
 * parameters so tests can pin them (the UI passes `undefined`, which means the browser's own).
 */

/** What a missing value looks like everywhere. */
export const MISSING = '—'

// Building an Intl formatter costs far more than formatting with one (a table of thousands of rows formats
// several values per row on every scroll), so each distinct formatter is built once.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>()

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(
  key: string,
  build: () => T,
): T {
  let formatter = formatters.get(key) as T | undefined
  if (!formatter) {
    formatter = build()
    formatters.set(key, formatter)
  }
  return formatter
}

function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached(`n|${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options))
}

/** A cached `Intl.DateTimeFormat`; `key` names the options. */
export function dateTimeFormat(
  key: string,
  locale: string | undefined,
  timeZone: string | undefined,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  return cached(
    `d|${key}|${locale}|${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { ...options, timeZone }),
  )
}

const IEC_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const

function isUsableNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
}

/** Bytes in IEC units (1 KiB = 1024 B), one decimal from KiB up: `64424509440` → `60.0 GiB`. */
export function formatBytes(bytes: number | null | undefined, locale?: string): string {
  if (!isUsableNumber(bytes)) return MISSING
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < IEC_UNITS.length - 1) {
    value /= 1024
    unit++
  }
  // 1023.96 KiB would round to "1024.0 KiB": show it as the next unit instead.
  if (unit > 0 && unit < IEC_UNITS.length - 1 && Math.round(value * 10) / 10 >= 1024) {
    value /= 1024
    unit++
  }
  const digits = unit === 0 ? 0 : 1
  const number = numberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })
  return `${number.format(value)} ${IEC_UNITS[unit]}`
}

/** The exact byte count, for a tooltip: `64,424,509,440 bytes`. */
export function formatExactBytes(bytes: number | null | undefined, locale?: string): string {
  if (!isUsableNumber(bytes)) return MISSING
  const unit = bytes === 1 ? 'byte' : 'bytes'
  return `${numberFormat(locale, { maximumFractionDigits: 0 }).format(bytes)} ${unit}`
}

/** Milliseconds since the epoch for an ISO time, or null when it is missing or unreadable. */
export function parseTime(iso: string | null | undefined): number | null {
  if (!iso) return null
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? null : ms
}

/**
 * How long a session ran: from start to end, or to `now` while it has no end. Null without a readable start.
 * Never negative: clocks of EM, its backup servers and this browser disagree, and a session cannot run for
 * less than nothing.
 */
export function durationMs(
  start: string | null | undefined,
  end: string | null | undefined,
  now: number,
): number | null {
  const from = parseTime(start)
  if (from === null) return null
  const to = end ? parseTime(end) : Number.isFinite(now) ? now : null
  if (to === null) return null
  return Math.max(0, to - from)
}

/** `1 h 5 min`, `15 min 12 s`, `45 s`, `2 d 3 h`: the two largest units, whole numbers. */
export function formatDuration(ms: number | null | undefined): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return MISSING
  const total = Math.floor(Math.max(0, ms) / 1000)
  const days = Math.floor(total / 86_400)
  const hours = Math.floor((total % 86_400) / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = total % 60
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`
  if (minutes > 0) return seconds > 0 ? `${minutes} min ${seconds} s` : `${minutes} min`
  return `${seconds} s`
}

const RELATIVE_STEPS: readonly [limitSeconds: number, unit: Intl.RelativeTimeFormatUnit, seconds: number][] =
  [
    [60, 'second', 1],
    [3600, 'minute', 60],
    [86_400, 'hour', 3600],
    [86_400 * 30, 'day', 86_400],
    [86_400 * 365, 'month', 86_400 * 30],
    [Number.POSITIVE_INFINITY, 'year', 86_400 * 365],
  ]

/** Relative to `now`, compact: `3h ago`, `in 5m`, `45s ago`. Times in the past round down so "ago" never overstates. */
export function formatRelative(
  iso: string | number | null | undefined,
  now: number,
  locale?: string,
): string {
  const ms = typeof iso === 'number' ? iso : parseTime(iso)
  if (ms === null || !Number.isFinite(ms) || !Number.isFinite(now)) return MISSING
  const diffSeconds = (ms - now) / 1000
  const abs = Math.abs(diffSeconds)
  const format = cached(
    `r|${locale}`,
    () => new Intl.RelativeTimeFormat(locale, { style: 'narrow', numeric: 'always' }),
  )
  for (const [limit, unit, seconds] of RELATIVE_STEPS) {
    if (abs < limit) {
      const value = Math.floor(abs / seconds)
      return format.format(diffSeconds <= 0 ? -value : value, unit)
    }
  }
  return MISSING
}

/** "updated N s ago" for the live indicator: seconds under a minute, then minutes. */
export function formatAge(ms: number): string {
  if (!Number.isFinite(ms)) return MISSING
  const seconds = Math.max(0, Math.floor(ms / 1000))
  if (seconds < 60) return `${seconds} s ago`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min ago`
  return `${Math.floor(minutes / 60)} h ago`
}

/** A progress percentage clamped to 0–100, or null when EM gave none. */
export function clampPercent(value: number | null | undefined): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null
  return Math.min(100, Math.max(0, value))
}
