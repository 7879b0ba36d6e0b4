/**
 * Links and hrefs of every resource, shared by the XML and JSON writers (they are protocol content, not
 * encoding). Sets and order follow the v13 docs pages cited on each function; hrefs always use the correct
 * `replicaTaskSessions` spelling (DECISIONS), never the docs' `repicaTaskSessions` typo.
 */
import {
  type BackupServer,
  type Job,
  type JobSessionPlan,
  type JobSessionView,
  type SessionKind,
  sessionTasks,
  type TaskPlan,
  type TaskSessionView,
} from './data/model.ts'
import { guidFor } from './util/prng.ts'
import { formatNameStamp } from './util/time.ts'

export type Link = { rel: string; href: string; name?: string; type?: string }

export type Ctx = {
  /** `https://host:port` as the client addressed us (Host header), no trailing slash. */
  origin: string
}

export const api = (ctx: Ctx, path: string): string => `${ctx.origin}/api/${path}`

/** Paths and type names of the two session families (SESSIONS_QUERIES_ROLES §1.3). */
export type Vocab = {
  taskPath: string
  jobPath: string
  /** The child list of a job session: `replicaTaskSessions` for replica, `taskSessions` for backup. */
  childPath: string
  task: 'ReplicaTaskSession' | 'BackupTaskSession'
  job: 'ReplicaJobSession' | 'BackupJobSession'
  pointPath: string
  pointType: 'VmReplicaPoint' | 'VmRestorePoint'
}

export const VOCAB: Record<SessionKind, Vocab> = {
  replica: {
    taskPath: 'replicaTaskSessions',
    jobPath: 'replicaSessions',
    childPath: 'replicaTaskSessions',
    task: 'ReplicaTaskSession',
    job: 'ReplicaJobSession',
    pointPath: 'vmReplicaPoints',
    pointType: 'VmReplicaPoint',
  },
  backup: {
    taskPath: 'backupTaskSessions',
    jobPath: 'backupSessions',
    childPath: 'taskSessions',
    task: 'BackupTaskSession',
    job: 'BackupJobSession',
    pointPath: 'vmRestorePoints',
    pointType: 'VmRestorePoint',
  },
}

const entityQs = (entity: boolean): string => (entity ? '?format=Entity' : '')

export const hrefs = {
  taskSession: (ctx: Ctx, kind: SessionKind, id: string, entity = false) =>
    api(ctx, `${VOCAB[kind].taskPath}/${id}${entityQs(entity)}`),
  jobSession: (ctx: Ctx, kind: SessionKind, id: string, entity = false) =>
    api(ctx, `${VOCAB[kind].jobPath}/${id}${entityQs(entity)}`),
  backupServer: (ctx: Ctx, id: string, entity = false) => api(ctx, `backupServers/${id}${entityQs(entity)}`),
  /** VM and file share jobs are linked under /jobs, agent jobs under /agents/jobs. */
  job: (ctx: Ctx, job: Job, entity = false) => api(ctx, `${job.path}/${job.id}${entityQs(entity)}`),
  logonSession: (ctx: Ctx, id: string) => api(ctx, `logonSessions/${id}`),
}

// Names are asked for several times per entity (attribute, links) and per task of a list: formatted once.
const names = new WeakMap<TaskPlan | JobSessionPlan, string>()

export function taskSessionName(task: TaskPlan): string {
  let name = names.get(task)
  if (name === undefined) {
    name = `${task.vmName}@${formatNameStamp(task.created)}`
    names.set(task, name)
  }
  return name
}

export function jobSessionName(session: JobSessionPlan): string {
  let name = names.get(session)
  if (name === undefined) {
    name = `${session.job.name}@${formatNameStamp(session.created)}`
    names.set(session, name)
  }
  return name
}

export const taskUid = (session: JobSessionPlan, task: TaskPlan): string =>
  `urn:veeam:${VOCAB[session.job.kind].task}:${task.id}`
export const jobSessionUid = (session: JobSessionPlan): string =>
  `urn:veeam:${VOCAB[session.job.kind].job}:${session.id}`

/** IDs of points the simulator does not serve, derived from the producing session's ID (memoized: hashing costs). */
const pointIds = new Map<string, string>()

function pointId(key: string): string {
  let id = pointIds.get(key)
  if (id === undefined) {
    id = guidFor(0, key)
    pointIds.set(key, id)
  }
  return id
}

/**
 * The point a completed, not failed, task produced, linked `Related`: VmReplicaPoint for replica tasks (the
 * replicatasksessions_id.md entity example), VmRestorePoint for backup tasks (get_backuptasksessions_id.md; absent
 * on failed tasks, SESSIONS_QUERIES_ROLES §1.2). The v13.1 replica list example shows a task without it: clients
 * must expect either. A task that processed no VM (agent computer, file share) links no VM restore point.
 * `/vmReplicaPoints` and `/vmRestorePoints` are not simulated.
 */
export function pointLink(ctx: Ctx, v: TaskSessionView): Link | null {
  if (v.state !== 'Completed' || v.result === 'Failed' || v.endTime === null) return null
  const { plan: task } = v
  if (v.session.job.kind === 'backup' && task.vmUid === null) return null
  const vocab = VOCAB[v.session.job.kind]
  const created = task.runStart + Math.floor((task.end - task.runStart) / 2)
  const key = v.session.job.kind === 'replica' ? `replica-point:${task.id}` : `restore-point:${task.id}`
  return {
    rel: 'Related',
    href: api(ctx, `${vocab.pointPath}/${pointId(key)}?format=Entity`),
    name: `${task.vmName}@${formatNameStamp(created)}`,
    type: vocab.pointType,
  }
}

/** The entity's links, with the Related point when one exists. */
export function taskLinks(ctx: Ctx, v: TaskSessionView): Link[] {
  const links = taskSessionLinks(ctx, v.session, v.plan, true)
  const point = pointLink(ctx, v)
  return point ? [...links, point] : links
}

/**
 * get_replicatasksessions_id.md, get_backuptasksessions_id.md: Up backup server, Up job session, Alternate (the
 * other representation).
 */
export function taskSessionLinks(ctx: Ctx, session: JobSessionPlan, task: TaskPlan, entity: boolean): Link[] {
  const server = session.job.server
  const { kind } = session.job
  const vocab = VOCAB[kind]
  return [
    { rel: 'Up', href: hrefs.backupServer(ctx, server.id), name: server.name, type: 'BackupServerReference' },
    {
      rel: 'Up',
      href: hrefs.jobSession(ctx, kind, session.id),
      name: jobSessionName(session),
      type: `${vocab.job}Reference`,
    },
    {
      rel: 'Alternate',
      href: hrefs.taskSession(ctx, kind, task.id, !entity),
      name: taskSessionName(task),
      type: entity ? `${vocab.task}Reference` : vocab.task,
    },
  ]
}

/**
 * The restore point a backup job session created, linked `Related` RestorePointReference (the examples; the docs'
 * links table says Down). One per session that stopped with at least one task not failed: the v13 capture shows a
 * Failed session with restore points. Named after the session's start, as in that capture. Agent containers and
 * file share sessions link none: their per-machine sessions do, and the NasBackup example has none.
 */
function restorePointLinks(ctx: Ctx, v: JobSessionView): Link[] {
  const session = v.plan
  const { jobType } = session.job
  if (jobType !== 'Backup' && jobType !== 'BackupCopy' && jobType !== 'AgentManagement') return []
  if (v.state !== 'Stopped' || !sessionTasks(session).some((t) => t.outcome !== 'Failed')) return []
  return [
    {
      rel: 'Related',
      href: api(ctx, `restorePoints/${pointId(`job-restore-point:${session.id}`)}`),
      name: formatNameStamp(session.created),
      type: 'RestorePointReference',
    },
  ]
}

/**
 * get_replicasessions_id.md: Up backup server, Up job, Alternate, Down task sessions. Backup job sessions
 * (get_backupsessions_id.md, the v13.1 example) add Stop (always, even when Stopped) and Related restore points;
 * an AgentBackup session links its AgentManagement list with Rel Alternate, and an AgentManagement session its
 * parent with Up "Parent session" (agents_backupsessions.md, backupsessions_id_agentmanagementsessions.md).
 * References carry neither Stop nor Related, as the agent reference examples show.
 */
export function jobSessionLinks(ctx: Ctx, session: JobSessionPlan, view: JobSessionView | null): Link[] {
  const entity = view !== null
  const { job } = session
  const vocab = VOCAB[job.kind]
  const self = hrefs.jobSession(ctx, job.kind, session.id)
  const links: Link[] = [
    {
      rel: 'Up',
      href: hrefs.backupServer(ctx, job.server.id),
      name: job.server.name,
      type: 'BackupServerReference',
    },
    { rel: 'Up', href: hrefs.job(ctx, job), name: job.name, type: 'JobReference' },
  ]
  if (session.parent) {
    links.push({
      rel: 'Up',
      href: hrefs.jobSession(ctx, job.kind, session.parent.id),
      name: 'Parent session',
      type: `${vocab.job}Reference`,
    })
  }
  if (job.jobType === 'AgentBackup') {
    links.push({
      rel: 'Alternate',
      href: `${self}/agentManagementSessions`,
      type: `${vocab.job}ReferenceList`,
    })
  }
  links.push(
    {
      rel: 'Alternate',
      href: hrefs.jobSession(ctx, job.kind, session.id, !entity),
      name: jobSessionName(session),
      type: entity ? `${vocab.job}Reference` : vocab.job,
    },
    { rel: 'Down', href: `${self}/${vocab.childPath}`, type: `${vocab.task}ReferenceList` },
  )
  if (view && job.kind === 'backup') {
    links.push({ rel: 'Stop', href: `${self}?action=stop` }, ...restorePointLinks(ctx, view))
  }
  return links
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
 * Entity: the jobs_id.md example's set and order. A backup job's session list is `/jobs/{ID}/backupSessions`
 * (BackupJobSessionReferenceList, the v13 page); a replication job's `/jobs/{ID}/replicaSessions`
 * (ReplicaJobSessionReferenceList), as the 9.5 jobs.md example shows for replication jobs.
 */
export function jobLinks(ctx: Ctx, job: Job, entity: boolean): Link[] {
  const self = hrefs.job(ctx, job)
  const server = {
    rel: 'Up',
    href: hrefs.backupServer(ctx, job.server.id),
    name: job.server.name,
    type: 'BackupServerReference',
  }
  const vocab = VOCAB[job.kind]
  const sessions = { rel: 'Down', href: `${self}/${vocab.jobPath}`, type: `${vocab.job}ReferenceList` }
  if (!entity) {
    return [
      server,
      { rel: 'Alternate', href: hrefs.job(ctx, job, true), name: job.name, type: 'Job' },
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
  const { kind } = session.job
  return {
    uid: taskUid(session, task),
    name: taskSessionName(task),
    href: hrefs.taskSession(ctx, kind, task.id),
    type: `${VOCAB[kind].task}Reference`,
    links: taskSessionLinks(ctx, session, task, false),
  }
}

export function jobSessionRef(ctx: Ctx, session: JobSessionPlan): RefModel {
  const { kind } = session.job
  return {
    uid: jobSessionUid(session),
    name: jobSessionName(session),
    href: hrefs.jobSession(ctx, kind, session.id),
    type: `${VOCAB[kind].job}Reference`,
    links: jobSessionLinks(ctx, session, null),
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
    href: hrefs.job(ctx, job),
    type: 'JobReference',
    links: jobLinks(ctx, job, false),
  }
}
