import {
  type JobSessionKind,
  RESOURCES,
  type ResourceKind,
  TASK_LIST,
  type TaskSessionKind,
} from './resources.ts'

/** The BFF's JSON API, under this prefix on the dashboard's own origin. */
export const API_PREFIX = '/api'

/** The time windows of the explorer's lists, in days. */
export const WINDOW_DAYS = [1, 7] as const
export type WindowDays = (typeof WINDOW_DAYS)[number]

export const apiPaths = {
  health: `${API_PREFIX}/health`,
  ready: `${API_PREFIX}/ready`,
  /** GET who is signed in; POST to sign in; DELETE to sign out. */
  session: `${API_PREFIX}/session`,
  resource: (kind: ResourceKind, id: string) => `${API_PREFIX}/${RESOURCES[kind].segment}/${id}`,
  /** The task sessions of a job session (EM's child list: `replicaTaskSessions` or `taskSessions`). */
  jobSessionTaskSessions: (kind: JobSessionKind, id: string) =>
    `${API_PREFIX}/${RESOURCES[kind].segment}/${id}/${TASK_LIST[kind].segment}`,
  /** The per-computer sessions (AgentManagement) of an agent backup job session (AgentBackup). */
  agentSessions: (id: string) =>
    `${API_PREFIX}/${RESOURCES.backupJobSession.segment}/${id}/agentManagementSessions`,
  resolve: (id: string) => `${API_PREFIX}/resolve/${id}`,
  raw: (kind: ResourceKind, id: string) => `${API_PREFIX}/${RESOURCES[kind].segment}/${id}/raw`,
  machineHistory: (kind: TaskSessionKind, id: string) =>
    `${API_PREFIX}/${RESOURCES[kind].segment}/${id}/history`,
  jobRuns: (kind: JobSessionKind, id: string) => `${API_PREFIX}/${RESOURCES[kind].segment}/${id}/runs`,
  serverSessions: (id: string, days: WindowDays) =>
    `${API_PREFIX}/${RESOURCES.backupServer.segment}/${id}/sessions?days=${days}`,
  attention: (days: WindowDays) => `${API_PREFIX}/attention?days=${days}`,
} as const
