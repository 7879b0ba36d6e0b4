import type { JobSession, LaterSuccess, WindowDays } from '@ese/shared'
import { Link } from '@tanstack/react-router'
import { type ReactNode, useState } from 'react'
import { CopyButton } from '../../../components/ui/copy-button.tsx'
import { CheckCircleIcon } from '../../../components/ui/icons.tsx'
import { ResultBadge } from '../../../components/ui/status-badge.tsx'
import { RESOURCE_ROUTE } from '../../../lib/resource-routes.ts'
import { useAttention } from '../api/get-attention.ts'
import {
  type AttentionGroup,
  attentionEmptyText,
  countLabel,
  GROUP_ITEMS_SHOWN,
  groupAttention,
  windowLabel,
} from '../lib/attention.ts'
import { kindShortLabel, sessionPath } from '../lib/sessions.ts'
import { attentionSummaryMarkdown } from '../lib/summary.ts'
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

export type NeedsAttentionProps = {
  /** The window shown. Give it (with `onDaysChange`) to keep it in the URL; without it the panel keeps its own. */
  days?: WindowDays
  onDaysChange?: (days: WindowDays) => void
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

/**
 * The home page's inbox: failed and warning task sessions of the last 24 hours (or 7 days), grouped by job
 * session, the runs with failures still open first, then warnings, then what has since succeeded, newest first
 * within each; each group shows its first few machines, failures first, and links to the job session for the
 * rest. Refreshes every minute while its tab is visible.
 */
export function NeedsAttention({ days: daysProp, onDaysChange }: NeedsAttentionProps) {
  const [ownDays, setOwnDays] = useState<WindowDays>(1)
  const days = daysProp ?? ownDays
  const query = useAttention(days)
  const now = useClock()

  function changeDays(next: WindowDays) {
    setOwnDays(next)
    onDaysChange?.(next)
  }

  const retry = () => void query.refetch()
  const data = query.data
  // Grouped once per answer: the panel and its Copy summary show the same.
  const summary = data ? groupAttention(data.items, data.recovered, data.runs) : null
  let body: ReactNode
  if (data && summary) {
    body = (
      <>
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          <span className="font-semibold text-red-700 dark:text-red-400">
            {countLabel(summary.failed, 'failed', data.truncated)}
          </span>
          {' · '}
          <span className="font-semibold text-amber-700 dark:text-amber-400">
            {countLabel(summary.warnings, summary.warnings === 1 ? 'warning' : 'warnings', data.truncated)}
          </span>
          {summary.other > 0
            ? ` · ${countLabel(summary.other, summary.other === 1 ? 'other result' : 'other results', data.truncated)}`
            : ''}
          {' · '}
          {countLabel(
            summary.jobSessions,
            summary.jobSessions === 1 ? 'job session' : 'job sessions',
            data.truncated,
          )}
          <span className="text-zinc-500 dark:text-zinc-400"> in the last {windowLabel(days)}</span>
        </p>
        {summary.recovered > 0 ? (
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            {summary.recovered === 1
              ? '1 more failed or warned and has since succeeded in its job (a retry or a later run): listed last.'
              : `${summary.recovered} more failed or warned and have since succeeded in their jobs (a retry or a later run): listed last.`}
          </p>
        ) : null}
        {summary.runs > 0 ? (
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            {summary.runs === 1
              ? '1 job run failed or warned with none of its machines listed here: shown as a run, with EM’s message where it gave one.'
              : `${summary.runs} job runs failed or warned with none of their machines listed here: shown as runs, with EM’s message where it gave one.`}
          </p>
        ) : null}
        {query.isRefetchError ? <StaleNote onRetry={retry} retrying={query.isFetching} /> : null}
        <UnavailableNote parts={data.unavailable} />
        {data.truncated ? (
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            Enterprise Manager has more failed and warning sessions in this window than the dashboard reads at
            once; the oldest are not shown.
          </p>
        ) : null}
        {summary.groups.length === 0 ? (
          <p className="rounded-md bg-zinc-50 p-4 text-center text-sm text-zinc-700 dark:bg-zinc-800/40 dark:text-zinc-300">
            {attentionEmptyText(days, data.unavailable.length > 0)}
          </p>
        ) : (
          <ul className="space-y-4">
            {summary.jobs.map((job) => (
              <AttentionGroupItem
                key={job.key}
                group={job.lead}
                others={job.others}
                days={days}
                now={now}
                recovered={data.recovered}
              />
            ))}
          </ul>
        )}
      </>
    )
  } else if (query.isError) {
    body = <PanelError error={query.error} onRetry={retry} retrying={query.isFetching} />
  } else {
    body = <PanelSkeleton label="failed and warning sessions" rows={4} />
  }

  return (
    <Panel
      title="Needs attention"
      actions={
        <div className="flex flex-wrap items-center gap-2">
          {data && summary ? (
            <CopyButton
              label="Copy summary of what needs attention"
              visibleText="Copy summary"
              text={() =>
                attentionSummaryMarkdown(summary, {
                  days,
                  origin: window.location.origin,
                  now: Date.now(),
                  truncated: data.truncated,
                  unavailable: data.unavailable,
                  recovered: data.recovered,
                })
              }
            />
          ) : null}
          <WindowSwitch value={days} onChange={changeDays} label="Time window for Needs attention" />
        </div>
      }
    >
      {body}
    </Panel>
  )
}

/** A group's counts, for its heading: what failed or warned and what has since succeeded, machines or the run. */
function groupCounts(group: AttentionGroup): string {
  return (
    group.run
      ? [
          group.failed > 0 ? 'run failed' : null,
          group.warnings > 0 ? 'run warned' : null,
          group.recovered > 0 ? 'since succeeded' : null,
        ]
      : [
          group.failed > 0 ? `${group.failed} failed` : null,
          group.warnings > 0 ? plural(group.warnings, 'warning', 'warnings') : null,
          group.recovered > 0 ? `${group.recovered} since succeeded` : null,
        ]
  )
    .filter(Boolean)
    .join(', ')
}

type GroupProps = {
  group: AttentionGroup
  /** The job's other runs in the window, folded under a disclosure (a run shown there has none). */
  others: readonly AttentionGroup[]
  days: WindowDays
  now: number
  recovered: Readonly<Record<string, LaterSuccess>>
  /** 3 for a job's run to look at first, 4 for its other runs. */
  level?: 3 | 4
}

function AttentionGroupItem({ group, others, days, now, recovered, level = 3 }: GroupProps) {
  const jobSession = group.jobSession
  const counts = groupCounts(group)
  const Heading = level === 3 ? 'h3' : 'h4'
  // Without a job session to open, every item stays here.
  const shown = jobSession ? group.items.slice(0, GROUP_ITEMS_SHOWN) : group.items
  const hidden = group.items.length - shown.length
  return (
    <li className="min-w-0">
      <Heading className="flex min-w-0 flex-wrap items-baseline gap-x-2 gap-y-0.5 border-b border-zinc-200 pb-1 text-sm dark:border-zinc-800">
        {jobSession ? (
          <>
            <span className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
              {kindShortLabel(jobSession.kind)}
            </span>
            <Link to={jobSession.path} className="link min-w-0 break-words font-medium">
              {jobSession.name ?? 'Job session'}
            </Link>
          </>
        ) : (
          <span className="font-medium text-zinc-700 dark:text-zinc-300">Job session not known</span>
        )}
        {counts ? <span className="text-xs text-zinc-600 dark:text-zinc-400">{counts}</span> : null}
      </Heading>
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
        {group.run ? <RunItem run={group.run} now={now} later={laterOf(recovered, group.run.id)} /> : null}
        {shown.map((item) => {
          const later = laterOf(recovered, item.id)
          return (
            <li key={`${item.kind}:${item.id}`} className="min-w-0 space-y-1 py-2">
              <ReasonText reason={item.reason} className="font-medium" />
              <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1 text-sm">
                <ResultBadge value={item.result} size="sm" />
                <Link to={sessionPath(item)} className="link min-w-0 break-all">
                  {item.vmDisplayName || item.name}
                </Link>
                {later ? (
                  <SucceededLater later={later} what={item.vmDisplayName || item.name} now={now} />
                ) : null}
                <span className="ml-auto text-xs text-zinc-600 dark:text-zinc-400">
                  <TimeAgo iso={item.creationTime} now={now} />
                </span>
              </div>
            </li>
          )
        })}
      </ul>
      {jobSession && hidden > 0 ? (
        <p className="pt-1 text-sm">
          <Link
            to={RESOURCE_ROUTE[jobSession.kind]}
            params={{ id: jobSession.id }}
            search={{ sort: 'result' }}
            className="link"
          >
            {plural(hidden, 'more machine', 'more machines')} in this job session
          </Link>
          <span className="text-zinc-600 dark:text-zinc-400"> (failed first)</span>
        </p>
      ) : null}
      {others.length > 0 ? (
        <OtherRuns runs={others} days={days}>
          {others.map((other) => (
            <AttentionGroupItem
              key={other.key}
              group={other}
              others={[]}
              days={days}
              now={now}
              recovered={recovered}
              level={4}
            />
          ))}
        </OtherRuns>
      ) : null}
    </li>
  )
}

/**
 * The job's other runs in the window, folded: a job that fails run after run shows its run to look at first, and
 * says how many more there are and how many of them still have something open; opened, each run as a group.
 */
function OtherRuns({
  runs,
  days,
  children,
}: {
  runs: readonly AttentionGroup[]
  days: WindowDays
  children: ReactNode
}) {
  const open = runs.filter((run) => run.failed + run.warnings > 0).length
  const state =
    open === 0 ? 'all since succeeded' : open === runs.length ? 'all still open' : `${open} still open`
  return (
    <details className="pt-1 text-sm">
      <summary className="cursor-pointer text-zinc-700 dark:text-zinc-300">
        {plural(runs.length, 'more run', 'more runs')} of this job in the last {windowLabel(days)} ({state})
      </summary>
      <ul className="mt-2 space-y-3 border-l-2 border-zinc-200 pl-3 dark:border-zinc-800">{children}</ul>
    </details>
  )
}

function laterOf(recovered: Readonly<Record<string, LaterSuccess>>, id: string): LaterSuccess | undefined {
  return Object.hasOwn(recovered, id) ? recovered[id] : undefined
}

function SucceededLater({ later, what, now }: { later: LaterSuccess; what: string; now: number }) {
  return (
    <span className="inline-flex items-center gap-1 text-xs text-emerald-800 dark:text-emerald-300">
      <CheckCircleIcon className="size-3.5" />
      <Link to={later.path} className="link" aria-label={`Succeeded later: ${what}`}>
        Succeeded later
      </Link>
      {later.creationTime ? (
        <span className="text-zinc-600 dark:text-zinc-400">
          (<TimeAgo iso={later.creationTime} now={now} />)
        </span>
      ) : null}
    </span>
  )
}

/**
 * A run none of whose machines is listed: one that failed before any machine (a target host or repository
 * down), an agent backup, or one whose machines were not read or sit under other sessions (a backup copy's
 * workers). Its own message when EM gave one; its page has what it processed.
 */
function RunItem({ run, now, later }: { run: JobSession; now: number; later: LaterSuccess | undefined }) {
  const ended =
    run.result === 'Failed' ? 'failed' : run.result === 'Warning' ? 'ended with a warning' : 'ended'
  const what =
    run.jobType === 'AgentBackup'
      ? `Agent backup: the run ${ended}. Its computers are on its page.`
      : `${run.jobType ? `${run.jobType} job` : 'Job'}: the run ${ended}. Its machines, if it reached any, are on its page.`
  return (
    <li className="min-w-0 space-y-1 py-2">
      {run.failureMessage ? <ReasonText reason={run.failureMessage} className="font-medium" /> : null}
      <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1 text-sm">
        <ResultBadge value={run.result} size="sm" />
        <span className="min-w-0 text-zinc-700 dark:text-zinc-300">{what}</span>
        {later ? <SucceededLater later={later} what={run.jobName || run.name} now={now} /> : null}
        <span className="ml-auto text-xs text-zinc-600 dark:text-zinc-400">
          <TimeAgo iso={run.creationTime} now={now} />
        </span>
      </div>
    </li>
  )
}
