import {
  type BackupServer,
  JOB_KIND_OF,
  type JobSession,
  parseGuid,
  type ResourceKind,
  type SessionLink,
  type TaskSession,
} from '@ese/shared'

/** One step of the trail. `id` is null when EM's link did not name one we can open (the step is then text). */
export type Crumb = {
  kind: ResourceKind
  id: string | null
  label: string
  current: boolean
}

const FALLBACK_LABEL: Record<ResourceKind, string> = {
  backupServer: 'Backup server',
  replicaJobSession: 'Job session',
  backupJobSession: 'Job session',
  replicaTaskSession: 'Task session',
  backupTaskSession: 'Task session',
}

/** What an agent child session's Up link to its parent is called when EM gives it no name. */
export const PARENT_SESSION_LABEL = 'Parent session'

function nonEmpty(value: string | null | undefined): string | null {
  return value && value.trim() !== '' ? value : null
}

/** The first `Up` link to a resource of `kind` (EM's parents of a session), if EM sent one. */
export function upLink(
  links: readonly SessionLink[] | null | undefined,
  kind: ResourceKind,
): SessionLink | null {
  return links?.find((link) => link.rel.toLowerCase() === 'up' && link.kind === kind) ?? null
}

/**
 * The parent of an agent child session (JobType AgentManagement): its `Up` BackupJobSessionReference, which EM
 * names "Parent session". Null for every other job session. A link back to the session itself is no parent.
 */
export function parentSessionLink(session: JobSession): SessionLink | null {
  if (session.kind !== 'backupJobSession') return null
  const link = upLink(session.links, 'backupJobSession')
  if (!link) return null
  const id = link.id ? parseGuid(link.id) : null
  return id === session.id ? null : link
}

function crumbFromLink(
  link: SessionLink | null,
  kind: ResourceKind,
  fallback = FALLBACK_LABEL[kind],
): Crumb | null {
  if (!link) return null
  return {
    kind,
    id: link.id ? parseGuid(link.id) : null,
    label: nonEmpty(link.name) ?? fallback,
    current: false,
  }
}

/**
 * backup server › job session › task session, from the task session alone: the names come from EM's Up links,
 * so the trail needs no further requests. Missing links leave their step out; a task session without a job
 * session link but with `jobSessionId` still gets a (generically labelled) step to it.
 */
export function taskSessionCrumbs(session: TaskSession): Crumb[] {
  const jobKind = JOB_KIND_OF[session.kind]
  const server = crumbFromLink(upLink(session.links, 'backupServer'), 'backupServer')
  let job = crumbFromLink(upLink(session.links, jobKind), jobKind)
  if (!job && session.jobSessionId) {
    const id = parseGuid(session.jobSessionId)
    if (id) job = { kind: jobKind, id, label: FALLBACK_LABEL[jobKind], current: false }
  }
  const self: Crumb = {
    kind: session.kind,
    id: session.id,
    label: nonEmpty(session.vmDisplayName) ?? nonEmpty(session.name) ?? FALLBACK_LABEL[session.kind],
    current: true,
  }
  return [server, job, self].filter((crumb): crumb is Crumb => crumb !== null)
}

/** backup server › job session, with the parent session between them for an agent child session. */
export function jobSessionCrumbs(session: JobSession): Crumb[] {
  const server = crumbFromLink(upLink(session.links, 'backupServer'), 'backupServer')
  const parent = crumbFromLink(parentSessionLink(session), 'backupJobSession', PARENT_SESSION_LABEL)
  const self: Crumb = {
    kind: session.kind,
    id: session.id,
    label: nonEmpty(session.name) ?? nonEmpty(session.jobName) ?? FALLBACK_LABEL[session.kind],
    current: true,
  }
  return [server, parent, self].filter((crumb): crumb is Crumb => crumb !== null)
}

/** The backup server is the root of every trail. */
export function backupServerCrumbs(server: BackupServer): Crumb[] {
  return [
    {
      kind: 'backupServer',
      id: server.id,
      label: nonEmpty(server.name) ?? FALLBACK_LABEL.backupServer,
      current: true,
    },
  ]
}
