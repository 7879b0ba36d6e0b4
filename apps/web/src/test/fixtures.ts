import type { BackupServer, ReplicaJobSession, ReplicaTaskSession, SessionLink } from '@ese/shared'

// The shapes of EM's documented examples (replica-task-session.entity.docs-v13.xml and friends), as the BFF sends them.
export const SERVER_ID = 'ce15a8c7-aa49-495e-b05b-ee3398c91018'
export const JOB_ID = '0bcf5a1e-866c-4b40-8bc3-ce64753b9a6b'
export const TASK_ID = '24590151-20cd-4e57-8a2f-8b65869a1879'

export const serverUpLink: SessionLink = {
  rel: 'Up',
  type: 'BackupServerReference',
  name: 'srv02.tech.local',
  kind: 'backupServer',
  id: SERVER_ID,
  path: `/backupServers/${SERVER_ID}`,
}

export const jobUpLink: SessionLink = {
  rel: 'Up',
  type: 'ReplicaJobSessionReference',
  name: 'Fileserver02 Replication@2014-10-19 06:46:31',
  kind: 'replicaJobSession',
  id: JOB_ID,
  path: `/replicaSessions/${JOB_ID}`,
}

export function taskSession(overrides: Partial<ReplicaTaskSession> = {}): ReplicaTaskSession {
  return {
    id: TASK_ID,
    uid: `urn:veeam:ReplicaTaskSession:${TASK_ID}`,
    name: 'srv04@2014-10-19 06:47:21',
    vmDisplayName: 'srv04',
    jobSessionId: JOB_ID,
    state: 'Completed',
    result: 'Success',
    reason: '',
    totalSize: 64424509440,
    creationTime: '2014-10-19T06:47:21Z',
    endTime: '2014-10-19T07:02:33Z',
    links: [
      serverUpLink,
      jobUpLink,
      {
        rel: 'Alternate',
        type: 'ReplicaTaskSessionReference',
        name: 'srv04@2014-10-19 06:47:21',
        kind: 'replicaTaskSession',
        id: TASK_ID,
        path: `/replicaTaskSessions/${TASK_ID}`,
      },
      {
        rel: 'Related',
        type: 'VmReplicaPoint',
        name: 'srv04@2014-10-19 06:48:24',
        kind: null,
        id: null,
        path: null,
      },
    ],
    ...overrides,
  }
}

export function jobSession(overrides: Partial<ReplicaJobSession> = {}): ReplicaJobSession {
  return {
    id: JOB_ID,
    uid: `urn:veeam:ReplicaJobSession:${JOB_ID}`,
    name: 'Fileserver02 Replication@2014-10-19 06:46:31',
    jobId: '2c49a44e-1e59-4527-a6bc-6b2f9b579ee1',
    jobName: 'Fileserver02 Replication',
    jobType: 'Replica',
    state: 'Stopped',
    result: 'Success',
    progress: 100,
    isRetry: false,
    creationTime: '2014-10-19T06:46:31Z',
    endTime: '2014-10-19T07:02:35Z',
    failureMessage: null,
    links: [
      serverUpLink,
      { rel: 'Up', type: 'JobReference', name: 'Fileserver02 Replication', kind: null, id: null, path: null },
    ],
    ...overrides,
  }
}

export function backupServer(overrides: Partial<BackupServer> = {}): BackupServer {
  return {
    id: SERVER_ID,
    uid: `urn:veeam:BackupServer:${SERVER_ID}`,
    name: 'srv02.tech.local',
    description: '',
    port: 9392,
    version: '8.0',
    links: [],
    ...overrides,
  }
}
