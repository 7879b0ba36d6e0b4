import { z } from 'zod'
import { errorCodeSchema } from './errors.ts'
import { JOB_SESSION_KINDS, RESOURCE_KINDS, SESSION_KINDS, TASK_SESSION_KINDS } from './resources.ts'

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

/** One machine in a job run: a replica or a backup task session. */
export const taskSessionSchema = z.object({
  kind: z.enum(TASK_SESSION_KINDS),
  id: z.string(),
  uid: z.string(),
  name: z.string(),
  vmDisplayName: z.string(),
  /** Backup task sessions only (`urn:VMware:Vm:<vCenter>.<moref>`); null for replica ones. */
  vmUid: z.string().nullable(),
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

/** One run of a job: a replica or a backup job session (agent and file share backups are backup job sessions). */
export const jobSessionSchema = z.object({
  kind: z.enum(JOB_SESSION_KINDS),
  id: z.string(),
  uid: z.string(),
  name: z.string(),
  /** The job's GUID (from `JobUid`, `urn:veeam:Job:<guid>`). */
  jobId: z.string().nullable(),
  jobName: z.string(),
  /** EM's JobType: Replica, Backup, BackupCopy, AgentBackup, AgentManagement, NasBackup… shown as it is. */
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

export const taskSessionListSchema = z.object({
  items: z.array(taskSessionSchema),
})

export const jobSessionListSchema = z.object({
  items: z.array(jobSessionSchema),
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

/** `GET /api/resolve/:id`: what a bare GUID is, a session of some kind or (asked last) a backup server. */
export const resolvedSessionSchema = z.object({
  kind: z.enum(RESOURCE_KINDS),
  id: z.string(),
  path: z.string(),
})

/** `GET /api/session` (and `POST`): who is signed in, and how the dashboard reads EM. */
export const signedInSchema = z.object({
  user: z.object({ name: z.string() }),
  auth: z.enum(['em', 'service']),
  /**
   * How often a page refreshes a running session: the BFF's shared window (RUNNING_CACHE_MS), so one viewer and a
   * hundred cost EM the same, one call per resource per window.
   */
  refreshMs: z.number(),
})

/** `POST /api/session` body. */
export const signInRequestSchema = z.object({
  username: z.string().trim().min(1).max(256),
  password: z.string().min(1).max(1024),
})

/**
 * A part of an explorer answer that EM refused or failed (for example a Portal User may not query some
 * types): the panel says so and shows the rest.
 */
export const unavailablePartSchema = z.object({
  kind: z.enum(SESSION_KINDS),
  code: errorCodeSchema,
  message: z.string(),
})

/**
 * What succeeded after a failure: for a task session, the same machine's later task session in the same job (a
 * retry, or the next run); for a job run, the same job's later run.
 */
export const laterSuccessSchema = z.object({
  kind: z.enum(SESSION_KINDS),
  id: z.string(),
  path: z.string(),
  creationTime: z.string().nullable(),
})

/** `GET /api/attention?days=1|7`: failed and warning task sessions of the window, newest first. */
export const attentionSchema = z.object({
  days: z.number(),
  /** ISO 8601 UTC: the start of the window. */
  since: z.string(),
  items: z.array(taskSessionSchema),
  /**
   * Failed and warning job runs of the window none of whose machines is among `items`: a run that failed as a
   * whole (an agent backup, a job-level error before any machine) or whose machines were not read (`truncated`).
   */
  runs: z.array(jobSessionSchema),
  /** True when EM had more than the BFF reads (its page size times its page count). */
  truncated: z.boolean(),
  unavailable: z.array(unavailablePartSchema),
  /**
   * By the ID of a failed or warning item or run: the first later success of its machine in its job (of its job,
   * for a run), when one was found (so it no longer needs attention). Best effort: one without may simply not
   * have been checked (EM refused the check, or too many failed to ask about them all).
   */
  recovered: z.record(z.string(), laterSuccessSchema),
})

/**
 * `GET /api/<taskSessions>/:id/history`: the machine's recent task sessions (same VmDisplayName, replica and
 * backup, newest first, this one included), and, when this run failed or warned, the later retry runs of the
 * same job for this machine.
 */
export const machineHistorySchema = z.object({
  vmDisplayName: z.string(),
  items: z.array(taskSessionSchema),
  /** Task sessions of this machine in retry runs (IsRetry) of the same job after this one, oldest first. */
  retries: z.array(taskSessionSchema),
  unavailable: z.array(unavailablePartSchema),
})

/** `GET /api/<jobSessions>/:id/runs`: the job's recent runs (same JobUid, newest first), and its neighbours. */
export const jobRunsSchema = z.object({
  jobId: z.string().nullable(),
  jobName: z.string(),
  items: z.array(jobSessionSchema),
  previous: jobSessionSchema.nullable(),
  next: jobSessionSchema.nullable(),
  unavailable: z.array(unavailablePartSchema),
})

/** `GET /api/backupServers/:id/sessions?days=1|7`: the server's job sessions of the window, newest first. */
export const serverSessionsSchema = z.object({
  days: z.number(),
  since: z.string(),
  items: z.array(jobSessionSchema),
  truncated: z.boolean(),
  unavailable: z.array(unavailablePartSchema),
})

/**
 * `GET /api/<resource>/:id/raw`: EM's answer as it came (pretty-printed), and the request that got it, for
 * "Raw EM answer" and "Copy as curl". EM's session token is never in it.
 */
export const rawAnswerSchema = z.object({
  method: z.literal('GET'),
  /** EM's full URL of the request. */
  url: z.string(),
  /** The one media type sent in Accept. */
  accept: z.string(),
  status: z.number(),
  contentType: z.string().nullable(),
  body: z.string(),
})

export type SessionLink = z.infer<typeof sessionLinkSchema>
export type TaskSession = z.infer<typeof taskSessionSchema>
export type JobSession = z.infer<typeof jobSessionSchema>
export type TaskSessionList = z.infer<typeof taskSessionListSchema>
export type JobSessionList = z.infer<typeof jobSessionListSchema>
export type BackupServer = z.infer<typeof backupServerSchema>
export type ResolvedSession = z.infer<typeof resolvedSessionSchema>
export type SignedIn = z.infer<typeof signedInSchema>
export type SignInRequest = z.infer<typeof signInRequestSchema>
export type UnavailablePart = z.infer<typeof unavailablePartSchema>
export type Attention = z.infer<typeof attentionSchema>
export type LaterSuccess = z.infer<typeof laterSuccessSchema>
export type MachineHistory = z.infer<typeof machineHistorySchema>
export type JobRuns = z.infer<typeof jobRunsSchema>
export type ServerSessions = z.infer<typeof serverSessionsSchema>
export type RawAnswer = z.infer<typeof rawAnswerSchema>
