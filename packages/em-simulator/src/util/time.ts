export const DAY_MS = 86_400_000
export const HOUR_MS = 3_600_000
export const MINUTE_MS = 60_000

/**
 * EM's xs:dateTime output for UTC values: .NET trims trailing zeros of the fraction, and drops the dot when the
 * fraction is zero (`2025-06-17T20:00:18.06Z`, `2014-10-19T06:47:21Z`; EM_API_FACTS §6).
 */
export function formatEmTime(ms: number): string {
  const iso = new Date(ms).toISOString() // 2025-06-17T20:00:18.060Z
  return iso.replace(/\.(\d*?)0*Z$/, (_m, frac: string) => (frac ? `.${frac}Z` : 'Z'))
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

/** `yyyy-MM-dd HH:mm:ss` (UTC), the stamp EM appends to session names: `apache02@2025-06-17 20:00:18`. */
export function formatNameStamp(ms: number): string {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}

/** Milliseconds since the epoch, floored to whole milliseconds (demo timestamps carry ms precision). */
export function wholeMs(ms: number): number {
  return Math.floor(ms)
}
