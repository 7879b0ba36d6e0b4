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

export function taskResultCounts(
  items: readonly Pick<TaskSession, 'state' | 'result' | 'endTime'>[],
): string {
  const counts = new Map<string, number>()
  for (const item of items) {
    const label = isTaskSessionFinished(item) ? item.result || 'Unknown' : notEndedLabel(item)
    counts.set(label, (counts.get(label) ?? 0) + 1)
  }
  return [...counts.entries()].map(([label, n]) => `${n.toLocaleString()} ${label}`).join(' · ')
}
