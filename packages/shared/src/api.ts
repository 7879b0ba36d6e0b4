import { RESOURCES, type ResourceKind } from './resources.ts'

/** The BFF's JSON API, under this prefix on the dashboard's own origin. */
export const API_PREFIX = '/api'

export const apiPaths = {
  health: `${API_PREFIX}/health`,
  ready: `${API_PREFIX}/ready`,
  resource: (kind: ResourceKind, id: string) => `${API_PREFIX}/${RESOURCES[kind].segment}/${id}`,
  jobSessionTaskSessions: (jobSessionId: string) =>
    `${API_PREFIX}/${RESOURCES.replicaJobSession.segment}/${jobSessionId}/${RESOURCES.replicaTaskSession.segment}`,
} as const
