import { isJobSessionFinished, type JobSession, type JobSessionKind, RESOURCES, TASK_LIST } from '@ese/shared'
import { useQueryClient } from '@tanstack/react-query'
import { type ReactNode, useEffect, useMemo, useRef } from 'react'
import { Breadcrumb } from '../../../components/ui/breadcrumb.tsx'
import { Callout } from '../../../components/ui/callout.tsx'
import { ClampedText } from '../../../components/ui/clamped-text.tsx'
import { CopyButton } from '../../../components/ui/copy-button.tsx'
import { CountToggles } from '../../../components/ui/count-toggles.tsx'
import { DetailItem, DetailList, Section } from '../../../components/ui/details.tsx'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { FilterBox } from '../../../components/ui/filter-box.tsx'
import { LayersIcon, RefreshIcon } from '../../../components/ui/icons.tsx'
import { LiveStatus } from '../../../components/ui/live-status.tsx'
import { PageHeader } from '../../../components/ui/page-header.tsx'
import { ResourceLink } from '../../../components/ui/resource-link.tsx'
import { BackupServerItem, SessionTimeItems, UidItem } from '../../../components/ui/session-details.tsx'
import { SkeletonBlock } from '../../../components/ui/skeleton.tsx'
import { ResultBadge, StateBadge } from '../../../components/ui/status-badge.tsx'
import { toApiError } from '../../../lib/api-client.ts'
import { jobSessionCrumbs, PARENT_SESSION_LABEL, parentSessionLink, upLink } from '../../../lib/breadcrumb.ts'
import { clampPercent, MISSING } from '../../../lib/format.ts'
import { jobSessionKindLabel, jobTypeLabel } from '../../../lib/job-type.ts'
import { isProblemResult } from '../../../lib/status.ts'
import { useDocumentTitle } from '../../../lib/use-document-title.ts'
import { useRememberSession } from '../../../lib/use-recent-sessions.ts'
import { useJobSession } from '../api/get-job-session.ts'
import {
  jobSessionTaskSessionsQueryKey,
  useJobSessionTaskSessions,
} from '../api/get-job-session-task-sessions.ts'
import { filterTaskSessions } from '../lib/filter-task-sessions.ts'
import { matchingLabel, taskOutcomeLabel, taskResultGroups } from '../lib/task-counts.ts'
import type { TaskSort, TaskSortKey } from '../lib/task-sort.ts'
import { TaskSessionTable } from './task-session-table.tsx'
import { TaskSessionTimeline } from './task-session-timeline.tsx'

export function jobSessionTitle(session: JobSession): string {
  return session.jobName || session.name || 'Job session'
}

function ProgressBar({ value }: { value: number | null }) {
  const percent = clampPercent(value)
  if (percent === null) return <span>{MISSING}</span>
  return (
    <div className="flex items-center gap-3">
      <div
        role="progressbar"
        aria-label="Progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(percent)}
        className="h-2 w-full max-w-sm overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-700"
      >
        {/* SVG geometry instead of an inline style: the production CSP forbids style attributes. */}
        <svg width="100%" height="100%" aria-hidden="true" className="block">
          <rect width={`${percent}%`} height="100%" className="fill-teal-600 dark:fill-teal-500" />
        </svg>
      </div>
      <span className="tabular-nums text-sm">{Math.round(percent)}%</span>
    </div>
  )
}

/** Jobs with more machines than this get a filter above their task table (a few rows are read at a glance). */
const FILTER_FROM = 10

/**
 * Places on the page for panels of other features (the explorer's job runs, raw EM answer…), each given the
 * loaded job session. The route page decides what goes there.
 */
export type JobSessionSlots = {
  /** Buttons next to "Copy link". */
  headerActions?: (session: JobSession) => ReactNode
  /** Right under the header: the place for the job's runs with previous / next. */
  belowHeader?: (session: JobSession) => ReactNode
  /** Below the details card, above the timeline. */
  belowDetails?: (session: JobSession) => ReactNode
}

type JobSessionViewProps = {
  kind: JobSessionKind
  id: string
  sort: TaskSort
  onSort: (key: TaskSortKey) => void
  /** The task table's filter text (the URL's `q`), and what to do when the user changes it. */
  filter: string
  onFilter: (text: string) => void
  /** The outcome the table is narrowed to (the URL's `result`: Failed, pending…), '' for all, and its setter. */
  result: string
  onResult: (label: string) => void
  slots?: JobSessionSlots
}

/**
 * A job session page (replica or backup, including agent and file share backups): its state and progress, then
 * its task sessions on a timeline and in a table.
 */
export function JobSessionView({
  kind,
  id,
  sort,
  onSort,
  filter,
  onFilter,
  result,
  onResult,
  slots = {},
}: JobSessionViewProps) {
  const query = useJobSession(kind, id)
  const session = query.data
  const running = !isJobSessionFinished(session)
  const tasks = useJobSessionTaskSessions(kind, id, running)
  const queryClient = useQueryClient()
  const title = jobSessionTitle(session)
  const taskKind = TASK_LIST[kind].taskKind
  useDocumentTitle(`${session.name || title} · ${RESOURCES[kind].label}`)
  useRememberSession({
    kind,
    id: session.id,
    label: session.name || title,
    state: session.state,
    result: session.result,
  })

  // The last poll of the task list can predate the job session's end: fetch the final list once when it stops.
  const wasRunning = useRef(running)
  useEffect(() => {
    if (wasRunning.current && !running) {
      void queryClient.invalidateQueries({ queryKey: jobSessionTaskSessionsQueryKey(kind, id) })
    }
    wasRunning.current = running
  }, [running, kind, id, queryClient])

  const serverLink = upLink(session.links, 'backupServer')
  const parentLink = parentSessionLink(session)
  const failure = session.failureMessage?.trim() ?? ''
  const items = tasks.data?.items ?? []
  // The link's outcome in any case; one no machine has (any more) narrows nothing.
  const groups = useMemo(() => taskResultGroups(items), [items])
  const outcome = matchingLabel(groups, result)
  const shown = useMemo(() => {
    const matching = filterTaskSessions(items, filter)
    return outcome ? matching.filter((item) => taskOutcomeLabel(item) === outcome) : matching
  }, [items, filter, outcome])
  // An old run's empty list says nothing of its machines: EM no longer lists them.
  const notListed = olderThanListed(session) ? LISTED_ONLY_RECENT : null
  const typeLabel = jobTypeLabel(session.jobType)

  return (
    <div className="space-y-6">
      <div className="space-y-5">
        <Breadcrumb crumbs={jobSessionCrumbs(session)} />
        <PageHeader
          eyebrow={jobSessionKindLabel(session)}
          icon={<LayersIcon className="size-3.5" />}
          title={title}
          actions={slots.headerActions?.(session)}
          badges={
            <>
              <StateBadge value={session.state} />
              <ResultBadge value={session.result} />
              {session.isRetry ? (
                <span className="inline-flex items-center gap-1 rounded-md bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-700 ring-1 ring-zinc-500/20 ring-inset sm:text-sm dark:bg-zinc-400/10 dark:text-zinc-300">
                  <RefreshIcon className="size-3.5" />
                  Retry run
                </span>
              ) : null}
            </>
          }
          status={
            <LiveStatus
              live={running}
              updatedAt={query.dataUpdatedAt}
              fetching={query.isFetching || tasks.isFetching}
              refreshError={
                query.isRefetchError
                  ? toApiError(query.error)
                  : tasks.isRefetchError
                    ? toApiError(tasks.error)
                    : null
              }
              onRefresh={() => {
                void query.refetch()
                void tasks.refetch()
              }}
            />
          }
        />

        {slots.belowHeader?.(session)}

        {failure ? (
          <Callout
            tone={session.result === 'Failed' ? 'danger' : 'warning'}
            title="Failure message"
            action={<CopyButton label="Copy failure message" text={failure} visibleText="Copy" />}
          >
            <ClampedText text={failure} />
          </Callout>
        ) : isProblemResult(session.result) ? (
          <Callout tone={session.result === 'Failed' ? 'danger' : 'warning'} title="Failure message">
            <span className="text-zinc-600 dark:text-zinc-400">
              {session.jobType === 'AgentBackup'
                ? "EM gave no message; each computer's session, listed below, carries its own."
                : tasks.data && items.length === 0 && !notListed
                  ? 'EM gave no message, and the run has no task sessions: the job’s log on its backup server says why.'
                  : 'EM gave no message; the task sessions below carry the reasons.'}
            </span>
          </Callout>
        ) : null}

        <DetailList label="Job session details">
          <DetailItem term="Progress" wide>
            <ProgressBar value={session.progress} />
          </DetailItem>
          <DetailItem term="Session name">{session.name || MISSING}</DetailItem>
          <UidItem uid={session.uid} />
          <SessionTimeItems start={session.creationTime} end={session.endTime} running={running} />
          <DetailItem term="Retry">{session.isRetry ? 'Yes, a retry of a failed run' : 'No'}</DetailItem>
          <DetailItem term="Job">{session.jobName || MISSING}</DetailItem>
          <DetailItem term="Job type">
            {typeLabel === null ? (
              MISSING
            ) : typeLabel === session.jobType ? (
              typeLabel
            ) : (
              <>
                {typeLabel} <span className="text-zinc-500 dark:text-zinc-400">({session.jobType})</span>
              </>
            )}
          </DetailItem>
          {parentLink ? (
            <DetailItem term="Parent session">
              {parentLink.id ? (
                <ResourceLink
                  kind="backupJobSession"
                  id={parentLink.id}
                  className="link inline-flex items-center gap-1.5"
                >
                  <LayersIcon className="size-3.5" />
                  {parentLink.name || PARENT_SESSION_LABEL}
                </ResourceLink>
              ) : (
                parentLink.name || PARENT_SESSION_LABEL
              )}
            </DetailItem>
          ) : null}
          <BackupServerItem link={serverLink} />
        </DetailList>

        {slots.belowDetails?.(session)}
      </div>

      {tasks.isPending ? (
        <div role="status" aria-busy="true" className="space-y-3">
          <span className="sr-only">Loading task sessions…</span>
          <SkeletonBlock className="h-40 w-full" />
          <SkeletonBlock className="h-56 w-full" />
        </div>
      ) : tasks.isError && !tasks.data ? (
        <Section title="Task sessions" id="task-sessions-heading">
          <ErrorPanel
            error={toApiError(tasks.error)}
            subject={kind}
            onRetry={() => void tasks.refetch()}
            retrying={tasks.isFetching}
          />
        </Section>
      ) : (
        <>
          {/* Without task sessions there is nothing to draw: the section below says why there are none. */}
          {items.length > 0 ? (
            <Section title="Timeline" id="timeline-heading">
              <TaskSessionTimeline sessions={items} kind={taskKind} />
            </Section>
          ) : null}
          <Section
            title={`Task sessions (${items.length.toLocaleString()})`}
            id="task-sessions-heading"
            actions={
              items.length > 0 ? (
                <CountToggles
                  legend="Machines by result (choose one to show only those)"
                  toggles={groups.map(({ label, count }) => ({
                    value: label,
                    text: `${count.toLocaleString()} ${label}`,
                    title: `Show only the ${label} machines`,
                  }))}
                  value={outcome}
                  onChange={onResult}
                  allTitle="Show every machine"
                  className="text-xs text-zinc-600 dark:text-zinc-400"
                />
              ) : null
            }
          >
            {items.length > 0 ? (
              <>
                {items.length > FILTER_FROM || filter !== '' || outcome !== '' ? (
                  <FilterBox
                    value={filter}
                    onChange={onFilter}
                    label="Filter machines by name or reason"
                    placeholder="Filter by machine or reason"
                    noun="machines"
                    shown={shown.length}
                    total={items.length}
                    narrowed={outcome !== ''}
                  />
                ) : null}
                {shown.length > 0 ? (
                  <TaskSessionTable
                    sessions={shown}
                    kind={taskKind}
                    sort={sort}
                    onSort={onSort}
                    caption={`Task sessions of ${session.name || title}`}
                  />
                ) : (
                  <p className="rounded-md bg-zinc-50 p-4 text-center text-sm text-zinc-700 dark:bg-zinc-800/40 dark:text-zinc-300">
                    {`No ${outcome ? `${outcome} ` : ''}machine's name or reason contains “${filter.trim()}”.`}
                  </p>
                )}
              </>
            ) : (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">
                {session.jobType === 'AgentBackup'
                  ? "Each computer's task session is in its own session (Computers in this agent backup, above)."
                  : (notListed ?? `This job session has no task sessions${running ? ' yet' : ''}.`)}
              </p>
            )}
          </Section>
        </>
      )}
    </div>
  )
}

/** EM lists a job session's task sessions only for the runs of the last 30 days (get_replicasessions_id_replicatasksessions). */
const LISTED_DAYS = 30
const LISTED_ONLY_RECENT = `Enterprise Manager lists the task sessions of a run only for ${LISTED_DAYS} days after it started, and this run is older. A machine's task session still opens by its ID.`

/** Whether the run started longer ago than EM lists its task sessions (an empty list then says nothing). */
function olderThanListed(session: Pick<JobSession, 'creationTime'>, now = Date.now()): boolean {
  const started = Date.parse(session.creationTime ?? '')
  return Number.isFinite(started) && now - started > LISTED_DAYS * 24 * 60 * 60 * 1000
}
