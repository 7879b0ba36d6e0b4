import { apiPaths, type BackupServer } from '@ese/shared'
import { queryOptions, useSuspenseQuery } from '@tanstack/react-query'
import { getJson } from '../../../lib/api-client.ts'

export function getBackupServer(id: string, signal?: AbortSignal): Promise<BackupServer> {
  return getJson<BackupServer>(apiPaths.resource('backupServer', id), { signal })
}

export const backupServerQueryKey = (id: string) => ['backupServer', id] as const

export function backupServerQueryOptions(id: string) {
  return queryOptions({
    queryKey: backupServerQueryKey(id),
    queryFn: ({ signal }) => getBackupServer(id, signal),
    // A backup server's name, version and port rarely change; no need to ask EM on every visit.
    staleTime: 5 * 60_000,
  })
}

export function useBackupServer(id: string) {
  return useSuspenseQuery(backupServerQueryOptions(id))
}
