import { apiPaths, type JobSessionKind, type TaskSessionList } from '@ese/shared'
import { queryOptions, useQuery } from '@tanstack/react-query'
import { getJson } from '../../../lib/api-client.ts'
import { liveRefreshMs } from '../../../lib/query-client.ts'

export function getJobSessionTaskSessions(
  kind: JobSessionKind,
  jobSessionId: string,
  signal?: AbortSignal,
): Promise<TaskSessionList> {
  return getJson<TaskSessionList>(apiPaths.jobSessionTaskSessions(kind, jobSessionId), { signal })
}

/** Under the job session's key, so invalidating the job session refreshes its task list too. */
export const jobSessionTaskSessionsQueryKey = (kind: JobSessionKind, jobSessionId: string) =>
  ['jobSession', kind, jobSessionId, 'taskSessions'] as const

export function jobSessionTaskSessionsQueryOptions(kind: JobSessionKind, jobSessionId: string) {
  return queryOptions({
    queryKey: jobSessionTaskSessionsQueryKey(kind, jobSessionId),
    queryFn: ({ signal }) => getJobSessionTaskSessions(kind, jobSessionId, signal),
  })
}

/**
 * The task list lives and dies with its job session: it refreshes while the job session runs and is final once
 * the job session has stopped. Read without suspense so a failing list leaves the job session on screen.
 */
export function useJobSessionTaskSessions(
  kind: JobSessionKind,
  jobSessionId: string,
  jobSessionRunning: boolean,
) {
  return useQuery({
    ...jobSessionTaskSessionsQueryOptions(kind, jobSessionId),
    staleTime: jobSessionRunning ? 0 : Number.POSITIVE_INFINITY,
    refetchInterval: jobSessionRunning ? liveRefreshMs() : false,
    // The route loader already tried (and retried); show its error instead of asking again on mount.
    retryOnMount: false,
  })
}
