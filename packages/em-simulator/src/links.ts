/**
 * Links and hrefs of every resource, shared by the XML and JSON writers (they are protocol content, not
 * encoding). Sets and order follow the v13 docs pages cited on each function; hrefs always use the correct
 * `replicaTaskSessions` spelling (DECISIONS), never the docs' `repicaTaskSessions` typo.
 */
import type { BackupServer, Job, JobSessionPlan, TaskPlan, TaskSessionView } from './data/model.ts'
import { guidFor } from './util/prng.ts'
import { formatNameStamp } from './util/time.ts'

export type Link = { rel: string; href: string; name?: string; type?: string }

export type Ctx = {
  /** `https://host:port` as the client addressed us (Host header), no trailing slash. */
  origin: string
}

export const api = (ctx: Ctx, path: string): string => `${ctx.origin}/api/${path}`

export const hrefs = {
  taskSession: (ctx: Ctx, id: string, entity = false) =>
    api(ctx, `replicaTaskSessions/${id}${entity ? '?format=Entity' : ''}`),
  jobSession: (ctx: Ctx, id: string, entity = false) =>
    api(ctx, `replicaSessions/${id}${entity ? '?format=Entity' : ''}`),
  backupServer: (ctx: Ctx, id: string, entity = false) =>
    api(ctx, `backupServers/${id}${entity ? '?format=Entity' : ''}`),
  job: (ctx: Ctx, id: string, entity = false) => api(ctx, `jobs/${id}${entity ? '?format=Entity' : ''}`),
  logonSession: (ctx: Ctx, id: string) => api(ctx, `logonSessions/${id}`),
}

export const taskSessionName = (task: TaskPlan): string => `${task.vmName}@${formatNameStamp(task.created)}`
export const jobSessionName = (session: JobSessionPlan): string =>
  `${session.job.name}@${formatNameStamp(session.created)}`

/**
 * The replica restore point a completed, not failed, task produced, linked `Related` (Type VmReplicaPoint) as in
 * the replicatasksessions_id.md entity example. (The v13.1 list example shows a task without it: clients must
 * expect either.) Its ID derives from the task's seed-dependent ID; `/vmReplicaPoints` itself is not simulated.
 */
const replicaPointIds = new Map<string, string>()

export function replicaPointLink(ctx: Ctx, v: TaskSessionView): Link | null {
  if (v.state !== 'Completed' || v.result === 'Failed' || v.endTime === null) return null
  const { plan: task } = v
  const created = task.runStart + Math.floor((task.end - task.runStart) / 2)
  let pointId = replicaPointIds.get(task.id)
  if (pointId === undefined) {
    pointId = guidFor(0, `replica-point:${task.id}`)
    replicaPointIds.set(task.id, pointId)
  }
  return {
    rel: 'Related',
    href: api(ctx, `vmReplicaPoints/${pointId}?format=Entity`),
    name: `${task.vmName}@${formatNameStamp(created)}`,
    type: 'VmReplicaPoint',
  }
}

/** The entity's links, with the Related replica point when one exists. */
export function taskLinks(ctx: Ctx, v: TaskSessionView): Link[] {
  const links = taskSessionLinks(ctx, v.session, v.plan, true)
  const point = replicaPointLink(ctx, v)
  return point ? [...links, point] : links
}

/** get_replicatasksessions_id.md: Up backup server, Up job session, Alternate (the other representation). */
export function taskSessionLinks(ctx: Ctx, session: JobSessionPlan, task: TaskPlan, entity: boolean): Link[] {
  const server = session.job.server
  return [
    { rel: 'Up', href: hrefs.backupServer(ctx, server.id), name: server.name, type: 'BackupServerReference' },
    {
      rel: 'Up',
      href: hrefs.jobSession(ctx, session.id),
      name: jobSessionName(session),
      type: 'ReplicaJobSessionReference',
    },
    {
      rel: 'Alternate',
      href: hrefs.taskSession(ctx, task.id, !entity),
      name: taskSessionName(task),
      type: entity ? 'ReplicaTaskSessionReference' : 'ReplicaTaskSession',
    },
  ]
}

/** get_replicasessions_id.md: Up backup server, Up job, Alternate, Down task sessions. */
export function jobSessionLinks(ctx: Ctx, session: JobSessionPlan, entity: boolean): Link[] {
  const { job } = session
  return [
    {
      rel: 'Up',
      href: hrefs.backupServer(ctx, job.server.id),
      name: job.server.name,
      type: 'BackupServerReference',
    },
    { rel: 'Up', href: hrefs.job(ctx, job.id), name: job.name, type: 'JobReference' },
    {
      rel: 'Alternate',
      href: hrefs.jobSession(ctx, session.id, !entity),
      name: jobSessionName(session),
      type: entity ? 'ReplicaJobSessionReference' : 'ReplicaJobSession',
    },
    {
      rel: 'Down',
      href: `${hrefs.jobSession(ctx, session.id)}/replicaTaskSessions`,
      type: 'ReplicaTaskSessionReferenceList',
    },
  ]
}

/**
 * Entity: the verbatim backupservers_id.md example, action links included (clients must ignore them).
 * Reference: the v13 resource_representations.md JSON example.
 */
export function backupServerLinks(ctx: Ctx, server: BackupServer, entity: boolean): Link[] {
  const self = hrefs.backupServer(ctx, server.id)
  if (!entity) {
    return [
      { rel: 'Down', href: `${self}/jobs`, type: 'JobReferenceList' },
      { rel: 'Down', href: `${self}/repositories`, type: 'RepositoryReferenceList' },
      { rel: 'Down', href: `${self}/externalRepositories`, type: 'ExternalRepositoryReferenceList' },
      { rel: 'Down', href: `${self}/credentials`, type: 'CredentialsList' },
      { rel: 'Down', href: `${self}/passwords`, type: 'PasswordKeyList' },
      {
        rel: 'Alternate',
        href: hrefs.backupServer(ctx, server.id, true),
        name: server.name,
        type: 'BackupServer',
      },
      { rel: 'Down', href: `${self}/managedServers`, type: 'ManagedServerReferenceList' },
    ]
  }
  return [
    { rel: 'Alternate', href: self, name: server.name, type: 'BackupServerReference' },
    { rel: 'Edit', href: self, type: 'BackupServerReference' },
    { rel: 'Delete', href: self, type: 'BackupServerReference' },
    { rel: 'Down', href: `${self}/jobs`, type: 'JobReferenceList' },
    { rel: 'Down', href: `${self}/managedServers`, type: 'ManagedServerReferenceList' },
    { rel: 'Down', href: `${self}/repositories`, type: 'RepositoryReferenceList' },
    { rel: 'Down', href: `${self}/credentials`, type: 'CredentialsList' },
    { rel: 'Create', href: `${self}/credentials?action=create` },
    { rel: 'Down', href: `${self}/passwords`, type: 'PasswordKeyList' },
    { rel: 'Create', href: `${self}/passwords?action=create` },
    { rel: 'VeeamZip', href: `${self}?action=veeamzip` },
    { rel: 'QuickBackup', href: `${self}?action=quickbackup` },
    { rel: 'Start', href: `${self}?action=collect` },
  ]
}

/**
 * Entity: the jobs_id.md example's set and order. For a replication job the session list is
 * `/jobs/{ID}/replicaSessions` (ReplicaJobSessionReferenceList), as the 9.5 jobs.md example shows for
 * replication jobs; the v13 page only shows a backup job's `/backupSessions`.
 */
export function jobLinks(ctx: Ctx, job: Job, entity: boolean): Link[] {
  const self = hrefs.job(ctx, job.id)
  const server = {
    rel: 'Up',
    href: hrefs.backupServer(ctx, job.server.id),
    name: job.server.name,
    type: 'BackupServerReference',
  }
  const sessions = { rel: 'Down', href: `${self}/replicaSessions`, type: 'ReplicaJobSessionReferenceList' }
  if (!entity) {
    return [
      server,
      { rel: 'Alternate', href: hrefs.job(ctx, job.id, true), name: job.name, type: 'Job' },
      sessions,
    ]
  }
  return [
    server,
    { rel: 'Alternate', href: self, name: job.name, type: 'JobReference' },
    { rel: 'Edit', href: self, name: job.name, type: 'JobReference' },
    { rel: 'Clone', href: `${self}?action=clone` },
    { rel: 'ToggleScheduleEnabled', href: `${self}?action=toggleScheduleEnabled` },
    { rel: 'Down', href: `${self}/includes`, type: 'ObjectInJobList' },
    sessions,
    { rel: 'Create', href: `${self}/includes`, type: 'ObjectInJob' },
    { rel: 'Start', href: `${self}?action=start` },
    { rel: 'Stop', href: `${self}?action=stop` },
    { rel: 'Retry', href: `${self}?action=retry` },
  ]
}

/** The v13.1 loginsessions_id.md example's full list (EM_API_FACTS §1.3), in order. */
const LOGON_DOWN_LINKS: [type: string, path: string, name?: string][] = [
  ['BackupServerReferenceList', 'backupServers'],
  ['ManagedServerReferenceList', 'managedServers'],
  ['JobReferenceList', 'jobs'],
  ['FailoverPlanReferenceList', 'failoverPlans'],
  ['HierarchyRootReferenceList', 'hierarchyRoots'],
  ['RepositoryReferenceList', 'repositories'],
  ['BackupReferenceList', 'backups'],
  ['RestorePointReferenceList', 'restorePoints'],
  ['VmRestorePointReferenceList', 'vmRestorePoints'],
  ['VAppRestorePointReferenceList', 'vAppRestorePoints'],
  ['ReplicaReferenceList', 'replicas'],
  ['VmReplicaPointReferenceList', 'vmReplicaPoints'],
  ['CatalogVmReferenceList', 'catalog/vms'],
  ['BackupJobSessionReferenceList', 'backupSessions'],
  ['RestoreSessionReferenceList', 'restoreSessions'],
  ['ReplicaJobSessionReferenceList', 'replicaSessions'],
  ['BackupTaskSessionReferenceList', 'backupTaskSessions'],
  ['ReplicaTaskSessionReferenceList', 'replicaTaskSessions'],
  ['EnterpriseSecuritySettings', 'security'],
  ['WanAcceleratorReferenceList', 'wanAccelerators'],
  ['BackupFileReferenceList', 'backupFiles'],
  ['TaskList', 'tasks'],
  ['QueryService', 'querySvc'],
  ['LookupService', 'lookupSvc'],
  ['Report', 'reports/summary', 'Summary'],
  ['BackupServerList', 'backupServers?format=Entity'],
  ['ManagedServerList', 'managedServers?format=Entity'],
]
const LOGON_DOWN_LINKS_2: [type: string, path: string][] = [
  ['JobList', 'jobs?format=Entity'],
  ['FailoverPlanList', 'failoverPlans?format=Entity'],
  ['HierarchyRootList', 'hierarchyRoots?format=Entity'],
  ['RepositoryList', 'repositories?format=Entity'],
  ['BackupList', 'backups?format=Entity'],
  ['RestorePointList', 'restorePoints?format=Entity'],
  ['VmRestorePointList', 'vmRestorePoints?format=Entity'],
  ['VAppRestorePointList', 'vAppRestorePoints?format=Entity'],
  ['ReplicaList', 'replicas?format=Entity'],
  ['VmReplicaPointList', 'vmReplicaPoints?format=Entity'],
  ['CatalogVmList', 'catalog/vms?format=Entity'],
  ['BackupJobSessionList', 'backupSessions?format=Entity'],
  ['RestoreSessionList', 'restoreSessions?format=Entity'],
  ['ReplicaJobSessionList', 'replicaSessions?format=Entity'],
  ['BackupTaskSessionList', 'backupTaskSessions?format=Entity'],
  ['ReplicaTaskSessionList', 'replicaTaskSessions?format=Entity'],
  ['WanAcceleratorList', 'wanAccelerators?format=Entity'],
  ['VCloudService', 'vCloud'],
  ['BackupFileList', 'backupFiles?format=Entity'],
  ['CloudConnectService', 'cloud'],
]

export function logonSessionLinks(ctx: Ctx, sessionId: string): Link[] {
  const down = (list: [string, string, string?][]): Link[] =>
    list.map(([type, path, name]) =>
      name === undefined
        ? { rel: 'Down', href: api(ctx, path), type }
        : { rel: 'Down', href: api(ctx, path), name, type },
    )
  return [
    { rel: 'Up', href: api(ctx, ''), type: 'EnterpriseManager' },
    ...down(LOGON_DOWN_LINKS),
    { rel: 'Create', href: api(ctx, 'backupServers?action=create') },
    ...down(LOGON_DOWN_LINKS_2),
    { rel: 'Delete', href: hrefs.logonSession(ctx, sessionId) },
  ]
}

export const SUPPORTED_VERSIONS = ['v1_5', 'v1_6', 'v1_7'] as const

/** An entity reference (EntityReferenceType: Links, @UID, @Name, @Href, @Type). */
export type RefModel = { uid: string; name: string; href: string; type: string; links: Link[] }

export function taskSessionRef(ctx: Ctx, session: JobSessionPlan, task: TaskPlan): RefModel {
  return {
    uid: `urn:veeam:ReplicaTaskSession:${task.id}`,
    name: taskSessionName(task),
    href: hrefs.taskSession(ctx, task.id),
    type: 'ReplicaTaskSessionReference',
    links: taskSessionLinks(ctx, session, task, false),
  }
}

export function jobSessionRef(ctx: Ctx, session: JobSessionPlan): RefModel {
  return {
    uid: `urn:veeam:ReplicaJobSession:${session.id}`,
    name: jobSessionName(session),
    href: hrefs.jobSession(ctx, session.id),
    type: 'ReplicaJobSessionReference',
    links: jobSessionLinks(ctx, session, false),
  }
}

export function backupServerRef(ctx: Ctx, server: BackupServer): RefModel {
  return {
    uid: `urn:veeam:BackupServer:${server.id}`,
    name: server.name,
    href: hrefs.backupServer(ctx, server.id),
    type: 'BackupServerReference',
    links: backupServerLinks(ctx, server, false),
  }
}

export function jobRef(ctx: Ctx, job: Job): RefModel {
  return {
    uid: `urn:veeam:Job:${job.id}`,
    name: job.name,
    href: hrefs.job(ctx, job.id),
    type: 'JobReference',
    links: jobLinks(ctx, job, false),
  }
}
