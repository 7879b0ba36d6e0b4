import type { JobSession } from '@ese/shared'

/** The computer a per-computer session backs up: EM names its job "<agent job> - <computer>". */
export function computerOf(child: Pick<JobSession, 'jobName' | 'name'>, parentJobName: string): string {
  const prefix = `${parentJobName} - `
  return child.jobName.startsWith(prefix) ? child.jobName.slice(prefix.length) : child.jobName || child.name
}
