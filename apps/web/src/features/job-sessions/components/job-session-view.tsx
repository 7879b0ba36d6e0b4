import { isJobSessionFinished, RESOURCES, type ReplicaJobSession } from '@ese/shared'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { Breadcrumb } from '../../../components/ui/breadcrumb.tsx'
import { Callout } from '../../../components/ui/callout.tsx'
import { CopyButton } from '../../../components/ui/copy-button.tsx'
import { DetailItem, DetailList, Section } from '../../../components/ui/details.tsx'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { LayersIcon, RefreshIcon } from '../../../components/ui/icons.tsx'
import { LiveStatus } from '../../../components/ui/live-status.tsx'
import { PageHeader } from '../../../components/ui/page-header.tsx'
import { BackupServerItem, SessionTimeItems, UidItem } from '../../../components/ui/session-details.tsx'
import { SkeletonBlock } from '../../../components/ui/skeleton.tsx'
import { ResultBadge, StateBadge } from '../../../components/ui/status-badge.tsx'
import { toApiError } from '../../../lib/api-client.ts'
import { jobSessionCrumbs, upLink } from '../../../lib/breadcrumb.ts'
import { clampPercent, MISSING } from '../../../lib/format.ts'
import { isProblemResult } from '../../../lib/status.ts'
import { useDocumentTitle } from '../../../lib/use-document-title.ts'
import { rememberSession } from '../../../lib/use-recent-sessions.ts'
import { useReplicaJobSession } from '../api/get-replica-job-session.ts'
import {
  replicaJobSessionTaskSessionsQueryKey,
  useReplicaJobSessionTaskSessions,
} from '../api/get-replica-job-session-task-sessions.ts'
import type { TaskSort, TaskSortKey } from '../lib/sort-task-sessions.ts'
import { TaskSessionTable } from './task-session-table.tsx'
import { TaskSessionTimeline } from './task-session-timeline.tsx'

export function jobSessionTitle(session: ReplicaJobSession): string {
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

function resultCounts(results: readonly string[]): string {
  const counts = new Map<string, number>()
  for (const r of results) counts.set(r || 'Unknown', (counts.get(r || 'Unknown') ?? 0) + 1)
  return [...counts.entries()].map(([r, n]) => `${n} ${r}`).join(' · ')
}

type JobSessionViewProps = { id: string; sort: TaskSort; onSort: (key: TaskSortKey) => void }

/** The job session page: its state and progress, then its task sessions on a timeline and in a table. */
export function JobSessionView({ id, sort, onSort }: JobSessionViewProps) {
  const query = useReplicaJobSession(id)
  const session = query.data
  const running = !isJobSessionFinished(session)
  const tasks = useReplicaJobSessionTaskSessions(id, running)
  const queryClient = useQueryClient()
  const title = jobSessionTitle(session)
  useDocumentTitle(`${session.name || title} · ${RESOURCES.replicaJobSession.label}`)

  useEffect(() => {
    rememberSession({
      kind: 'replicaJobSession',
      id: session.id,
      label: session.name || title,
      state: session.state,
      result: session.result,
      openedAt: Date.now(),
    })
  }, [session.id, session.name, title, session.state, session.result])

  // The last poll of the task list can predate the job session's end: fetch the final list once when it stops.
  const wasRunning = useRef(running)
  useEffect(() => {
    if (wasRunning.current && !running) {
      void queryClient.invalidateQueries({ queryKey: replicaJobSessionTaskSessionsQueryKey(id) })
    }
    wasRunning.current = running
  }, [running, id, queryClient])

  const serverLink = upLink(session.links, 'backupServer')
  const failure = session.failureMessage?.trim() ?? ''
  const items = tasks.data?.items ?? []

  return (
    <div className="space-y-6">
      <div className="space-y-5">
        <Breadcrumb crumbs={jobSessionCrumbs(session)} />
        <PageHeader
          eyebrow="Replication job session"
          icon={<LayersIcon className="size-3.5" />}
          title={title}
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

        {failure ? (
          <Callout
            tone={session.result === 'Failed' ? 'danger' : 'warning'}
            title="Failure message"
            action={<CopyButton label="Copy failure message" text={failure} visibleText="Copy" />}
          >
            {failure}
          </Callout>
        ) : isProblemResult(session.result) ? (
          <Callout tone={session.result === 'Failed' ? 'danger' : 'warning'} title="Failure message">
            <span className="text-zinc-600 dark:text-zinc-400">
              EM gave no message; the task sessions below carry the reasons.
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
          <DetailItem term="Job type">{session.jobType || MISSING}</DetailItem>
          <BackupServerItem link={serverLink} />
        </DetailList>
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
            kind="replicaJobSession"
            onRetry={() => void tasks.refetch()}
            retrying={tasks.isFetching}
          />
        </Section>
      ) : (
        <>
          <Section title="Timeline" id="timeline-heading">
            {items.length > 0 ? (
              <TaskSessionTimeline sessions={items} />
            ) : (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">No task sessions yet.</p>
            )}
          </Section>
          <Section
            title={`Task sessions (${items.length})`}
            id="task-sessions-heading"
            actions={
              items.length > 0 ? (
                <p className="text-xs text-zinc-600 dark:text-zinc-400">
                  {resultCounts(items.map((t) => t.result))}
                </p>
              ) : null
            }
          >
            {items.length > 0 ? (
              <TaskSessionTable
                sessions={items}
                sort={sort}
                onSort={onSort}
                caption={`Task sessions of ${session.name || title}`}
              />
            ) : (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">
                This job session has no task sessions yet.
              </p>
            )}
          </Section>
        </>
      )}
    </div>
  )
}
