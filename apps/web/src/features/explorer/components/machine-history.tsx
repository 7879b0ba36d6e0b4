import { isJobSessionKind, type TaskSession, type TaskSessionKind } from '@ese/shared'
import { Link } from '@tanstack/react-router'
import { CheckCircleIcon, FailedIcon, PlayIcon, WarningIcon } from '../../../components/ui/icons.tsx'
import { toApiError } from '../../../lib/api-client.ts'
import { sharedZone } from '../../../lib/time-format.ts'
import { useMachineHistory } from '../api/get-machine-history.ts'
import { HISTORY_LIMIT, machineVerdict, newerRunsText, type Verdict } from '../lib/machine-verdict.ts'
import { retryVerdict } from '../lib/retry-verdict.ts'
import {
  isProblem,
  jobSessionOf,
  kindShortLabel,
  newestFirst,
  sessionPath,
  withLatest,
} from '../lib/sessions.ts'
import { exactTime, shortDateTime, toMs } from '../lib/time.ts'
import { Panel, PanelError, PanelSkeleton, StaleNote, UnavailableNote, useClock } from './panel.tsx'
import { outcomeLabel, ResultMark } from './result-mark.tsx'

export type MachineHistoryProps = {
  /** The task session the page shows. */
  kind: TaskSessionKind
  id: string
  /** The page's copy of it, which refreshes while it runs: its row and the verdict follow it. */
  session?: TaskSession
}

const VERDICT_CLASSES: Record<Verdict['tone'], string> = {
  danger: 'text-red-800 dark:text-red-300',
  warning: 'text-amber-800 dark:text-amber-300',
  success: 'text-emerald-800 dark:text-emerald-300',
  neutral: 'text-zinc-800 dark:text-zinc-200',
}

/**
 * "Recent runs of this machine": the machine's task sessions across jobs and kinds (same VM name, up to 20,
 * newest first), the page's own marked, under a one-line verdict. For the task session page, below its details.
 */
export function MachineHistory({ kind, id, session }: MachineHistoryProps) {
  const query = useMachineHistory(kind, id)
  const now = useClock(60_000)
  const retry = () => void query.refetch()

  if (!query.data) {
    return (
      <Panel title="Recent runs of this machine">
        {query.isError ? (
          <PanelError error={query.error} onRetry={retry} retrying={query.isFetching} />
        ) : (
          <PanelSkeleton label="recent runs of this machine" />
        )}
      </Panel>
    )
  }

  const data = query.data
  const runs = withLatest(data.items, session)
  const verdict = machineVerdict(runs, id, now, undefined, session)
  // The page's run older than every run listed: shown at the end (marked), every listed run newer than it. It
  // stays out of the verdict, which reads only consecutive runs.
  const older = session && !data.items.some((item) => item.id === id) ? session : null
  const items = older ? [...newestFirst(runs), older] : newestFirst(runs)
  const newer = older ? data.items.length : verdict.newerRuns
  const atLeast = older !== null && data.items.length >= HISTORY_LIMIT
  // The zone once for the list; each row says its own when the list spans a change of summer time.
  const zone = sharedZone(items.map((item) => toMs(item.creationTime)))
  return (
    <Panel title="Recent runs of this machine">
      <div className="space-y-0.5">
        <p className={`text-sm font-medium ${VERDICT_CLASSES[verdict.tone]}`}>{verdict.text}</p>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          <span className="break-all font-medium">{data.vmDisplayName}</span> across jobs, newest first
          {newer !== null && newer > 0 ? ` · ${newerRunsText(newer, atLeast)}` : ''}
          {data.unavailable.length > 0 ? ' · only the runs EM let the dashboard read' : ''}
          {zone ? ` · times in ${zone}` : ''}
        </p>
      </div>
      {query.isRefetchError ? <StaleNote onRetry={retry} retrying={query.isFetching} /> : null}
      <UnavailableNote parts={data.unavailable} />
      {items.length > 0 ? (
        <ol className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
          {items.map((item) => (
            <HistoryRow
              key={`${item.kind}:${item.id}`}
              item={item}
              current={item.id === id}
              withZone={zone === null}
            />
          ))}
        </ol>
      ) : null}
    </Panel>
  )
}

function HistoryRow({ item, current, withZone }: { item: TaskSession; current: boolean; withZone: boolean }) {
  const ms = toMs(item.creationTime)
  const jobSession = jobSessionOf(item)
  const reason = item.reason.trim()
  return (
    <li
      className={`flex min-w-0 items-start gap-2 py-2 ${current ? '-mx-2 rounded-md bg-teal-50 px-2 dark:bg-teal-950/40' : ''}`}
    >
      <span className="mt-0.5" title={reason ? `${outcomeLabel(item)}: ${reason}` : outcomeLabel(item)}>
        <ResultMark session={item} />
      </span>
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-baseline gap-x-2">
          <Link
            to={sessionPath(item)}
            aria-current={current ? 'page' : undefined}
            title={ms === null ? undefined : exactTime(ms)}
            className="link whitespace-nowrap text-sm tabular-nums"
          >
            {ms === null ? item.name : shortDateTime(ms, undefined, withZone)}
          </Link>
          {current ? (
            <span className="rounded bg-teal-700 px-1.5 text-xs font-medium text-white dark:bg-teal-300 dark:text-teal-950">
              This run
            </span>
          ) : null}
          <span className="text-xs text-zinc-500 dark:text-zinc-400">{kindShortLabel(item.kind)}</span>
        </div>
        {jobSession ? (
          <Link
            to={jobSession.path}
            className="block truncate text-xs text-zinc-700 hover:underline dark:text-zinc-300"
          >
            {jobSession.name ?? 'Job session'}
          </Link>
        ) : null}
        {reason && isProblem(item) ? (
          <p title={reason} className="truncate text-xs text-zinc-600 dark:text-zinc-400">
            {reason}
          </p>
        ) : reason ? (
          <span className="sr-only">Reason: {reason}</span>
        ) : null}
      </div>
    </li>
  )
}

export type RetryVerdictProps = {
  kind: TaskSessionKind
  id: string
  /** The page's task session, when it has it; otherwise it is found in the history answer. */
  session?: Pick<TaskSession, 'result' | 'creationTime'>
}

const RETRY_TONES = {
  success: {
    classes: 'border-emerald-300 bg-emerald-50 dark:border-emerald-800/70 dark:bg-emerald-950/30',
    Icon: CheckCircleIcon,
    icon: 'text-emerald-600 dark:text-emerald-400',
  },
  warning: {
    classes: 'border-amber-300 bg-amber-50 dark:border-amber-800/70 dark:bg-amber-950/30',
    Icon: WarningIcon,
    icon: 'text-amber-600 dark:text-amber-400',
  },
  danger: {
    classes: 'border-red-300 bg-red-50 dark:border-red-900/70 dark:bg-red-950/40',
    Icon: FailedIcon,
    icon: 'text-red-600 dark:text-red-400',
  },
  neutral: {
    classes: 'border-sky-300 bg-sky-50 dark:border-sky-800/70 dark:bg-sky-950/30',
    Icon: PlayIcon,
    icon: 'text-sky-600 dark:text-sky-400',
  },
} as const

/**
 * One line for the top of a task session page: what became of this failed or warning run once the job retried
 * it ("Failed, then succeeded in the retry at 21:40", linking to the retry). Nothing while loading or when there
 * were no retries; when the retries could not be read, that it could not tell (not silence, which would read as
 * "no retry").
 */
export function RetryVerdict({ kind, id, session }: RetryVerdictProps) {
  const query = useMachineHistory(kind, id)
  const data = query.data
  const current = session ?? data?.items.find((item) => item.id === id)
  const problem = current?.result === 'Failed' || current?.result === 'Warning'
  if (!data) {
    if (!problem || !query.isError) return null
    const retry = () => void query.refetch()
    return (
      <RetryUnknown reason={toApiError(query.error).message} onRetry={retry} retrying={query.isFetching} />
    )
  }
  if (!current) return null
  const view = retryVerdict(current, data.retries)
  if (!view) {
    const jobsUnread = data.unavailable.find((part) => isJobSessionKind(part.kind))
    return problem && jobsUnread ? <RetryUnknown reason={jobsUnread.message} /> : null
  }
  const tone = RETRY_TONES[view.tone]
  return (
    <p
      className={`flex items-start gap-2 rounded-md border p-3 text-sm text-zinc-900 dark:text-zinc-100 ${tone.classes}`}
    >
      <tone.Icon className={`mt-0.5 size-4 ${tone.icon}`} />
      <span className="min-w-0">
        {view.lead}
        <Link to={view.path} className="link font-medium">
          {view.linkText}
        </Link>
      </span>
    </p>
  )
}

/** Said in place of the retry verdict when EM could not be asked about the retries. */
function RetryUnknown({
  reason,
  onRetry,
  retrying = false,
}: {
  reason: string
  onRetry?: () => void
  retrying?: boolean
}) {
  return (
    <p className="rounded-md border border-zinc-300 bg-zinc-50 p-3 text-sm text-zinc-800 dark:border-zinc-700 dark:bg-zinc-900/60 dark:text-zinc-200">
      Couldn’t check whether a retry fixed this run. {reason}
      {onRetry ? (
        <>
          {' '}
          <button type="button" className="link" onClick={onRetry} disabled={retrying}>
            {retrying ? 'Retrying…' : 'Retry'}
          </button>
        </>
      ) : null}
    </p>
  )
}
