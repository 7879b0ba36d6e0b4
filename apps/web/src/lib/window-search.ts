import { WINDOW_DAYS, type WindowDays } from '@ese/shared'
import type { Outcome } from '../features/explorer/lib/sessions.ts'

export type WindowSearch = { days?: WindowDays }

/** `?days=7` keeps a list's window in the URL; anything else (or 1, the default) is left out. */
export function validateWindowSearch(search: Record<string, unknown>): WindowSearch {
  const days = WINDOW_DAYS.find((d) => d !== 1 && String(d) === String(search.days))
  return days ? { days } : {}
}

/** The outcomes a list of sessions can be narrowed to, as the URL's `result` names them, in the list's order. */
export const OUTCOMES: readonly Outcome[] = ['failed', 'warning', 'other', 'running', 'success']

export type ServerSearch = WindowSearch & { result?: Outcome; q?: string }

/**
 * A backup server's page: its window, and what its job sessions are narrowed to, `?result=failed` (any case) and
 * `?q=sql` (as typed); anything unknown or blank is left out.
 */
export function validateServerSearch(search: Record<string, unknown>): ServerSearch {
  const wanted = typeof search.result === 'string' ? search.result.toLowerCase() : ''
  const result = OUTCOMES.find((o) => o === wanted)
  const q = typeof search.q === 'string' || typeof search.q === 'number' ? String(search.q) : ''
  return { ...validateWindowSearch(search), ...(result ? { result } : {}), ...(q.trim() ? { q } : {}) }
}
