import type { ReplicaTaskSession } from '@ese/shared'
import { isTaskSessionFinished } from '@ese/shared'
import { Link } from '@tanstack/react-router'
import { SortIcon } from '../../../components/ui/icons.tsx'
import { ResultBadge, StateBadge } from '../../../components/ui/status-badge.tsx'
import {
  durationMs,
  formatBytes,
  formatDuration,
  formatExactBytes,
  formatLocalTime,
  formatUtc,
  MISSING,
} from '../../../lib/format.ts'
import { useNow } from '../../../lib/use-now.ts'
import { sortTaskSessions, type TaskSort, type TaskSortKey, vmLabel } from '../lib/sort-task-sessions.ts'

type Column = { key: TaskSortKey; label: string; align?: 'right' }

const COLUMNS: readonly Column[] = [
  { key: 'vm', label: 'VM' },
  { key: 'state', label: 'State' },
  { key: 'result', label: 'Result' },
  { key: 'start', label: 'Started' },
  { key: 'duration', label: 'Duration', align: 'right' },
  { key: 'size', label: 'Size', align: 'right' },
  { key: 'reason', label: 'Reason' },
]

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const

type TaskSessionTableProps = {
  sessions: readonly ReplicaTaskSession[]
  sort: TaskSort
  /** Called with the clicked column; the page keeps the sort in the URL, so a shared link shows the same order. */
  onSort: (key: TaskSortKey) => void
  caption: string
}

/** The job session's task sessions as a sortable table; each VM name links to its task session. */
export function TaskSessionTable({ sessions, sort, onSort, caption }: TaskSessionTableProps) {
  const anyRunning = sessions.some((s) => !isTaskSessionFinished(s))
  const now = useNow(1000, anyRunning)
  const rows = sortTaskSessions(sessions, sort, now)

  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900/60">
      <table className="w-full min-w-[46rem] border-collapse text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-zinc-200 bg-zinc-50 text-xs text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            {COLUMNS.map((column) => {
              const active = sort.key === column.key
              const direction = active ? ARIA_SORT[sort.dir] : 'none'
              return (
                <th
                  key={column.key}
                  scope="col"
                  aria-sort={active ? direction : undefined}
                  className={`px-3 py-2 font-medium ${column.align === 'right' ? 'text-right' : ''}`}
                >
                  <button
                    type="button"
                    onClick={() => onSort(column.key)}
                    className={`-mx-1 inline-flex items-center gap-1 rounded px-1 py-0.5 font-medium uppercase tracking-wide hover:text-zinc-900 dark:hover:text-zinc-100 ${active ? 'text-zinc-900 dark:text-zinc-100' : ''}`}
                  >
                    {column.label}
                    <SortIcon direction={direction} className="size-3.5" />
                  </button>
                </th>
              )
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {rows.map((session) => (
            <tr key={session.id} className="align-top hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
              <th scope="row" className="px-3 py-2 font-medium">
                <Link to="/replicaTaskSessions/$id" params={{ id: session.id }} className="link">
                  {vmLabel(session)}
                </Link>
              </th>
              <td className="px-3 py-2">
                <StateBadge value={session.state} size="sm" />
              </td>
              <td className="px-3 py-2">
                <ResultBadge value={session.result} size="sm" />
              </td>
              <td className="whitespace-nowrap px-3 py-2 tabular-nums text-zinc-700 dark:text-zinc-300">
                <time dateTime={session.creationTime ?? undefined} title={formatUtc(session.creationTime)}>
                  {formatLocalTime(session.creationTime)}
                </time>
              </td>
              <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">
                {formatDuration(durationMs(session.creationTime, session.endTime, now))}
              </td>
              <td
                className="whitespace-nowrap px-3 py-2 text-right tabular-nums"
                title={formatExactBytes(session.totalSize)}
              >
                {formatBytes(session.totalSize)}
              </td>
              <td className="max-w-xs px-3 py-2 text-zinc-700 dark:text-zinc-300">
                <span className="line-clamp-2 break-words" title={session.reason || undefined}>
                  {session.reason.trim() || MISSING}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
