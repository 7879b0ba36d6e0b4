import { isJobSessionFinished, type JobSession } from '@ese/shared'

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
