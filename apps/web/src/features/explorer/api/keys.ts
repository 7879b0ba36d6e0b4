import {
  isJobSessionFinished,
  type JobSessionKind,
  type ResourceKind,
  type TaskSessionKind,
  type WindowDays,
} from '@ese/shared'

/**
 * The explorer's query keys, all under `['explorer']` so one invalidation reaches every panel. A panel's
 * answer is about a session but is not the session, so it lives apart from the session's own key.
 */
export const explorerKeys = {
  all: ['explorer'] as const,
  attention: (days: WindowDays) => ['explorer', 'attention', days] as const,
  history: (kind: TaskSessionKind, id: string) => ['explorer', 'history', kind, id] as const,
  runs: (kind: JobSessionKind, id: string) => ['explorer', 'runs', kind, id] as const,
  serverSessions: (id: string, days: WindowDays) => ['explorer', 'serverSessions', id, days] as const,
  raw: (kind: ResourceKind, id: string) => ['explorer', 'raw', kind, id] as const,
}

/**
 * The BFF bounds and caches these queries for 15-30 s, so asking more often only returns the same answer: a
 * panel's data is fresh for 30 s, and coming back to the tab does not refetch (the polled ones poll instead).
 */
export const PANEL_QUERY_DEFAULTS = {
  staleTime: 30_000,
  refetchOnWindowFocus: false,
} as const

/** How often the lists that stay open (the home page's) refresh themselves, in a visible tab only. */
export const PANEL_REFRESH_MS = 60_000

/** How long after a run ends its strip of runs still looks for the next one (a retry starts within minutes). */
export const NEXT_RUN_WATCH_MS = 60 * 60_000

/** A server's list refreshes while any of its sessions still runs: their state, progress and result change. */
export function serverSessionsRefreshMs(
  items: readonly { state: string; endTime: string | null }[] | undefined,
) {
  return items?.some((item) => !isJobSessionFinished(item)) ? PANEL_REFRESH_MS : false
}

/**
 * A job's runs refresh while the page's run is the newest and still runs or ended within the last hour: its
 * retry or the next run may start. Older runs (a next run known) never change.
 */
export function jobRunsRefreshMs(
  data: { next: unknown } | undefined,
  session: { endTime: string | null } | undefined,
  now: number,
) {
  if (!data || data.next !== null || !session) return false
  const ended = session.endTime ? Date.parse(session.endTime) : Number.NaN
  return Number.isNaN(ended) || now - ended < NEXT_RUN_WATCH_MS ? PANEL_REFRESH_MS : false
}
