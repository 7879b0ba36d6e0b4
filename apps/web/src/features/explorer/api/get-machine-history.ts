import { apiPaths, type MachineHistory, type TaskSessionKind } from '@ese/shared'
import { queryOptions, useQuery } from '@tanstack/react-query'
import { getJson } from '../../../lib/api-client.ts'
import { explorerKeys, PANEL_QUERY_DEFAULTS } from './keys.ts'

export function getMachineHistory(
  kind: TaskSessionKind,
  id: string,
  signal?: AbortSignal,
): Promise<MachineHistory> {
  return getJson<MachineHistory>(apiPaths.machineHistory(kind, id), { signal })
}

/** One query feeds both the history list and the retry verdict at the top of the page. */
export function machineHistoryQueryOptions(kind: TaskSessionKind, id: string) {
  return queryOptions({
    queryKey: explorerKeys.history(kind, id),
    queryFn: ({ signal }) => getMachineHistory(kind, id, signal),
    ...PANEL_QUERY_DEFAULTS,
  })
}

export function useMachineHistory(kind: TaskSessionKind, id: string) {
  return useQuery(machineHistoryQueryOptions(kind, id))
}
