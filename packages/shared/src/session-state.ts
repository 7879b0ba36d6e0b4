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
