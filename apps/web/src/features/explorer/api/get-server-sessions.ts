import { apiPaths, type ServerSessions, type WindowDays } from '@ese/shared'
import { queryOptions, useQuery } from '@tanstack/react-query'
import { getJson } from '../../../lib/api-client.ts'
import { explorerKeys, PANEL_QUERY_DEFAULTS, serverSessionsRefreshMs } from './keys.ts'

export function getServerSessions(
  id: string,
  days: WindowDays,
  signal?: AbortSignal,
): Promise<ServerSessions> {
  return getJson<ServerSessions>(apiPaths.serverSessions(id, days), { signal })
}

export function serverSessionsQueryOptions(id: string, days: WindowDays) {
  return queryOptions({
    queryKey: explorerKeys.serverSessions(id, days),
    queryFn: ({ signal }) => getServerSessions(id, days, signal),
    ...PANEL_QUERY_DEFAULTS,
  })
}

/** Refreshed every minute while a session in it still runs (in a visible tab). */
export function useServerSessions(id: string, days: WindowDays) {
  return useQuery({
    ...serverSessionsQueryOptions(id, days),
    refetchInterval: (query) => serverSessionsRefreshMs(query.state.data?.items),
    refetchIntervalInBackground: false,
  })
}
