import { apiPaths, type ServerSessions, type WindowDays } from '@ese/shared'
import { queryOptions, useQuery } from '@tanstack/react-query'
import { getJson } from '../../../lib/api-client.ts'
import { explorerKeys, PANEL_QUERY_DEFAULTS } from './keys.ts'

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

export function useServerSessions(id: string, days: WindowDays) {
  return useQuery(serverSessionsQueryOptions(id, days))
}
