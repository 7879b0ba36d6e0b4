import { apiPaths, type ReplicaTaskSessionList } from '@ese/shared'
import { queryOptions, useQuery } from '@tanstack/react-query'
import { getJson } from '../../../lib/api-client.ts'
import { LIVE_REFRESH_MS } from '../../../lib/query-client.ts'

export function getReplicaJobSessionTaskSessions(
  jobSessionId: string,
  signal?: AbortSignal,
): Promise<ReplicaTaskSessionList> {
  return getJson<ReplicaTaskSessionList>(apiPaths.jobSessionTaskSessions(jobSessionId), { signal })
}

/** Under the job session's key, so invalidating the job session refreshes its task list too. */
export const replicaJobSessionTaskSessionsQueryKey = (jobSessionId: string) =>
  ['replicaJobSession', jobSessionId, 'replicaTaskSessions'] as const

export function replicaJobSessionTaskSessionsQueryOptions(jobSessionId: string) {
  return queryOptions({
    queryKey: replicaJobSessionTaskSessionsQueryKey(jobSessionId),
    queryFn: ({ signal }) => getReplicaJobSessionTaskSessions(jobSessionId, signal),
  })
}

/**
 * The task list lives and dies with its job session: it refreshes while the job session runs and is final once
 * the job session has stopped. Read without suspense so a failing list leaves the job session on screen.
 */
export function useReplicaJobSessionTaskSessions(jobSessionId: string, jobSessionRunning: boolean) {
  return useQuery({
    ...replicaJobSessionTaskSessionsQueryOptions(jobSessionId),
    staleTime: jobSessionRunning ? 0 : Number.POSITIVE_INFINITY,
    refetchInterval: jobSessionRunning ? LIVE_REFRESH_MS : false,
    // The route loader already tried (and retried); show its error instead of asking again on mount.
    retryOnMount: false,
  })
}
