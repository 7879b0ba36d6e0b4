import { RESOURCES, type ResourceKind } from '@ese/shared'
import { LayersIcon, ServerIcon, VmIcon } from '../../../components/ui/icons.tsx'
import { ResourceLink } from '../../../components/ui/resource-link.tsx'
import { ResultBadge, StateBadge } from '../../../components/ui/status-badge.tsx'
import { formatRelative } from '../../../lib/format.ts'
import type { RecentSession } from '../../../lib/recent-sessions.ts'
import { sentenceCase } from '../../../lib/resource-routes.ts'
import { useNow } from '../../../lib/use-now.ts'
import { useRecentSessions } from '../../../lib/use-recent-sessions.ts'

const KIND_ICON: Record<ResourceKind, typeof VmIcon> = {
  replicaTaskSession: VmIcon,
  backupTaskSession: VmIcon,
  replicaJobSession: LayersIcon,
  backupJobSession: LayersIcon,
  backupServer: ServerIcon,
}

function RecentItem({ entry, now }: { entry: RecentSession; now: number }) {
  const Icon = KIND_ICON[entry.kind]
  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-1.5 px-4 py-3 sm:flex-nowrap">
      <Icon className="size-4 text-zinc-500 dark:text-zinc-400" />
      <div className="min-w-0 flex-1">
        <ResourceLink kind={entry.kind} id={entry.id} className="link block truncate font-medium">
          {entry.label}
        </ResourceLink>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          {sentenceCase(RESOURCES[entry.kind].label)} · opened{' '}
          <time dateTime={new Date(entry.openedAt).toISOString()}>{formatRelative(entry.openedAt, now)}</time>
        </p>
      </div>
      <div className="flex shrink-0 items-center gap-1.5 pl-7 sm:pl-0">
        {entry.state !== null ? <StateBadge value={entry.state} size="sm" /> : null}
        {entry.result !== null ? <ResultBadge value={entry.result} size="sm" /> : null}
      </div>
    </li>
  )
}

/** What this browser opened recently (local storage), newest first, with the state it had when last seen. */
export function RecentSessionsList() {
  const { entries, clear } = useRecentSessions()
  const now = useNow(30_000)
  return (
    <section aria-labelledby="recent-heading" className="space-y-3">
      <div className="flex items-center justify-between gap-2">
        <h2 id="recent-heading" className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
          Recently opened
        </h2>
        {entries.length > 0 ? (
          <button
            type="button"
            onClick={clear}
            aria-label="Clear recent sessions"
            className="rounded px-1.5 py-0.5 text-xs font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
          >
            Clear
          </button>
        ) : null}
      </div>
      {entries.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 px-4 py-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          Sessions you open appear here, with the state they had when you last looked.
        </p>
      ) : (
        <ul
          aria-label="Recently opened sessions"
          className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900/60"
        >
          {entries.map((entry) => (
            <RecentItem key={`${entry.kind}:${entry.id}`} entry={entry} now={now} />
          ))}
        </ul>
      )}
    </section>
  )
}
