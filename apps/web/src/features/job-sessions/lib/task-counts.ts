import { isTaskSessionFinished, isWaitingTurn, type TaskSession } from '@ese/shared'

/**
 * `3 running · 2 pending · 2 Success · 1 Failed`: the task sessions by result, in the order results first appear.
 * One not ended counts as running, or pending while it waits its turn (EM's State `Pending`): EM reports its
 * result as `None` until it ends, which read as a result of its own.
 */
/** A task session not ended yet: pending while it waits its turn (EM's State `Pending`), else running. */
export function notEndedLabel(item: Pick<TaskSession, 'state'>): 'pending' | 'running' {
  return isWaitingTurn(item) ? 'pending' : 'running'
}

/** What a task session counts as: its result once it has ended (Unknown when EM gave none), else pending or running. */
export function taskOutcomeLabel(item: Pick<TaskSession, 'state' | 'result' | 'endTime'>): string {
  return isTaskSessionFinished(item) ? item.result || 'Unknown' : notEndedLabel(item)
}

/** Labels in the order a reader wants them: what went wrong first, what still runs, what is fine last. */
const LABEL_ORDER = ['Failed', 'Warning', 'running', 'pending']

/** How many task sessions count as each label: Failed, Warning, running, pending, any other, Success last. */
export function taskResultGroups(
  items: readonly Pick<TaskSession, 'state' | 'result' | 'endTime'>[],
): { label: string; count: number }[] {
  const counts = new Map<string, number>()
  for (const item of items) {
    const label = taskOutcomeLabel(item)
    counts.set(label, (counts.get(label) ?? 0) + 1)
  }
  const rank = (label: string) => {
    const at = LABEL_ORDER.indexOf(label)
    return at >= 0 ? at : label === 'Success' ? LABEL_ORDER.length + 1 : LABEL_ORDER.length
  }
  // A stable sort: other labels keep the order they first came in.
  return [...counts.entries()]
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => rank(a.label) - rank(b.label))
}

/** The label of `groups` that `wanted` (from a link, in any case) names, or '' when none does. */
export function matchingLabel(groups: readonly { label: string }[], wanted: string): string {
  const lower = wanted.trim().toLowerCase()
  return lower === '' ? '' : (groups.find((g) => g.label.toLowerCase() === lower)?.label ?? '')
}

export function taskResultCounts(
  items: readonly Pick<TaskSession, 'state' | 'result' | 'endTime'>[],
): string {
  return taskResultGroups(items)
    .map(({ label, count }) => `${count.toLocaleString()} ${label}`)
    .join(' · ')
}
