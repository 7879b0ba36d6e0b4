import {
  type BackupServer,
  parseGuid,
  type ReplicaJobSession,
  type ReplicaTaskSession,
  type ResourceKind,
  type SessionLink,
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
  replicaTaskSession: 'Task session',
}

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

function crumbFromLink(link: SessionLink | null, kind: ResourceKind): Crumb | null {
  if (!link) return null
  return {
    kind,
    id: link.id ? parseGuid(link.id) : null,
    label: nonEmpty(link.name) ?? FALLBACK_LABEL[kind],
    current: false,
  }
}

/**
 * backup server › job session › task session, from the task session alone: the names come from EM's Up links,
 * so the trail needs no further requests. Missing links leave their step out; a task session without a job
 * session link but with `jobSessionId` still gets a (generically labelled) step to it.
 */
export function taskSessionCrumbs(session: ReplicaTaskSession): Crumb[] {
  const server = crumbFromLink(upLink(session.links, 'backupServer'), 'backupServer')
  let job = crumbFromLink(upLink(session.links, 'replicaJobSession'), 'replicaJobSession')
  if (!job && session.jobSessionId) {
    const id = parseGuid(session.jobSessionId)
    if (id) job = { kind: 'replicaJobSession', id, label: FALLBACK_LABEL.replicaJobSession, current: false }
  }
  const self: Crumb = {
    kind: 'replicaTaskSession',
    id: session.id,
    label: nonEmpty(session.vmDisplayName) ?? nonEmpty(session.name) ?? FALLBACK_LABEL.replicaTaskSession,
    current: true,
  }
  return [server, job, self].filter((crumb): crumb is Crumb => crumb !== null)
}

/** backup server › job session. */
export function jobSessionCrumbs(session: ReplicaJobSession): Crumb[] {
  const server = crumbFromLink(upLink(session.links, 'backupServer'), 'backupServer')
  const self: Crumb = {
    kind: 'replicaJobSession',
    id: session.id,
    label: nonEmpty(session.name) ?? nonEmpty(session.jobName) ?? FALLBACK_LABEL.replicaJobSession,
    current: true,
  }
  return server ? [server, self] : [self]
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
