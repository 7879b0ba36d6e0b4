import { isJobSessionFinished, type JobSession, type TaskSession } from '@ese/shared'

/** The computer a per-computer session backs up: EM names its job "<agent job> - <computer>". */
export function computerOf(child: Pick<JobSession, 'jobName' | 'name'>, parentJobName: string): string {
  const prefix = `${parentJobName} - `
  return child.jobName.startsWith(prefix) ? child.jobName.slice(prefix.length) : child.jobName || child.name
}

function concern(child: Pick<JobSession, 'result' | 'state' | 'endTime'>): number {
  if (child.result === 'Failed') return 0
  if (child.result === 'Warning') return 1
  return isJobSessionFinished(child) ? 3 : 2
}

const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

/**
 * The computers' sessions as the list shows them: failed first, then warnings, then those still running, then
 * the rest, each by computer name (ws-dev2 before ws-dev10). Among hundreds of workstations, the one that failed
 * is what the reader wants, and the one they look for is where its name says.
 */
export function computersWorstFirst<
  T extends Pick<JobSession, 'result' | 'state' | 'endTime' | 'jobName' | 'name'>,
>(children: readonly T[], parentJobName: string): T[] {
  const named = children.map((child) => ({ child, name: computerOf(child, parentJobName) }))
  named.sort((a, b) => concern(a.child) - concern(b.child) || byName.compare(a.name, b.name))
  return named.map(({ child }) => child)
}

/** Computers that failed or warned whose reason is read from their own task session, at most this many. */
export const REASONS_READ = 10

/** The computers whose reason comes from their task session: those that failed or warned without EM's message. */
export function computersToExplain<T extends Pick<JobSession, 'result' | 'failureMessage'>>(
  worstFirst: readonly T[],
): T[] {
  const troubled = worstFirst.filter(
    (c) => (c.result === 'Failed' || c.result === 'Warning') && !c.failureMessage,
  )
  return troubled.slice(0, REASONS_READ)
}

/**
 * Why a computer's session failed or warned: EM's message on it, else the reason of its task session (a failed
 * one first); '' when neither says, or its task list is not read.
 */
export function computerReason(
  child: Pick<JobSession, 'failureMessage'>,
  tasks: readonly Pick<TaskSession, 'result' | 'reason'>[] | undefined,
): string {
  if (child.failureMessage?.trim()) return child.failureMessage.trim()
  const withReason = (tasks ?? []).filter((t) => t.reason.trim() !== '')
  const first =
    withReason.find((t) => t.result === 'Failed') ?? withReason.find((t) => t.result === 'Warning')
  return (first ?? withReason[0])?.reason.trim() ?? ''
}
