/**
 * The EM resources the dashboard shows, with the path segment EM (and therefore the BFF and the SPA) uses for
 * each, and the type name inside its URN (`urn:veeam:<urnType>:<guid>`).
 */
export const RESOURCE_KINDS = [
  'replicaTaskSession',
  'replicaJobSession',
  'backupTaskSession',
  'backupJobSession',
  'backupServer',
] as const

export type ResourceKind = (typeof RESOURCE_KINDS)[number]

export const TASK_SESSION_KINDS = ['replicaTaskSession', 'backupTaskSession'] as const
export const JOB_SESSION_KINDS = ['replicaJobSession', 'backupJobSession'] as const
/** Every kind of session a bare GUID can be (`GET /api/resolve/:id` asks EM for each). */
export const SESSION_KINDS = [...TASK_SESSION_KINDS, ...JOB_SESSION_KINDS] as const

export type TaskSessionKind = (typeof TASK_SESSION_KINDS)[number]
export type JobSessionKind = (typeof JOB_SESSION_KINDS)[number]
export type SessionKind = (typeof SESSION_KINDS)[number]

export type ResourceInfo = {
  /** Path segment under `/api` on EM, the BFF and the SPA alike. */
  segment: string
  /** Type name in the resource's URN, and the `type` of EM's query service for sessions. */
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
  backupTaskSession: {
    segment: 'backupTaskSessions',
    urnType: 'BackupTaskSession',
    linkTypes: ['BackupTaskSessionReference', 'BackupTaskSession'],
    label: 'backup task session',
  },
  backupJobSession: {
    segment: 'backupSessions',
    urnType: 'BackupJobSession',
    linkTypes: ['BackupJobSessionReference', 'BackupJobSession'],
    label: 'backup job session',
  },
  backupServer: {
    segment: 'backupServers',
    urnType: 'BackupServer',
    linkTypes: ['BackupServerReference', 'BackupServer'],
    label: 'backup server',
  },
}

/**
 * A job session's task list: its path segment under the job session (EM names the backup one `taskSessions`,
 * not `backupTaskSessions`), and the kind of its items.
 */
export const TASK_LIST: Record<JobSessionKind, { segment: string; taskKind: TaskSessionKind }> = {
  replicaJobSession: { segment: 'replicaTaskSessions', taskKind: 'replicaTaskSession' },
  backupJobSession: { segment: 'taskSessions', taskKind: 'backupTaskSession' },
}

/** The job session kind a task session kind belongs to, and back. */
export const JOB_KIND_OF: Record<TaskSessionKind, JobSessionKind> = {
  replicaTaskSession: 'replicaJobSession',
  backupTaskSession: 'backupJobSession',
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

export function isTaskSessionKind(kind: string): kind is TaskSessionKind {
  return (TASK_SESSION_KINDS as readonly string[]).includes(kind)
}

export function isJobSessionKind(kind: string): kind is JobSessionKind {
  return (JOB_SESSION_KINDS as readonly string[]).includes(kind)
}
