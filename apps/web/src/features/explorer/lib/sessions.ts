import {
  isJobSessionKind,
  JOB_KIND_OF,
  type JobSession,
  type JobSessionKind,
  type ResourceKind,
  resourcePath,
  type TaskSession,
} from '@ese/shared'

export type AnySession = TaskSession | JobSession

/**
 * What a session came to, for marks and ordering. `running` is decided by state, not result: EM reports the
 * result `None` while a session runs, but a session can also end with `None` (stopped by hand), and any result
 * EM adds later is `other`, shown as it is.
 */
export type Outcome = 'failed' | 'warning' | 'success' | 'running' | 'other'

export function isJobSession(session: AnySession): session is JobSession {
  return isJobSessionKind(session.kind)
}

/** Still running: a task session until it is Completed, a job session until it is Stopped. */
export function isRunning(session: Pick<AnySession, 'kind' | 'state'>): boolean {
  return isJobSessionKind(session.kind) ? session.state !== 'Stopped' : session.state !== 'Completed'
}

export function outcomeOf(session: Pick<AnySession, 'kind' | 'state' | 'result'>): Outcome {
  switch (session.result) {
    case 'Failed':
      return 'failed'
    case 'Warning':
      return 'warning'
    case 'Success':
      return isRunning(session) ? 'running' : 'success'
    default:
      return isRunning(session) ? 'running' : 'other'
  }
}

/** Failed or warned: its reason is worth showing. */
export function isProblem(session: Pick<AnySession, 'result'>): boolean {
  return session.result === 'Failed' || session.result === 'Warning'
}

/** Short kind names for lists: "Replication", "Backup", "Backup server". */
export function kindShortLabel(kind: ResourceKind): string {
  switch (kind) {
    case 'replicaTaskSession':
    case 'replicaJobSession':
      return 'Replication'
    case 'backupTaskSession':
    case 'backupJobSession':
      return 'Backup'
    case 'backupServer':
      return 'Backup server'
  }
}

export function sessionPath(session: Pick<AnySession, 'kind' | 'id'>): string {
  return resourcePath(session.kind, session.id)
}

export type JobSessionRef = { kind: JobSessionKind; id: string; name: string | null; path: string }

/**
 * The job session a task session belongs to: its Up link of a job session kind (which carries the name), or
 * else its `jobSessionId`, whose name is then unknown.
 */
export function jobSessionOf(task: TaskSession): JobSessionRef | null {
  for (const link of task.links) {
    if (link.rel !== 'Up' || !link.kind || !link.id || !isJobSessionKind(link.kind)) continue
    return {
      kind: link.kind,
      id: link.id,
      name: link.name || null,
      path: link.path || resourcePath(link.kind, link.id),
    }
  }
  if (!task.jobSessionId) return null
  const kind = JOB_KIND_OF[task.kind]
  return { kind, id: task.jobSessionId, name: null, path: resourcePath(kind, task.jobSessionId) }
}

/** Start time first (it names the run), end time when EM gave no start. */
export function sessionTime(session: Pick<AnySession, 'creationTime' | 'endTime'>): number | null {
  for (const iso of [session.creationTime, session.endTime]) {
    if (!iso) continue
    const ms = Date.parse(iso)
    if (!Number.isNaN(ms)) return ms
  }
  return null
}

/** Newest first by start time; sessions without a readable time keep their place after the dated ones. */
export function newestFirst<T extends Pick<AnySession, 'creationTime' | 'endTime'>>(
  items: readonly T[],
): T[] {
  return items
    .map((item, index) => ({ item, index, time: sessionTime(item) }))
    .sort((a, b) => {
      if (a.time === null || b.time === null) {
        if (a.time === b.time) return a.index - b.index
        return a.time === null ? 1 : -1
      }
      return b.time - a.time || a.index - b.index
    })
    .map(({ item }) => item)
}

/**
 * `items` with `latest` in place of its own copy there (same kind and ID). A panel's list is read once, but the
 * page's own session refreshes while it runs: without this, a run that just ended would still be "running" in
 * the panel right under its "Completed" header. Items without such a copy stay as they are.
 */
export function withLatest<T extends Pick<AnySession, 'kind' | 'id'>>(items: readonly T[], latest?: T): T[] {
  if (!latest) return [...items]
  return items.map((item) => (item.id === latest.id && item.kind === latest.kind ? latest : item))
}
