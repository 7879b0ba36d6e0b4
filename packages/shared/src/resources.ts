/**
 * The EM resources the dashboard shows, with the path segment EM (and therefore the BFF and the SPA) uses for
 * each, and the type name inside its URN (`urn:veeam:<urnType>:<guid>`).
 */
export const RESOURCE_KINDS = ['replicaTaskSession', 'replicaJobSession', 'backupServer'] as const

export type ResourceKind = (typeof RESOURCE_KINDS)[number]

export type ResourceInfo = {
  /** Path segment under `/api` on EM, the BFF and the SPA alike. */
  segment: string
  /** Type name in the resource's URN. */
  urnType: string
  /** EM link `Type` values that point at this resource (reference and entity). */
  linkTypes: readonly string[]
  /** What a user calls it, for titles and messages. */
  label: string
}

export const RESOURCES: Record<ResourceKind, ResourceInfo> = {
  replicaTaskSession: {
    segment: 'replicaTaskSessions',
    urnType: 'ReplicaTaskSession',
    linkTypes: ['ReplicaTaskSessionReference', 'ReplicaTaskSession'],
    label: 'replication task session',
  },
  replicaJobSession: {
    segment: 'replicaSessions',
    urnType: 'ReplicaJobSession',
    linkTypes: ['ReplicaJobSessionReference', 'ReplicaJobSession'],
    label: 'replication job session',
  },
  backupServer: {
    segment: 'backupServers',
    urnType: 'BackupServer',
    linkTypes: ['BackupServerReference', 'BackupServer'],
    label: 'backup server',
  },
}

const LINK_TYPE_TO_KIND = new Map<string, ResourceKind>(
  RESOURCE_KINDS.flatMap((kind) =>
    RESOURCES[kind].linkTypes.map((type): [string, ResourceKind] => [type, kind]),
  ),
)

/** The dashboard (and BFF, under `/api`) path of a resource. */
export function resourcePath(kind: ResourceKind, id: string): string {
  return `/${RESOURCES[kind].segment}/${id}`
}

/** The resource kind whose EM link `Type` this is, or null for anything the dashboard does not show. */
export function kindOfLinkType(type: string | null | undefined): ResourceKind | null {
  return (type && LINK_TYPE_TO_KIND.get(type)) || null
}
