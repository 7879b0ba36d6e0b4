import { apiPaths, type JobRuns, type JobSessionKind } from '@ese/shared'
import { queryOptions, useQuery } from '@tanstack/react-query'
import { getJson } from '../../../lib/api-client.ts'
import { explorerKeys, PANEL_QUERY_DEFAULTS } from './keys.ts'

export function getJobRuns(kind: JobSessionKind, id: string, signal?: AbortSignal): Promise<JobRuns> {
  return getJson<JobRuns>(apiPaths.jobRuns(kind, id), { signal })
}

export function jobRunsQueryOptions(kind: JobSessionKind, id: string) {
  return queryOptions({
    queryKey: explorerKeys.runs(kind, id),
    queryFn: ({ signal }) => getJobRuns(kind, id, signal),
    ...PANEL_QUERY_DEFAULTS,
  })
}

export function useJobRuns(kind: JobSessionKind, id: string) {
  return useQuery(jobRunsQueryOptions(kind, id))
}
