/**
 * The protocol-independent model. Sessions are stored as *plans* (when each task is created, starts and ends,
 * and how it will end); their state at any instant is derived from the clock, so nothing needs a timer and
 * the same plan answers consistently however often it is read.
 */

export type Outcome = 'Success' | 'Warning' | 'Failed'

/** Documented task states (get_query_replicatasksession.md), in declared order. */
export const TASK_STATES = ['InProgress', 'Pending', 'Completed'] as const
export type TaskState = (typeof TASK_STATES)[number]

/** Documented job session states (get_query_replicajobsession.md), in declared order. */
export const JOB_STATES = ['Starting', 'Stopping', 'Working', 'Pausing', 'Resuming', 'Stopped'] as const
export type JobState = (typeof JOB_STATES)[number]

/** Documented results in declared order; `None` (not documented) is what we report while running (DECISIONS). */
export const RESULTS = ['Success', 'Warning', 'Failed'] as const
export type Result = Outcome | 'None'

/** Which family of EM resources a job's sessions belong to: `/replicaSessions…` or `/backupSessions…`. */
export type SessionKind = 'replica' | 'backup'

/** Documented BackupJobSession JobType values (get_backupsessions_id.md), in declared order. */
export const BACKUP_JOB_TYPES = [
  'Backup',
  'BackupCopy',
  'ImmediateBackupCopy',
  'ImmediateBackupCopyWorker',
  'AgentBackup',
  'AgentManagement',
  'NasBackup',
] as const
export type JobType = 'Replica' | (typeof BACKUP_JOB_TYPES)[number]

/**
 * The path of a job's `Up JobReference` link: `/jobs` for VM jobs and, as the only verbatim file share session
 * (the v10 NasBackup JSON example) shows, file share jobs; `/agents/jobs` for Veeam Agent jobs (agents_backupsessions.md).
 */
export type JobPath = 'jobs' | 'agents/jobs'

export type BackupServer = {
  id: string
  name: string
  description: string
  port: number
  version: string
  wcfPort: number
  certificateThumbprint: string
}

export type JobVm = {
  name: string
  size: number
  objectInJobId: string
  morefId: string
  /** The VM's hierarchy reference (BackupTaskSession VmUid); null for agent computers and file shares. */
  vmUid: string | null
}

export type Job = {
  id: string
  name: string
  description: string
  server: BackupServer
  hours: number[]
  minute: number
  vms: JobVm[]
  kind: SessionKind
  /** The JobType of this job's sessions. */
  jobType: JobType
  path: JobPath
  /** AgentManagement (per-machine) jobs: the AgentBackup job they belong to. */
  parent: Job | null
}

export type TaskPlan = {
  id: string
  vmName: string
  vmUid: string | null
  totalSize: number
  /** The task record appears (Pending). */
  created: number
  /** Processing starts (InProgress). */
  runStart: number
  /** Processing ends (Completed). */
  end: number
  outcome: Outcome
  reason: string
}

export type JobSessionPlan = {
  id: string
  job: Job
  created: number
  /** The session is Stopped from this instant on. */
  end: number
  isRetry: boolean
  tasks: TaskPlan[]
  /** Set when the session fails; null otherwise (omitted in XML, null in JSON). */
  failureMessage: string | null
  /** The run's own result when it failed as a whole, before any machine; else its tasks' worst. */
  outcome?: Outcome
  /** AgentManagement sessions: their AgentBackup session. */
  parent: JobSessionPlan | null
  /** AgentBackup sessions: one AgentManagement session per machine, which own the task sessions. */
  children: JobSessionPlan[]
}

/** The tasks that decide a job session's state and result: its own, or its children's for an AgentBackup session. */
export function sessionTasks(plan: JobSessionPlan): TaskPlan[] {
  return plan.children.length === 0 ? plan.tasks : plan.children.flatMap((c) => c.tasks)
}

/** The job a session counts under for a Portal User's scope: an agent machine's job follows its parent job. */
export function rootJob(job: Job): Job {
  return job.parent ?? job
}

export type TaskSessionView = {
  plan: TaskPlan
  session: JobSessionPlan
  state: TaskState
  result: Result
  reason: string
  endTime: number | null
  totalSize: number
}

export type JobSessionView = {
  plan: JobSessionPlan
  state: JobState
  result: Result
  progress: number
  endTime: number | null
  failureMessage: string | null
}

const SEVERITY: Record<Outcome, number> = { Success: 0, Warning: 1, Failed: 2 }

export function worstOutcome(outcomes: Outcome[]): Outcome {
  let worst: Outcome = 'Success'
  for (const o of outcomes) if (SEVERITY[o] > SEVERITY[worst]) worst = o
  return worst
}

/** The task as it looks at `now`, or null when it does not exist yet. */
export function viewTask(session: JobSessionPlan, plan: TaskPlan, now: number): TaskSessionView | null {
  if (now < plan.created) return null
  if (now >= plan.end) {
    // A failed backup task wrote nothing: EM reports TotalSize 0 (the v13.1 query example, the v13 JSON capture).
    const totalSize = plan.outcome === 'Failed' && session.job.kind === 'backup' ? 0 : plan.totalSize
    return {
      plan,
      session,
      state: 'Completed',
      result: plan.outcome,
      reason: plan.reason,
      endTime: plan.end,
      totalSize,
    }
  }
  return {
    plan,
    session,
    state: now >= plan.runStart ? 'InProgress' : 'Pending',
    result: 'None',
    reason: '',
    endTime: null,
    totalSize: plan.totalSize,
  }
}

/** The job session as it looks at `now`, or null when it has not started yet. */
export function viewJobSession(plan: JobSessionPlan, now: number): JobSessionView | null {
  if (now < plan.created) return null
  const tasks = sessionTasks(plan)
  if (now >= plan.end) {
    return {
      plan,
      state: 'Stopped',
      result: plan.outcome ?? worstOutcome(tasks.map((t) => t.outcome)),
      progress: 100,
      endTime: plan.end,
      failureMessage: plan.failureMessage,
    }
  }
  let firstRun = Number.POSITIVE_INFINITY
  let lastEnd = 0
  let done = 0
  for (const t of tasks) {
    firstRun = Math.min(firstRun, t.runStart)
    lastEnd = Math.max(lastEnd, t.end)
    if (now >= t.end) done += 1
    else if (now >= t.runStart) done += (now - t.runStart) / (t.end - t.runStart)
  }
  const state: JobState = now < firstRun ? 'Starting' : now < lastEnd ? 'Working' : 'Stopping'
  // Progress follows the tasks; it only reaches 100 once every task has completed.
  const progress = tasks.length === 0 ? 0 : Math.min(99, Math.floor((100 * done) / tasks.length))
  return {
    plan,
    state,
    result: 'None',
    progress: state === 'Stopping' ? 100 : progress,
    endTime: null,
    failureMessage: null,
  }
}
