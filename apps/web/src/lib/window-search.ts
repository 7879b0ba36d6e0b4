import { WINDOW_DAYS, type WindowDays } from '@ese/shared'

export type WindowSearch = { days?: WindowDays }

/** `?days=7` keeps a list's window in the URL; anything else (or 1, the default) is left out. */
export function validateWindowSearch(search: Record<string, unknown>): WindowSearch {
  const days = WINDOW_DAYS.find((d) => d !== 1 && String(d) === String(search.days))
  return days ? { days } : {}
}
