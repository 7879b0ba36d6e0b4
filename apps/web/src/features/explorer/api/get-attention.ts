import { type Attention, apiPaths, type WindowDays } from '@ese/shared'
import { queryOptions, useQuery } from '@tanstack/react-query'
import { getJson } from '../../../lib/api-client.ts'
import { explorerKeys, PANEL_QUERY_DEFAULTS, PANEL_REFRESH_MS } from './keys.ts'

export function getAttention(days: WindowDays, signal?: AbortSignal): Promise<Attention> {
  return getJson<Attention>(apiPaths.attention(days), { signal })
}

/** Refreshed every minute while the page is open and its tab visible. */
export function attentionQueryOptions(days: WindowDays) {
  return queryOptions({
    queryKey: explorerKeys.attention(days),
    queryFn: ({ signal }) => getAttention(days, signal),
    ...PANEL_QUERY_DEFAULTS,
    refetchInterval: PANEL_REFRESH_MS,
    refetchIntervalInBackground: false,
  })
}

export function useAttention(days: WindowDays) {
  return useQuery(attentionQueryOptions(days))
}
