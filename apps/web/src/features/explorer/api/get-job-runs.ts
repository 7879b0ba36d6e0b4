import { apiPaths, type JobRuns, type JobSession, type JobSessionKind } from '@ese/shared'
import { queryOptions, useQuery } from '@tanstack/react-query'
import { getJson } from '../../../lib/api-client.ts'
import { explorerKeys, jobRunsRefreshMs, PANEL_QUERY_DEFAULTS } from './keys.ts'

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

/**
 * Stepping to the next run of the same job keeps the strip on screen while the new answer loads (the run is
 * in it); a run of another job starts from the skeleton rather than show the wrong job's runs. While the page's
 * run is the newest (`session`, the page's copy), the strip looks for the next run every minute.
 */
export function useJobRuns(kind: JobSessionKind, id: string, session?: JobSession) {
  return useQuery({
    ...jobRunsQueryOptions(kind, id),
    placeholderData: (previous) => (previous?.items.some((run) => run.id === id) ? previous : undefined),
    refetchInterval: (query) => jobRunsRefreshMs(query.state.data, session, Date.now()),
    refetchIntervalInBackground: false,
  })
}
