import { isTaskSessionFinished, type TaskSession } from '@ese/shared'

/**
 * `3 running · 2 pending · 2 Success · 1 Failed`: the task sessions by result, in the order results first appear.
 * One not ended counts as running, or pending while it waits its turn (EM's State `Pending`): EM reports its
 * result as `None` until it ends, which read as a result of its own.
 */
/** A task session not ended yet: pending while it waits its turn (EM's State `Pending`), else running. */
export function notEndedLabel(item: Pick<TaskSession, 'state'>): 'pending' | 'running' {
  return item.state === 'Pending' ? 'pending' : 'running'
}

/** What a task session counts as: its result once it has ended (Unknown when EM gave none), else pending or running. */
export function taskOutcomeLabel(item: Pick<TaskSession, 'state' | 'result' | 'endTime'>): string {
  return isTaskSessionFinished(item) ? item.result || 'Unknown' : notEndedLabel(item)
}

/** How many task sessions count as each label, in the order the labels first come. */
export function taskResultGroups(
  items: readonly Pick<TaskSession, 'state' | 'result' | 'endTime'>[],
): { label: string; count: number }[] {
  const counts = new Map<string, number>()
  for (const item of items) {
    const label = taskOutcomeLabel(item)
    counts.set(label, (counts.get(label) ?? 0) + 1)
  }
  return [...counts.entries()].map(([label, count]) => ({ label, count }))
}

export function taskResultCounts(
  items: readonly Pick<TaskSession, 'state' | 'result' | 'endTime'>[],
): string {
  return taskResultGroups(items)
    .map(({ label, count }) => `${count.toLocaleString()} ${label}`)
    .join(' · ')
}
