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

/**
 * The computers' sessions as the list shows them: failed first, then warnings, then those still running, then
 * the rest, each in EM's order. Among hundreds of workstations, the one that failed is what the reader wants.
 */
export function computersWorstFirst<T extends Pick<JobSession, 'result' | 'state' | 'endTime'>>(
  children: readonly T[],
): T[] {
  return [...children].sort((a, b) => concern(a) - concern(b))
}
