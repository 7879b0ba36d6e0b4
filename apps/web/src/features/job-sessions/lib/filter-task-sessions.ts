import type { TaskSession } from '@ese/shared'
import { vmLabel } from './sort-task-sessions.ts'

/**
 * The task sessions whose VM name or reason contains `filter`, ignoring case and the spaces around it; all of
 * them when it is blank. A big job's table renders only the rows in view, so the browser's find-in-page cannot
 * find a machine in it: this is how one is found.
 */
export function filterTaskSessions(sessions: readonly TaskSession[], filter: string): readonly TaskSession[] {
  const needle = filter.trim().toLowerCase()
  if (needle === '') return sessions
  return sessions.filter(
    (session) =>
      vmLabel(session).toLowerCase().includes(needle) || session.reason.toLowerCase().includes(needle),
  )
}
