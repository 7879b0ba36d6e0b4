import type { JobSessionKind, ResourceKind, TaskSessionKind, WindowDays } from '@ese/shared'

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
