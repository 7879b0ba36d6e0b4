/** The values EM documents; EM may send others, which are shown as they are. */
export const TASK_SESSION_STATES = ['Pending', 'InProgress', 'Completed'] as const
export const JOB_SESSION_STATES = [
  'Starting',
  'Working',
  'Pausing',
  'Resuming',
  'Stopping',
  'Stopped',
] as const
export const SESSION_RESULTS = ['None', 'Success', 'Warning', 'Failed'] as const

/** A task session has ended, and will never change again, once it is Completed with an end time. */
export function isTaskSessionFinished(session: { state: string; endTime: string | null }): boolean {
  return session.state === 'Completed' && session.endTime !== null
}

/** A job session has ended, and will never change again, once it is Stopped with an end time. */
export function isJobSessionFinished(session: { state: string; endTime: string | null }): boolean {
  return session.state === 'Stopped' && session.endTime !== null
}

/** A session EM reports Pending has not started: a task waiting its turn (its start time is when it was queued). */
export function isWaitingTurn(session: { state: string }): boolean {
  return session.state === 'Pending'
}

/** The job's name in a job session's name, which EM writes `<job>@<start>`; null when it has no such form. */
export function jobNameOfSessionName(name: string | null | undefined): string | null {
  const at = name?.lastIndexOf('@') ?? -1
  return name && at > 0 ? name.slice(0, at) : null
}
