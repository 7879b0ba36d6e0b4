import type { JobSession, WindowDays } from '@ese/shared'
import { Link } from '@tanstack/react-router'
import { type ReactNode, useState } from 'react'
import { CountToggles } from '../../../components/ui/count-toggles.tsx'
import { FilterBox } from '../../../components/ui/filter-box.tsx'
import { ResultBadge, StateBadge } from '../../../components/ui/status-badge.tsx'
import { jobTypeNote } from '../../../lib/job-type.ts'
import { useServerSessions } from '../api/get-server-sessions.ts'
import { windowLabel } from '../lib/attention.ts'
import {
  ADJECTIVE,
  countOutcomes,
  filterServerSessions,
  orderServerSessions,
  outcomeToggles,
} from '../lib/server-sessions.ts'
import { isProblem, kindShortLabel, type Outcome, outcomeOf, sessionPath } from '../lib/sessions.ts'
import {
  Panel,
  PanelError,
  PanelSkeleton,
  StaleNote,
  TimeAgo,
  UnavailableNote,
  useClock,
  WindowSwitch,
} from './panel.tsx'
import { ReasonText } from './reason-text.tsx'

export type ServerSessionsProps = {
  /** The backup server's ID (the page's). */
  id: string
  /** The window shown. Give it (with `onDaysChange`) to keep it in the URL; without it the panel keeps its own. */
  days?: WindowDays
  onDaysChange?: (days: WindowDays) => void
  /** The outcome the list is narrowed to and the text it is filtered by (the URL's), with their setter. */
  narrowing: { result: Outcome | null; q: string; onChange: (result: Outcome | null, q: string) => void }
}

/** A list longer than this gets a filter box (a few rows are read at a glance). */
const FILTER_FROM = 10

/**
 * The backup server's job sessions (replica and backup) of the last 24 hours or 7 days: failures first, then
 * warnings, running, successes; newest first within each. For the backup server page, below its details.
 */
export function ServerSessions({ id, days: daysProp, onDaysChange, narrowing }: ServerSessionsProps) {
  const [ownDays, setOwnDays] = useState<WindowDays>(1)
  const days = daysProp ?? ownDays
  const { result, q, onChange: narrow } = narrowing
  const query = useServerSessions(id, days)
  const now = useClock()
  const retry = () => void query.refetch()

  function changeDays(next: WindowDays) {
    setOwnDays(next)
    onDaysChange?.(next)
  }

  let body: ReactNode
  if (query.data) {
    const data = query.data
    const items = orderServerSessions(data.items)
    const counts = countOutcomes(items)
    const shown = filterServerSessions(items, q, result)
    const toggles = outcomeToggles(counts, result)
    body = (
      <>
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          {counts.total} job {counts.total === 1 ? 'session' : 'sessions'}:{' '}
          <CountToggles
            legend="Job sessions by outcome (choose one to show only those)"
            toggles={toggles}
            value={result ?? ''}
            onChange={(next) => narrow(toggles.find((t) => t.value === next)?.value ?? null, q)}
            allTitle="Show every job session"
            separator="comma"
          />
        </p>
        {query.isRefetchError ? <StaleNote onRetry={retry} retrying={query.isFetching} /> : null}
        <UnavailableNote parts={data.unavailable} />
        {data.truncated ? (
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            This server has more job sessions in this window than the dashboard reads at once; the oldest are
            not shown.
          </p>
        ) : null}
        {items.length > FILTER_FROM || q !== '' || result !== null ? (
          <FilterBox
            value={q}
            onChange={(next) => narrow(result, next)}
            label="Filter job sessions by job name or message"
            placeholder="Filter by job or message"
            shown={shown.length}
            total={items.length}
            noun="job sessions"
            narrowed={result !== null}
          />
        ) : null}
        {shown.length === 0 ? (
          <p className="rounded-md bg-zinc-50 p-4 text-center text-sm text-zinc-700 dark:bg-zinc-800/40 dark:text-zinc-300">
            {items.length === 0
              ? `No job sessions in the last ${windowLabel(days)}${data.unavailable.length > 0 ? ' among those Enterprise Manager let the dashboard read' : ''}`
              : q.trim() === '' && result !== null
                ? `No ${ADJECTIVE[result]} job sessions in the last ${windowLabel(days)}.`
                : `No ${result === null ? '' : `${ADJECTIVE[result]} `}job session's name or message contains “${q.trim()}”.`}
          </p>
        ) : (
          <ol
            aria-label="Job sessions, failures first"
            className="divide-y divide-zinc-100 dark:divide-zinc-800/70"
          >
            {shown.map((item) => (
              <ServerSessionRow key={`${item.kind}:${item.id}`} item={item} now={now} />
            ))}
          </ol>
        )}
      </>
    )
  } else if (query.isError) {
    body = <PanelError error={query.error} onRetry={retry} retrying={query.isFetching} />
  } else {
    body = <PanelSkeleton label="job sessions of this server" rows={4} />
  }

  return (
    <Panel
      title="Job sessions on this server"
      actions={
        <WindowSwitch
          value={days}
          onChange={changeDays}
          label="Time window for job sessions on this server"
        />
      }
    >
      {body}
    </Panel>
  )
}

function ServerSessionRow({ item, now }: { item: JobSession; now: number }) {
  const running = outcomeOf(item) === 'running'
  return (
    <li className="min-w-0 space-y-1 py-2">
      <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
        {running ? (
          <StateBadge value={item.state} size="sm" />
        ) : (
          <ResultBadge value={item.result} size="sm" />
        )}
        <Link to={sessionPath(item)} className="link min-w-0 break-all text-sm font-medium">
          {item.name || item.jobName}
        </Link>
        <span className="ml-auto text-xs text-zinc-600 dark:text-zinc-400">
          <TimeAgo iso={item.creationTime} now={now} />
        </span>
      </div>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        {kindShortLabel(item.kind)}
        {jobTypeNote(item) ? ` · ${jobTypeNote(item)}` : ''}
        {item.isRetry ? ' · retry' : ''}
        {running && item.progress !== null ? ` · ${Math.round(item.progress)} %` : ''}
      </p>
      {isProblem(item) && item.failureMessage ? <ReasonText reason={item.failureMessage} /> : null}
    </li>
  )
}
