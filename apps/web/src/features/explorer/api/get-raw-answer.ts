import { apiPaths, type RawAnswer, type ResourceKind } from '@ese/shared'
import { queryOptions, useQuery } from '@tanstack/react-query'
import { getJson } from '../../../lib/api-client.ts'
import { explorerKeys, PANEL_QUERY_DEFAULTS } from './keys.ts'

export function getRawAnswer(kind: ResourceKind, id: string, signal?: AbortSignal): Promise<RawAnswer> {
  return getJson<RawAnswer>(apiPaths.raw(kind, id), { signal })
}

export function rawAnswerQueryOptions(kind: ResourceKind, id: string) {
  return queryOptions({
    queryKey: explorerKeys.raw(kind, id),
    queryFn: ({ signal }) => getRawAnswer(kind, id, signal),
    ...PANEL_QUERY_DEFAULTS,
  })
}

/** Asked only once the user opens "Raw EM answer" (`enabled`): most visits never look. */
export function useRawAnswer(kind: ResourceKind, id: string, enabled: boolean) {
  return useQuery({ ...rawAnswerQueryOptions(kind, id), enabled })
}
