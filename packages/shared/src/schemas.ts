import { z } from 'zod'
import { RESOURCE_KINDS } from './resources.ts'

export const resourceKindSchema = z.enum(RESOURCE_KINDS)

/**
 * A navigational link from EM (rel Up, Down, Alternate or Related). `kind`, `id` and `path` are set when the
 * target is something the dashboard shows; `path` is then its dashboard route.
 */
export const sessionLinkSchema = z.object({
  rel: z.string(),
  type: z.string().nullable(),
  name: z.string().nullable(),
  kind: resourceKindSchema.nullable(),
  id: z.string().nullable(),
  path: z.string().nullable(),
})

const timestamp = z.string().nullable()

export const replicaTaskSessionSchema = z.object({
  id: z.string(),
  uid: z.string(),
  name: z.string(),
  vmDisplayName: z.string(),
  jobSessionId: z.string().nullable(),
  state: z.string(),
  result: z.string(),
  reason: z.string(),
  /** Bytes. */
  totalSize: z.number().nullable(),
  /** ISO 8601 UTC. */
  creationTime: timestamp,
  /** ISO 8601 UTC, null while the session has not ended. */
  endTime: timestamp,
  links: z.array(sessionLinkSchema),
})

export const replicaJobSessionSchema = z.object({
  id: z.string(),
  uid: z.string(),
  name: z.string(),
  jobId: z.string().nullable(),
  jobName: z.string(),
  jobType: z.string(),
  state: z.string(),
  result: z.string(),
  /** Percent, 0 to 100. */
  progress: z.number().nullable(),
  isRetry: z.boolean(),
  creationTime: timestamp,
  endTime: timestamp,
  failureMessage: z.string().nullable(),
  links: z.array(sessionLinkSchema),
})

export const replicaTaskSessionListSchema = z.object({
  items: z.array(replicaTaskSessionSchema),
})

export const backupServerSchema = z.object({
  id: z.string(),
  uid: z.string(),
  name: z.string(),
  description: z.string(),
  port: z.number().nullable(),
  version: z.string().nullable(),
  links: z.array(sessionLinkSchema),
})

export type SessionLink = z.infer<typeof sessionLinkSchema>
export type ReplicaTaskSession = z.infer<typeof replicaTaskSessionSchema>
export type ReplicaJobSession = z.infer<typeof replicaJobSessionSchema>
export type ReplicaTaskSessionList = z.infer<typeof replicaTaskSessionListSchema>
export type BackupServer = z.infer<typeof backupServerSchema>
