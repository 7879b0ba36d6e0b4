import { describe, expect, it } from 'vitest'
import { clockTime, exactTime, sameLocalDay, shortDateTime, timeAgo } from './time.ts'

const T = Date.UTC(2025, 10, 30, 21, 40, 12)
const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

describe('timeAgo', () => {
  it('says the largest whole unit, rounded down, singular and plural', () => {
    expect(timeAgo(T - 30_000, T)).toBe('just now')
    expect(timeAgo(T - MIN, T)).toBe('1 minute ago')
    expect(timeAgo(T - 59 * MIN, T)).toBe('59 minutes ago')
    expect(timeAgo(T - 2 * HOUR + 1, T)).toBe('1 hour ago')
    expect(timeAgo(T - 47 * HOUR, T)).toBe('1 day ago')
    expect(timeAgo(T - 2 * DAY, T)).toBe('2 days ago')
    expect(timeAgo(T - 65 * DAY, T)).toBe('2 months ago')
  })

  it('calls a time slightly ahead of this clock "just now" (clocks disagree), far ahead "in the future"', () => {
    expect(timeAgo(T + 90_000, T)).toBe('just now')
    expect(timeAgo(T + DAY, T)).toBe('in the future')
  })
})

describe('local times', () => {
  it('formats in the given time zone with a 24-hour clock', () => {
    expect(clockTime(T, 'UTC')).toBe('21:40')
    expect(clockTime(T, 'America/New_York')).toBe('16:40')
    expect(shortDateTime(T, 'UTC')).toBe('2025-11-30 21:40')
    expect(shortDateTime(T, 'Asia/Tokyo')).toBe('2025-12-01 06:40')
    expect(shortDateTime(T, 'Asia/Tokyo', true)).toBe('2025-12-01 06:40 UTC+9')
    expect(exactTime(T, 'Europe/Berlin')).toBe('Sun 2025-11-30 22:40:12 UTC+1 (2025-11-30 21:40:12 UTC)')
  })

  it('compares calendar days in the given time zone', () => {
    expect(sameLocalDay(T, T + 2 * HOUR, 'UTC')).toBe(true)
    expect(sameLocalDay(T, T + 2 * HOUR, 'Europe/Berlin')).toBe(false)
    expect(sameLocalDay(T, T - 365 * DAY, 'UTC')).toBe(false)
  })
})
