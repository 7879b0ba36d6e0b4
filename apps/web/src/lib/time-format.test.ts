import { describe, expect, it } from 'vitest'
import { MISSING } from './format.ts'
import {
  formatClock,
  formatExactTime,
  formatLocalTime,
  formatShortTime,
  formatUtc,
  formatZone,
  formatZonedTime,
  sameLocalDay,
  sharedZone,
} from './time-format.ts'

describe('times', () => {
  const iso = '2014-10-19T06:47:21Z'

  it('shows local time as EM names sessions: date first, 24-hour clock, whatever the locale', () => {
    expect(formatLocalTime(iso, 'Europe/Berlin')).toBe('2014-10-19 08:47:21')
    expect(formatLocalTime(iso, 'America/New_York')).toBe('2014-10-19 02:47:21')
    expect(formatLocalTime('2014-10-19T12:05:09Z', 'UTC')).toBe('2014-10-19 12:05:09')
    expect(formatLocalTime('2014-10-18T23:59:59Z', 'UTC')).toBe('2014-10-18 23:59:59')
    expect(formatLocalTime('2014-10-19T00:00:00Z', 'UTC')).toBe('2014-10-19 00:00:00')
    expect(formatLocalTime(null, 'UTC')).toBe(MISSING)
    expect(formatLocalTime('garbage', 'UTC')).toBe(MISSING)
  })

  it('names the time zone as a UTC offset, summer time included', () => {
    expect(formatZonedTime(iso, 'UTC')).toBe('2014-10-19 06:47:21 UTC')
    expect(formatZonedTime(iso, 'Europe/London')).toBe('2014-10-19 07:47:21 UTC+1')
    expect(formatZonedTime('2014-12-19T06:47:21Z', 'Europe/London')).toBe('2014-12-19 06:47:21 UTC')
    expect(formatZonedTime(iso, 'Asia/Kolkata')).toBe('2014-10-19 12:17:21 UTC+5:30')
    expect(formatZonedTime(iso, 'Europe/Berlin')).toBe('2014-10-19 08:47:21 UTC+2')
    expect(formatZonedTime(iso, 'America/St_Johns')).toBe('2014-10-19 04:17:21 UTC-2:30')
    expect(formatZonedTime(null, 'UTC')).toBe(MISSING)
    expect(formatZone(Date.parse(iso), 'America/New_York')).toBe('UTC-4')
  })

  it('names one zone for a list only when all its times share it', () => {
    const summer = Date.parse('2014-10-25T12:00:00Z')
    const winter = Date.parse('2014-10-27T12:00:00Z')
    expect(sharedZone([summer, null, summer + 3_600_000], 'Europe/Berlin')).toBe('UTC+2')
    expect(sharedZone([summer, winter], 'Europe/Berlin')).toBeNull()
    expect(sharedZone([summer, winter], 'UTC')).toBe('UTC')
    expect(sharedZone([null], 'UTC')).toBeNull()
    expect(sharedZone([], 'UTC')).toBeNull()
  })

  it('shortens list times to the minute, with the zone when asked to', () => {
    expect(formatShortTime(Date.parse(iso), 'Asia/Kolkata')).toBe('2014-10-19 12:17')
    expect(formatShortTime(Date.parse(iso), 'Asia/Kolkata', true)).toBe('2014-10-19 12:17 UTC+5:30')
  })

  it('shows UTC without locale quirks', () => {
    expect(formatUtc(iso)).toBe('2014-10-19 06:47:21 UTC')
    expect(formatUtc('2014-10-19T08:47:21+02:00')).toBe('2014-10-19 06:47:21 UTC')
    expect(formatUtc(null)).toBe(MISSING)
  })

  it('shows clock times for the timeline axis', () => {
    expect(formatClock(Date.parse(iso), 'UTC')).toBe('06:47')
    expect(formatClock(Date.parse(iso), 'Asia/Kolkata', true)).toBe('12:17:21')
    expect(formatClock(Date.parse('2014-10-19T00:05:00Z'), 'UTC')).toBe('00:05')
  })

  it('gives the exact time for a tooltip: weekday, local time with its zone, then UTC', () => {
    expect(formatExactTime(Date.parse(iso), 'Europe/Berlin')).toBe(
      'Sun 2014-10-19 08:47:21 UTC+2 (2014-10-19 06:47:21 UTC)',
    )
    // In UTC, once.
    expect(formatExactTime(Date.parse(iso), 'UTC')).toBe('Sun 2014-10-19 06:47:21 UTC')
  })

  it('compares calendar days in the given time zone', () => {
    const late = Date.parse('2014-10-19T23:30:00Z')
    expect(sameLocalDay(Date.parse(iso), late, 'UTC')).toBe(true)
    expect(sameLocalDay(Date.parse(iso), late, 'Europe/Berlin')).toBe(false)
  })
})
