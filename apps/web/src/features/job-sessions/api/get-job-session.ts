import { apiPaths, isJobSessionFinished, type ReplicaJobSession } from '@ese/shared'
import { queryOptions, useSuspenseQuery } from '@tanstack/react-query'
import { getJson } from '../../../lib/api-client.ts'
import { LIVE_REFRESH_MS } from '../../../lib/query-client.ts'

export function getReplicaJobSession(id: string, signal?: AbortSignal): Promise<ReplicaJobSession> {
  return getJson<ReplicaJobSession>(apiPaths.resource('replicaJobSession', id), { signal })
}

export const replicaJobSessionQueryKey = (id: string) => ['replicaJobSession', id] as const

/** A stopped job session never changes again; a running one refreshes itself until it ends. */
export function replicaJobSessionQueryOptions(id: string) {
  return queryOptions({
    queryKey: replicaJobSessionQueryKey(id),
    queryFn: ({ signal }) => getReplicaJobSession(id, signal),
    staleTime: (query) =>
      query.state.data && isJobSessionFinished(query.state.data) ? Number.POSITIVE_INFINITY : 0,
    refetchInterval: (query) =>
      query.state.data && !isJobSessionFinished(query.state.data) ? LIVE_REFRESH_MS : false,
  })
}

export function useReplicaJobSession(id: string) {
  return useSuspenseQuery(replicaJobSessionQueryOptions(id))
}
