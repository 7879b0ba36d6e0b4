import { apiPaths, isTaskSessionFinished, type TaskSession, type TaskSessionKind } from '@ese/shared'
import { queryOptions, useSuspenseQuery } from '@tanstack/react-query'
import { getJson } from '../../../lib/api-client.ts'
import { liveRefreshMs } from '../../../lib/query-client.ts'

export function getTaskSession(
  kind: TaskSessionKind,
  id: string,
  signal?: AbortSignal,
): Promise<TaskSession> {
  return getJson<TaskSession>(apiPaths.resource(kind, id), { signal })
}

export const taskSessionQueryKey = (kind: TaskSessionKind, id: string) => ['taskSession', kind, id] as const

/** A finished task session never changes again; a running one refreshes itself until it ends. */
export function taskSessionQueryOptions(kind: TaskSessionKind, id: string) {
  return queryOptions({
    queryKey: taskSessionQueryKey(kind, id),
    queryFn: ({ signal }) => getTaskSession(kind, id, signal),
    staleTime: (query) =>
      query.state.data && isTaskSessionFinished(query.state.data) ? Number.POSITIVE_INFINITY : 0,
    refetchInterval: (query) =>
      query.state.data && !isTaskSessionFinished(query.state.data) ? liveRefreshMs() : false,
  })
}

export function useTaskSession(kind: TaskSessionKind, id: string) {
  return useSuspenseQuery(taskSessionQueryOptions(kind, id))
}
