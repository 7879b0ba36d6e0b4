import { describe, expect, it } from 'vitest'
import {
  clampPercent,
  durationMs,
  formatAge,
  formatBytes,
  formatDuration,
  formatExactBytes,
  formatRelative,
  MISSING,
  parseTime,
} from './format.ts'

describe('formatBytes (IEC units)', () => {
  it.each([
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1,023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [1024 ** 2, '1.0 MiB'],
    [64424509440, '60.0 GiB'],
    [107374182400, '100.0 GiB'],
    [1.5 * 1024 ** 4, '1.5 TiB'],
    [3 * 1024 ** 5, '3.0 PiB'],
  ])('%d bytes → %s', (bytes, text) => {
    expect(formatBytes(bytes, 'en-US')).toBe(text)
  })

  it('never shows 1024.0 of a unit: it moves to the next one', () => {
    expect(formatBytes(1024 * 1024 - 1, 'en-US')).toBe('1.0 MiB')
    expect(formatBytes(1023 * 1024 + 900, 'en-US')).toBe('1,023.9 KiB')
  })

  it.each([null, undefined, Number.NaN, -1, Number.POSITIVE_INFINITY])('%s → the missing mark', (bytes) => {
    expect(formatBytes(bytes, 'en-US')).toBe(MISSING)
  })

  it('uses the locale for digits', () => {
    expect(formatBytes(1536, 'de-DE')).toBe('1,5 KiB')
  })

  it('gives the exact count for tooltips', () => {
    expect(formatExactBytes(64424509440, 'en-US')).toBe('64,424,509,440 bytes')
    expect(formatExactBytes(1, 'en-US')).toBe('1 byte')
    expect(formatExactBytes(null, 'en-US')).toBe(MISSING)
  })
})

describe('durationMs', () => {
  const start = '2014-10-19T06:47:21Z'
  const end = '2014-10-19T07:02:33Z'
  const now = Date.parse('2014-10-19T08:00:00Z')

  it('is end minus start for an ended session', () => {
    expect(durationMs(start, end, now)).toBe(15 * 60_000 + 12_000)
  })

  it('runs to now while there is no end', () => {
    expect(durationMs(start, null, now)).toBe(now - Date.parse(start))
  })

  it('is never negative (clock skew between EM and this browser)', () => {
    expect(durationMs(start, '2014-10-19T06:40:00Z', now)).toBe(0)
    expect(durationMs(start, null, Date.parse('2014-10-19T06:00:00Z'))).toBe(0)
  })

  it('is null without a readable start, or with an unreadable end', () => {
    expect(durationMs(null, end, now)).toBeNull()
    expect(durationMs('yesterday', end, now)).toBeNull()
    expect(durationMs(start, 'not a time', now)).toBeNull()
    expect(durationMs(start, null, Number.NaN)).toBeNull()
  })
})

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [999, '0 s'],
    [45_000, '45 s'],
    [60_000, '1 min'],
    [15 * 60_000 + 12_000, '15 min 12 s'],
    [3_600_000, '1 h'],
    [3_600_000 + 5 * 60_000 + 59_000, '1 h 5 min'],
    [2 * 86_400_000 + 3 * 3_600_000, '2 d 3 h'],
    [86_400_000, '1 d'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })

  it('shows the missing mark for null, undefined, NaN and infinities, never "NaN"', () => {
    for (const ms of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(formatDuration(ms)).toBe(MISSING)
    }
  })

  it('clamps negative durations to zero', () => {
    expect(formatDuration(-5000)).toBe('0 s')
  })

  it('composes with durationMs for a running session whose start is missing', () => {
    expect(formatDuration(durationMs(null, null, Date.now()))).toBe(MISSING)
  })
})

describe('times', () => {
  const iso = '2014-10-19T06:47:21Z'

  it('parses ISO times and rejects the rest', () => {
    expect(parseTime(iso)).toBe(Date.UTC(2014, 9, 19, 6, 47, 21))
    expect(parseTime(null)).toBeNull()
    expect(parseTime('')).toBeNull()
    expect(parseTime('garbage')).toBeNull()
  })
})

describe('formatRelative', () => {
  const now = Date.parse('2024-05-01T12:00:00Z')
  const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString()

  it.each([
    [0, '0s ago'],
    [45, '45s ago'],
    [3 * 60 + 59, '3m ago'],
    [3 * 3600 + 1800, '3h ago'],
    [2 * 86_400, '2d ago'],
    [45 * 86_400, '1mo ago'],
    [10 * 365 * 86_400, '10y ago'],
  ])('%d s before now → %s', (seconds, text) => {
    expect(formatRelative(ago(seconds), now, 'en-US')).toBe(text)
  })

  it('handles the future (EM clock ahead of the browser)', () => {
    expect(formatRelative(new Date(now + 90_000).toISOString(), now, 'en-US')).toBe('in 1m')
  })

  it('accepts epoch milliseconds', () => {
    expect(formatRelative(now - 7_200_000, now, 'en-US')).toBe('2h ago')
  })

  it('shows the missing mark for missing or unreadable times', () => {
    expect(formatRelative(null, now, 'en-US')).toBe(MISSING)
    expect(formatRelative('garbage', now, 'en-US')).toBe(MISSING)
    expect(formatRelative(now, Number.NaN, 'en-US')).toBe(MISSING)
  })
})

describe('formatAge ("updated N s ago")', () => {
  it.each([
    [0, '0 s ago'],
    [4_900, '4 s ago'],
    [-300, '0 s ago'],
    [61_000, '1 min ago'],
    [3 * 3_600_000, '3 h ago'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatAge(ms)).toBe(text)
  })
  it('is NaN-safe', () => expect(formatAge(Number.NaN)).toBe(MISSING))
})

describe('clampPercent', () => {
  it('keeps 0–100 and clamps the rest', () => {
    expect(clampPercent(45)).toBe(45)
    expect(clampPercent(-3)).toBe(0)
    expect(clampPercent(140)).toBe(100)
    expect(clampPercent(null)).toBeNull()
    expect(clampPercent(Number.NaN)).toBeNull()
  })
})
