import type { JobSession, JobSessionKind, SessionLink, TaskSession, TaskSessionKind } from '@ese/shared'
import { JOB_KIND_OF, RESOURCES, resourcePath } from '@ese/shared'

// Sessions shaped as the BFF sends them (see packages/shared/src/schemas.ts), for the explorer's unit tests only.

let counter = 0
function guid(): string {
  counter += 1
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`
}

export function upLink(kind: JobSessionKind, id: string, name: string | null): SessionLink {
  return {
    rel: 'Up',
    type: `${RESOURCES[kind].urnType}Reference`,
    name,
    kind,
    id,
    path: resourcePath(kind, id),
  }
}

const serverLink: SessionLink = {
  rel: 'Up',
  type: 'BackupServerReference',
  name: 'srv02.tech.local',
  kind: 'backupServer',
  id: 'ce15a8c7-aa49-495e-b05b-ee3398c91018',
  path: '/backupServers/ce15a8c7-aa49-495e-b05b-ee3398c91018',
}

type TaskOverrides = Partial<TaskSession> & { jobName?: string | null }

export function task(overrides: TaskOverrides = {}): TaskSession {
  const { jobName = 'Nightly Replication@2025-11-30 21:00:00', ...rest } = overrides
  const kind: TaskSessionKind = rest.kind ?? 'replicaTaskSession'
  const id = rest.id ?? guid()
  const jobSessionId = rest.jobSessionId === undefined ? guid() : rest.jobSessionId
  return {
    kind,
    id,
    uid: `urn:veeam:${RESOURCES[kind].urnType}:${id}`,
    name: 'srv04@2025-11-30 21:00:05',
    vmDisplayName: 'srv04',
    vmUid: null,
    jobSessionId,
    state: 'Completed',
    result: 'Success',
    reason: '',
    totalSize: 1024,
    creationTime: '2025-11-30T21:00:05Z',
    endTime: '2025-11-30T21:10:00Z',
    links:
      jobSessionId === null ? [serverLink] : [serverLink, upLink(JOB_KIND_OF[kind], jobSessionId, jobName)],
    ...rest,
  }
}

export function job(overrides: Partial<JobSession> = {}): JobSession {
  const kind: JobSessionKind = overrides.kind ?? 'replicaJobSession'
  const id = overrides.id ?? guid()
  return {
    kind,
    id,
    uid: `urn:veeam:${RESOURCES[kind].urnType}:${id}`,
    name: 'Nightly Replication@2025-11-30 21:00:00',
    jobId: '2c49a44e-1e59-4527-a6bc-6b2f9b579ee1',
    jobName: 'Nightly Replication',
    jobType: 'Replica',
    state: 'Stopped',
    result: 'Success',
    progress: 100,
    isRetry: false,
    creationTime: '2025-11-30T21:00:00Z',
    endTime: '2025-11-30T21:20:00Z',
    failureMessage: null,
    links: [serverLink],
    ...overrides,
  }
}

/** An ISO time `hours` after 2025-11-30T00:00:00Z (negative for before). */
export function at(hours: number): string {
  return new Date(Date.UTC(2025, 10, 30) + hours * 3_600_000).toISOString()
}
