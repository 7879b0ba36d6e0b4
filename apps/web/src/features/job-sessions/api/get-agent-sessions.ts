import { apiPaths, type JobSessionList } from '@ese/shared'
import { queryOptions, useQuery } from '@tanstack/react-query'
import { getJson } from '../../../lib/api-client.ts'
import { liveRefreshMs } from '../../../lib/query-client.ts'

/** An agent backup's per-computer sessions, under the parent job session's key. */
export const agentSessionsQueryKey = (id: string) =>
  ['jobSession', 'backupJobSession', id, 'agentSessions'] as const

export function agentSessionsQueryOptions(id: string) {
  return queryOptions({
    queryKey: agentSessionsQueryKey(id),
    queryFn: ({ signal }) => getJson<JobSessionList>(apiPaths.agentSessions(id), { signal }),
  })
}

/** Refreshes while the parent runs, like its task list; final once it has stopped. */
export function useAgentSessions(id: string, parentRunning: boolean) {
  return useQuery({
    ...agentSessionsQueryOptions(id),
    staleTime: parentRunning ? 0 : Number.POSITIVE_INFINITY,
    refetchInterval: parentRunning ? liveRefreshMs() : false,
  })
}
