import type { BackupServer, JobSession, SessionLink, TaskSession } from '@ese/shared'

// The shapes of EM's documented examples (replica-task-session.entity.docs-v13.xml and friends, and the
// BackupTaskSession / BackupJobSession / agent session examples of EM 13.1's docs), as the BFF sends them.
export const SERVER_ID = 'ce15a8c7-aa49-495e-b05b-ee3398c91018'
export const JOB_ID = '0bcf5a1e-866c-4b40-8bc3-ce64753b9a6b'
export const TASK_ID = '24590151-20cd-4e57-8a2f-8b65869a1879'

export const BACKUP_SERVER_ID = 'a490c017-2c1c-40ee-8bcf-73bcce6ab36f'
export const BACKUP_JOB_ID = '0d3a8230-3db1-4cc1-a7b2-3b0b5c8f784c'
export const BACKUP_TASK_ID = '88322206-a645-4aa3-9228-028ce51e7c0f'
export const AGENT_PARENT_ID = '6b2c1f0e-4a0b-4a51-9d1e-2f51b0a0c001'
export const AGENT_CHILD_ID = '6b2c1f0e-4a0b-4a51-9d1e-2f51b0a0c002'

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

export function taskSession(overrides: Partial<TaskSession> = {}): TaskSession {
  return {
    kind: 'replicaTaskSession',
    id: TASK_ID,
    uid: `urn:veeam:ReplicaTaskSession:${TASK_ID}`,
    name: 'srv04@2014-10-19 06:47:21',
    vmDisplayName: 'srv04',
    vmUid: null,
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

export function jobSession(overrides: Partial<JobSession> = {}): JobSession {
  return {
    kind: 'replicaJobSession',
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

export const backupServerUpLink: SessionLink = {
  rel: 'Up',
  type: 'BackupServerReference',
  name: 'enterprise01.tech.local',
  kind: 'backupServer',
  id: BACKUP_SERVER_ID,
  path: `/backupServers/${BACKUP_SERVER_ID}`,
}

/** EM 13.1's BackupTaskSession example (AnT_VM2 in "vCD Job Template"). */
export function backupTaskSession(overrides: Partial<TaskSession> = {}): TaskSession {
  return {
    kind: 'backupTaskSession',
    id: BACKUP_TASK_ID,
    uid: `urn:veeam:BackupTaskSession:${BACKUP_TASK_ID}`,
    name: 'AnT_VM2@2025-10-11 20:06:09',
    vmDisplayName: 'AnT_VM2',
    vmUid: 'urn:VMware:Vm:a87d15db-dd70-4769-acd6-41bae88219d4.vm-91826',
    jobSessionId: BACKUP_JOB_ID,
    state: 'Completed',
    result: 'Success',
    reason: '',
    totalSize: 12884901888,
    creationTime: '2025-10-11T20:06:09.627Z',
    endTime: '2025-10-11T20:07:09.347Z',
    links: [
      backupServerUpLink,
      {
        rel: 'Up',
        type: 'BackupJobSessionReference',
        name: 'vCD Job Template@2025-10-11 20:00:04',
        kind: 'backupJobSession',
        id: BACKUP_JOB_ID,
        path: `/backupSessions/${BACKUP_JOB_ID}`,
      },
      {
        rel: 'Alternate',
        type: 'BackupTaskSessionReference',
        name: 'AnT_VM2@2025-10-11 20:06:09',
        kind: 'backupTaskSession',
        id: BACKUP_TASK_ID,
        path: `/backupTaskSessions/${BACKUP_TASK_ID}`,
      },
      {
        rel: 'Related',
        type: 'VmRestorePoint',
        name: 'AnT_VM2-bFpa@2025-10-11 20:06:23',
        kind: null,
        id: null,
        path: null,
      },
    ],
    ...overrides,
  }
}

/** A plain backup job session (EM 13.1's "Backup Job 3" example). */
export function backupJobSession(overrides: Partial<JobSession> = {}): JobSession {
  return {
    kind: 'backupJobSession',
    id: BACKUP_JOB_ID,
    uid: `urn:veeam:BackupJobSession:${BACKUP_JOB_ID}`,
    name: 'Backup Job 3@2025-09-24 20:00:09',
    jobId: '2b078668-e45d-4eb3-abb0-275b0d130e7e',
    jobName: 'Backup Job 3',
    jobType: 'Backup',
    state: 'Stopped',
    result: 'Success',
    progress: 100,
    isRetry: false,
    creationTime: '2025-09-24T20:00:09.607Z',
    endTime: '2025-09-24T20:02:54.717Z',
    failureMessage: null,
    links: [
      backupServerUpLink,
      { rel: 'Up', type: 'JobReference', name: 'Backup Job 3', kind: null, id: null, path: null },
      {
        rel: 'Alternate',
        type: 'BackupJobSessionReference',
        name: 'Backup Job 3@2025-09-24 20:00:09',
        kind: 'backupJobSession',
        id: BACKUP_JOB_ID,
        path: `/backupSessions/${BACKUP_JOB_ID}`,
      },
      {
        rel: 'Down',
        type: 'BackupTaskSessionReferenceList',
        name: null,
        kind: null,
        id: null,
        path: null,
      },
    ],
    ...overrides,
  }
}

/** An agent child session (JobType AgentManagement): its Up BackupJobSessionReference "Parent session". */
export function agentChildSession(overrides: Partial<JobSession> = {}): JobSession {
  return backupJobSession({
    id: AGENT_CHILD_ID,
    uid: `urn:veeam:BackupJobSession:${AGENT_CHILD_ID}`,
    name: 'Agent Backup Job SQL - sql12ten.local@2025-10-20 22:00:12',
    jobName: 'Agent Backup Job SQL - sql12ten.local',
    jobType: 'AgentManagement',
    links: [
      backupServerUpLink,
      {
        rel: 'Up',
        type: 'JobReference',
        name: 'Agent Backup Job SQL - sql12ten.local',
        kind: null,
        id: null,
        path: null,
      },
      {
        rel: 'Up',
        type: 'BackupJobSessionReference',
        name: 'Parent session',
        kind: 'backupJobSession',
        id: AGENT_PARENT_ID,
        path: `/backupSessions/${AGENT_PARENT_ID}`,
      },
      {
        rel: 'Alternate',
        type: 'BackupJobSessionReference',
        name: 'Agent Backup Job SQL - sql12ten.local@2025-10-20 22:00:12',
        kind: 'backupJobSession',
        id: AGENT_CHILD_ID,
        path: `/backupSessions/${AGENT_CHILD_ID}`,
      },
    ],
    ...overrides,
  })
}

/** The agent parent (JobType AgentBackup): its child list is an Alternate link, not an Up one. */
export function agentParentSession(overrides: Partial<JobSession> = {}): JobSession {
  return backupJobSession({
    id: AGENT_PARENT_ID,
    uid: `urn:veeam:BackupJobSession:${AGENT_PARENT_ID}`,
    name: 'Agent Backup Job SQL@2025-10-20 22:00:04',
    jobName: 'Agent Backup Job SQL',
    jobType: 'AgentBackup',
    links: [
      backupServerUpLink,
      { rel: 'Up', type: 'JobReference', name: 'Agent Backup Job SQL', kind: null, id: null, path: null },
      {
        rel: 'Alternate',
        type: 'BackupJobSessionReferenceList',
        name: null,
        kind: 'backupJobSession',
        id: AGENT_PARENT_ID,
        path: `/backupSessions/${AGENT_PARENT_ID}`,
      },
    ],
    ...overrides,
  })
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
