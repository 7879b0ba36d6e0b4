import { apiPaths, isTaskSessionFinished, type ReplicaTaskSession } from '@ese/shared'
import { queryOptions, useSuspenseQuery } from '@tanstack/react-query'
import { getJson } from '../../../lib/api-client.ts'
import { LIVE_REFRESH_MS } from '../../../lib/query-client.ts'

export function getReplicaTaskSession(id: string, signal?: AbortSignal): Promise<ReplicaTaskSession> {
  return getJson<ReplicaTaskSession>(apiPaths.resource('replicaTaskSession', id), { signal })
}

export const replicaTaskSessionQueryKey = (id: string) => ['replicaTaskSession', id] as const

/** A finished task session never changes again; a running one refreshes itself until it ends. */
export function replicaTaskSessionQueryOptions(id: string) {
  return queryOptions({
    queryKey: replicaTaskSessionQueryKey(id),
    queryFn: ({ signal }) => getReplicaTaskSession(id, signal),
    staleTime: (query) =>
      query.state.data && isTaskSessionFinished(query.state.data) ? Number.POSITIVE_INFINITY : 0,
    refetchInterval: (query) =>
      query.state.data && !isTaskSessionFinished(query.state.data) ? LIVE_REFRESH_MS : false,
  })
}

export function useReplicaTaskSession(id: string) {
  return useSuspenseQuery(replicaTaskSessionQueryOptions(id))
}
