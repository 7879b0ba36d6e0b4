import { apiPaths, type ResolvedSession } from '@ese/shared'
import { queryOptions } from '@tanstack/react-query'
import { getJson } from '../../../lib/api-client.ts'

/** `GET /api/resolve/:id`: which kind of session a bare GUID is (the BFF asks EM for each kind). */
export function resolveSession(id: string, signal?: AbortSignal): Promise<ResolvedSession> {
  return getJson<ResolvedSession>(apiPaths.resolve(id), { signal })
}

export const resolvedSessionQueryKey = (id: string) => ['resolvedSession', id] as const

/** A GUID's kind never changes: once known, the next "Open" of the same ID goes straight to its page. */
export function resolvedSessionQueryOptions(id: string) {
  return queryOptions({
    queryKey: resolvedSessionQueryKey(id),
    queryFn: ({ signal }) => resolveSession(id, signal),
    staleTime: Number.POSITIVE_INFINITY,
  })
}
