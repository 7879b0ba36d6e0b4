import { WINDOW_DAYS, type WindowDays } from '@ese/shared'
import type { Outcome } from '../features/explorer/lib/sessions.ts'

export type WindowSearch = { days?: WindowDays | undefined }

/**
 * `?days=7` keeps a list's window in the URL; anything else (or 1, the default) reads as undefined. A validator
 * names every key it owns: one it left out would keep the link's raw value (TanStack Router merges a route's
 * validated search over what the routes above it pass down, the root's being the URL's as it is).
 */
export function validateWindowSearch(search: Record<string, unknown>): WindowSearch {
  return { days: WINDOW_DAYS.find((d) => d !== 1 && String(d) === String(search.days)) }
}

/** The outcomes a list of sessions can be narrowed to, as the URL's `result` names them, in the list's order. */
export const OUTCOMES: readonly Outcome[] = ['failed', 'warning', 'other', 'running', 'success']

export type ServerSearch = WindowSearch & { result?: Outcome | undefined; q?: string | undefined }

/** The words a link may use for an outcome: its own, or as the page's counts read them ("succeeded"). */
const OUTCOME_WORDS: Record<string, Outcome> = {
  succeeded: 'success',
  warnings: 'warning',
  warned: 'warning',
}

/**
 * A backup server's page: its window, and what its job sessions are narrowed to, `?result=failed` (any case,
 * or as the counts read: `succeeded`) and `?q=sql` (as typed); anything unknown or blank reads as undefined.
 */
export function validateServerSearch(search: Record<string, unknown>): ServerSearch {
  const wanted = typeof search.result === 'string' ? search.result.trim().toLowerCase() : ''
  const result = OUTCOMES.find((o) => o === wanted) ?? OUTCOME_WORDS[wanted]
  const q = typeof search.q === 'string' || typeof search.q === 'number' ? String(search.q) : ''
  return { ...validateWindowSearch(search), result, q: q.trim() ? q : undefined }
}
