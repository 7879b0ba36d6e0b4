import { apiPaths, isJobSessionFinished, type JobSession, type JobSessionKind } from '@ese/shared'
import { queryOptions, useSuspenseQuery } from '@tanstack/react-query'
import { getJson } from '../../../lib/api-client.ts'
import { liveRefreshMs } from '../../../lib/query-client.ts'

export function getJobSession(kind: JobSessionKind, id: string, signal?: AbortSignal): Promise<JobSession> {
  return getJson<JobSession>(apiPaths.resource(kind, id), { signal })
}

export const jobSessionQueryKey = (kind: JobSessionKind, id: string) => ['jobSession', kind, id] as const

/** A stopped job session never changes again; a running one refreshes itself until it ends. */
export function jobSessionQueryOptions(kind: JobSessionKind, id: string) {
  return queryOptions({
    queryKey: jobSessionQueryKey(kind, id),
    queryFn: ({ signal }) => getJobSession(kind, id, signal),
    staleTime: (query) =>
      query.state.data && isJobSessionFinished(query.state.data) ? Number.POSITIVE_INFINITY : 0,
    refetchInterval: (query) =>
      query.state.data && !isJobSessionFinished(query.state.data) ? liveRefreshMs() : false,
  })
}

export function useJobSession(kind: JobSessionKind, id: string) {
  return useSuspenseQuery(jobSessionQueryOptions(kind, id))
}
