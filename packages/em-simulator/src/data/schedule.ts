import { DAY_MS, HOUR_MS, MINUTE_MS } from '../util/time.ts'
import type { Job } from './model.ts'

export type JobSchedule = {
  /** One run a day: OptionsDaily; several: OptionsPeriodically every `periodHours`. */
  daily: boolean
  /** `HH:mm:ss` (UTC) of the first run of the day. */
  time: string
  periodHours: number
  nextRun: number
}

export const WEEK_DAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const

/** Hour-by-hour permission grid of a schedule day, as in the jobs_id.md example. */
export const ALL_HOURS = Array.from({ length: 24 }, () => '1').join(',')

export function jobSchedule(job: Job, now: number): JobSchedule {
  const first = job.hours[0] ?? 0
  const day = Math.floor(now / DAY_MS)
  let nextRun = Number.POSITIVE_INFINITY
  for (const d of [day, day + 1]) {
    for (const h of job.hours) {
      const t = d * DAY_MS + h * HOUR_MS + job.minute * MINUTE_MS
      if (t > now && t < nextRun) nextRun = t
    }
  }
  const hh = String(first).padStart(2, '0')
  const mm = String(job.minute).padStart(2, '0')
  return {
    daily: job.hours.length === 1,
    time: `${hh}:${mm}:00`,
    periodHours: Math.max(1, Math.round(24 / job.hours.length)),
    nextRun,
  }
}
