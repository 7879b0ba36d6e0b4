import { isTaskSessionFinished, type TaskSession, type TaskSessionKind } from '@ese/shared'
import { useWindowVirtualizer } from '@tanstack/react-virtual'
import { memo, useCallback, useLayoutEffect, useMemo, useState } from 'react'
import { ClockIcon, SortIcon } from '../../../components/ui/icons.tsx'
import { ResourceLink } from '../../../components/ui/resource-link.tsx'
import { ResultBadge, StateBadge } from '../../../components/ui/status-badge.tsx'
import {
  durationMs,
  formatBytes,
  formatDuration,
  formatExactBytes,
  MISSING,
  parseTime,
} from '../../../lib/format.ts'
import { formatLocalTime, formatUtc, formatZonedTime, sharedZone } from '../../../lib/time-format.ts'
import { useNow } from '../../../lib/use-now.ts'
import { sortTaskSessions, vmLabel } from '../lib/sort-task-sessions.ts'
import { notEndedLabel } from '../lib/task-counts.ts'
import type { TaskSort, TaskSortKey } from '../lib/task-sort.ts'
import {
  ariaRowIndex,
  OVERSCAN_ROWS,
  ROW_HEIGHT,
  ROW_HEIGHT_CLASS,
  shouldVirtualize,
  spacerHeights,
} from '../lib/virtual-rows.ts'

type Column = { key: TaskSortKey; label: string; width: string; align?: 'right' }

// Fixed column widths (`table-fixed`): the browser lays the table out from its header alone, so rows coming and
// going while a big table scrolls neither re-measure every cell nor make the columns jump. The short columns
// get what their longest usual value needs; VM and Reason share the rest.
const COLUMNS: readonly Column[] = [
  { key: 'vm', label: 'VM', width: '' },
  { key: 'state', label: 'State', width: 'w-32' },
  { key: 'result', label: 'Result', width: 'w-28' },
  { key: 'start', label: 'Started', width: 'w-52' },
  { key: 'duration', label: 'Duration', width: 'w-28', align: 'right' },
  { key: 'size', label: 'Size', width: 'w-28', align: 'right' },
  { key: 'reason', label: 'Reason', width: '' },
]

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const

type RowProps = {
  session: TaskSession
  kind: TaskSessionKind
  index: number
  /** The time running durations are measured to; finished rows ignore it (and do not re-render for it). */
  now: number
  /**
   * One line per row, all rows the same height (the reason is cut, in full on hover and on the task session
   * page): a virtualized table then knows where every row is without measuring any.
   */
  fixedHeight: boolean
  /** Whether the start time says its zone: when the header cannot say one for all rows. */
  withZone: boolean
}

function Row({ session, kind, index, now, fixedHeight, withZone }: RowProps) {
  return (
    <tr
      data-index={index}
      aria-rowindex={ariaRowIndex(index)}
      className={`hover:bg-zinc-50 dark:hover:bg-zinc-800/40 ${fixedHeight ? `${ROW_HEIGHT_CLASS} align-middle` : 'align-top'}`}
    >
      <th scope="row" className="px-3 py-2 font-medium" title={vmLabel(session)}>
        {/* Cut inside the link, not the cell, so the cell does not clip the link's focus outline. */}
        <ResourceLink kind={kind} id={session.id} className="link block truncate">
          {vmLabel(session)}
        </ResourceLink>
      </th>
      <td className="px-3 py-2">
        <StateBadge value={session.state} size="sm" />
      </td>
      <td className="px-3 py-2">
        <ResultBadge value={session.result} size="sm" />
      </td>
      <td className="truncate px-3 py-2 tabular-nums text-zinc-700 dark:text-zinc-300">
        <time dateTime={session.creationTime ?? undefined} title={formatUtc(session.creationTime)}>
          {withZone ? formatZonedTime(session.creationTime) : formatLocalTime(session.creationTime)}
        </time>
      </td>
      <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">
        {notEndedLabel(session) === 'pending' ? (
          <span
            className="inline-flex items-center gap-1 text-zinc-500 dark:text-zinc-400"
            title="Waiting its turn: EM has not started this machine yet"
          >
            <ClockIcon className="size-3.5 shrink-0" />
            <span className="sr-only">waiting </span>
            {formatDuration(durationMs(session.creationTime, null, now))}
          </span>
        ) : (
          formatDuration(durationMs(session.creationTime, session.endTime, now))
        )}
      </td>
      <td
        className="whitespace-nowrap px-3 py-2 text-right tabular-nums"
        title={formatExactBytes(session.totalSize)}
      >
        {formatBytes(session.totalSize)}
      </td>
      <td className="px-3 py-2 text-zinc-700 dark:text-zinc-300">
        <span
          className={fixedHeight ? 'block truncate' : 'line-clamp-2 break-words'}
          title={session.reason || undefined}
        >
          {session.reason.trim() || MISSING}
        </span>
      </td>
    </tr>
  )
}

// A ticking clock re-renders only the rows still running: a finished row's duration no longer depends on it.
const MemoRow = memo(
  Row,
  (a, b) =>
    a.session === b.session &&
    a.kind === b.kind &&
    a.index === b.index &&
    a.fixedHeight === b.fixedHeight &&
    a.withZone === b.withZone &&
    (a.now === b.now || a.session.endTime !== null),
)

const estimateSize = () => ROW_HEIGHT

/** An empty row that stands in for rows not rendered; its height is an SVG's (no style attributes under the CSP). */
function SpacerRow({ height }: { height: number }) {
  if (height <= 0) return null
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a row holding nothing but empty space; nothing in it can take focus
    <tr aria-hidden="true">
      <td colSpan={COLUMNS.length} className="p-0">
        <svg width="1" height={height} className="block" aria-hidden="true" focusable="false" />
      </td>
    </tr>
  )
}

/** The document offset of `element`'s top, kept current as content above it changes height. */
function useDocumentTop(element: HTMLElement | null, enabled: boolean): number {
  const [top, setTop] = useState(0)
  useLayoutEffect(() => {
    if (!element || !enabled) return
    const update = () => setTop(Math.round(element.getBoundingClientRect().top + window.scrollY))
    update()
    const observer = new ResizeObserver(update)
    observer.observe(document.body)
    window.addEventListener('resize', update)
    return () => {
      observer.disconnect()
      window.removeEventListener('resize', update)
    }
  }, [element, enabled])
  return top
}

type TaskSessionTableProps = {
  sessions: readonly TaskSession[]
  kind: TaskSessionKind
  sort: TaskSort
  /** Called with the clicked column; the page keeps the sort in the URL, so a shared link shows the same order. */
  onSort: (key: TaskSortKey) => void
  caption: string
}

/**
 * The job session's task sessions as a sortable table; each VM name links to its task session. A job with
 * thousands of machines renders only the rows near the viewport (the page keeps scrolling as usual); the table
 * still says how many rows it has and where each rendered row sits (`aria-rowcount`, `aria-rowindex`).
 */
export function TaskSessionTable({ sessions, kind, sort, onSort, caption }: TaskSessionTableProps) {
  const anyRunning = useMemo(() => sessions.some((s) => !isTaskSessionFinished(s)), [sessions])
  // Start times name their zone once, in the column header; each row says its own only when they differ.
  const zone = useMemo(() => sharedZone(sessions.map((s) => parseTime(s.creationTime))), [sessions])
  const now = useNow(1000, anyRunning)
  // Sorting thousands of rows is the costly part: only a duration sort of running sessions changes with time.
  const sortNow = sort.key === 'duration' && anyRunning ? now : 0
  const rows = useMemo(
    () => sortTaskSessions(sessions, sort, sortNow || Date.now()),
    [sessions, sort, sortNow],
  )

  // Stable option functions: the virtualizer recomputes every row's position whenever one of them changes.
  const getItemKey = useCallback((index: number) => rows[index]?.id ?? index, [rows])

  const virtual = shouldVirtualize(rows.length)
  const [body, setBody] = useState<HTMLTableSectionElement | null>(null)
  const scrollMargin = useDocumentTop(body, virtual)
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize,
    overscan: OVERSCAN_ROWS,
    scrollMargin,
    enabled: virtual,
    getItemKey,
  })

  const rendered = virtual ? virtualizer.getVirtualItems() : []
  const spacers = spacerHeights(rendered, virtualizer.getTotalSize(), scrollMargin)

  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900/60">
      <table
        aria-rowcount={rows.length + 1}
        className="w-full min-w-[60rem] table-fixed border-collapse text-left text-sm"
      >
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-zinc-200 bg-zinc-50 text-xs text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
          <tr aria-rowindex={1}>
            {COLUMNS.map((column) => {
              const active = sort.key === column.key
              const direction = active ? ARIA_SORT[sort.dir] : 'none'
              return (
                <th
                  key={column.key}
                  scope="col"
                  aria-sort={active ? direction : undefined}
                  className={`px-3 py-2 font-medium ${column.width} ${column.align === 'right' ? 'text-right' : ''}`}
                >
                  <button
                    type="button"
                    onClick={() => onSort(column.key)}
                    className={`-mx-1 inline-flex items-center gap-1 rounded px-1 py-0.5 font-medium uppercase tracking-wide hover:text-zinc-900 dark:hover:text-zinc-100 ${active ? 'text-zinc-900 dark:text-zinc-100' : ''}`}
                  >
                    {column.label}
                    {column.key === 'start' && zone ? (
                      <span className="font-normal normal-case tracking-normal">{zone}</span>
                    ) : null}
                    <SortIcon direction={direction} className="size-3.5" />
                  </button>
                </th>
              )
            })}
          </tr>
        </thead>
        <tbody ref={setBody} className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {virtual ? (
            <>
              <SpacerRow height={spacers.top} />
              {rendered.map((item) => {
                const session = rows[item.index]
                return session ? (
                  <MemoRow
                    key={item.key}
                    session={session}
                    kind={kind}
                    index={item.index}
                    now={now}
                    fixedHeight
                    withZone={zone === null}
                  />
                ) : null
              })}
              <SpacerRow height={spacers.bottom} />
            </>
          ) : (
            rows.map((session, index) => (
              <MemoRow
                key={session.id}
                session={session}
                kind={kind}
                index={index}
                now={now}
                fixedHeight={false}
                withZone={zone === null}
              />
            ))
          )}
        </tbody>
      </table>
    </div>
  )
}
