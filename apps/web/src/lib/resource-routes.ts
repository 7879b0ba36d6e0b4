import type { ResourceKind } from '@ese/shared'

/**
 * The router path of each resource's page: EM's own path segment, so a URL copied from EM's API works here with
 * only the host changed. `resource-routes.test.ts` holds these to `resourcePath` from the shared contract.
 */
export const RESOURCE_ROUTE = {
  replicaTaskSession: '/replicaTaskSessions/$id',
  backupTaskSession: '/backupTaskSessions/$id',
  replicaJobSession: '/replicaSessions/$id',
  backupJobSession: '/backupSessions/$id',
  backupServer: '/backupServers/$id',
} as const satisfies Record<ResourceKind, string>

export type ResourceRoutePath = (typeof RESOURCE_ROUTE)[ResourceKind]

/** Where "Open by ID" sends a bare GUID: the page that asks the BFF which kind of session it is. */
export const RESOLVE_ROUTE = '/sessions/$id'

/** "replication task session" → "Replication task session", for labels that start a line. */
export function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
