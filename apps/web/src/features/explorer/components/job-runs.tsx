import type { JobSession, JobSessionKind } from '@ese/shared'
import { Link } from '@tanstack/react-router'
import { type KeyboardEvent, useCallback, useId, useRef, useState } from 'react'
import { sharedZone } from '../../../lib/time-format.ts'
import { useJobRuns } from '../api/get-job-runs.ts'
import {
  neighboursInStrip,
  runMarkLabel,
  runsOldestFirst,
  stripKeyTarget,
  stripTabStop,
} from '../lib/job-runs.ts'
import { countOutcomes } from '../lib/server-sessions.ts'
import { type Outcome, outcomeOf, sessionPath, withLatest } from '../lib/sessions.ts'
import { shortDateTime, toMs } from '../lib/time.ts'
import { Panel, PanelError, PanelSkeleton, StaleNote, UnavailableNote } from './panel.tsx'
import { OutcomeIcon } from './result-mark.tsx'
import { ShortcutHelp } from './shortcut-help.tsx'
import { useRunShortcuts } from './use-run-shortcuts.ts'

export type JobRunsProps = {
  /** The job session the page shows. */
  kind: JobSessionKind
  id: string
  /** The page's copy of it, which refreshes while it runs: its mark and the counts follow it. */
  session?: JobSession
  /**
   * Register the `[` / `]` / `?` keys (default true). Turn off when the page calls `useRunShortcuts` itself, so
   * one key press does not navigate twice.
   */
  shortcuts?: boolean
}

const MARK_CLASSES: Record<Outcome, string> = {
  failed: 'bg-red-600 text-white dark:bg-red-500',
  warning: 'bg-amber-400 text-amber-950 dark:bg-amber-400',
  success: 'bg-emerald-600 text-white dark:bg-emerald-500',
  running: 'bg-sky-500 text-white dark:bg-sky-400 dark:text-sky-950',
  other: 'bg-zinc-400 text-white dark:bg-zinc-500',
}

/**
 * The job's recent runs (same job, up to 30) as a strip of marks, oldest on the left and newest on the right
 * like a timeline, the page's own run ringed; "← Previous run" and "Next run →" underneath; `[` and `]` go
 * there from the keyboard. For the job session page, below its task list or details.
 */
export function JobRuns({ kind, id, session, shortcuts = true }: JobRunsProps) {
  const query = useJobRuns(kind, id, session)
  const [helpOpen, setHelpOpen] = useState(false)
  const toggleHelp = useCallback(() => setHelpOpen((open) => !open), [])
  const data = query.data
  // While another run's answer stands in (stepping through runs), the neighbours come from its strip.
  const around = data
    ? query.isPlaceholderData
      ? neighboursInStrip(data.items, id)
      : { previous: data.previous, next: data.next }
    : { previous: null, next: null }
  useRunShortcuts({
    previous: around.previous ? sessionPath(around.previous) : null,
    next: around.next ? sessionPath(around.next) : null,
    onHelp: toggleHelp,
    enabled: shortcuts,
  })
  const retry = () => void query.refetch()

  const title = data?.jobName ? `Recent runs of ${data.jobName}` : 'Recent runs of this job'
  const actions = shortcuts ? <ShortcutHelp open={helpOpen} onOpenChange={setHelpOpen} /> : undefined
  if (!data) {
    return (
      <Panel title={title} actions={actions}>
        {query.isError ? (
          <PanelError error={query.error} onRetry={retry} retrying={query.isFetching} />
        ) : (
          <PanelSkeleton label="recent runs of this job" rows={2} />
        )}
      </Panel>
    )
  }

  const runs = runsOldestFirst(withLatest(data.items, session))
  const counts = countOutcomes(runs)
  const neighbours = [around.previous, around.next].filter((run) => run !== null)
  // The zone once over the strip for its times (the marks' names, the neighbours); each says its own across a
  // change of summer time.
  const zone =
    runs.length > 0 ? sharedZone([...runs, ...neighbours].map((run) => toMs(run.creationTime))) : null
  return (
    <Panel title={title} actions={actions}>
      {query.isRefetchError ? <StaleNote onRetry={retry} retrying={query.isFetching} /> : null}
      <UnavailableNote parts={data.unavailable} />
      {runs.length === 0 ? (
        <p className="text-sm text-zinc-700 dark:text-zinc-300">No runs of this job found in EM’s history.</p>
      ) : (
        <div className="space-y-1.5">
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            Last {runs.length === 1 ? 'run' : `${runs.length} runs`}: {counts.failed} failed, {counts.warning}{' '}
            {counts.warning === 1 ? 'warning' : 'warnings'}
            {counts.running > 0 ? `, ${counts.running} running` : ''}. Oldest on the left, newest on the
            right; retries are round.{zone ? ` Times in ${zone}.` : ''}
          </p>
          <RunStrip runs={runs} currentId={id} withZone={zone === null} />
        </div>
      )}
      <nav aria-label="Previous and next run" className="flex flex-wrap justify-between gap-2 text-sm">
        <Neighbour run={around.previous} direction="previous" withZone={zone === null} />
        <Neighbour run={around.next} direction="next" withZone={zone === null} />
      </nav>
    </Panel>
  )
}

/**
 * The marks, one tab stop: Tab comes to this run's mark (or the one last focused here) and the next Tab leaves
 * the strip; the arrow keys, Home and End move between the marks. Each mark stays a link, to open, open in a
 * new tab or copy.
 */
function RunStrip({
  runs,
  currentId,
  withZone,
}: {
  runs: readonly JobSession[]
  currentId: string
  withZone: boolean
}) {
  // The mark focused last, for the page of `currentId` only: stepping to another run starts from its mark.
  const [focused, setFocused] = useState<{ page: string; id: string } | null>(null)
  const marks = useRef(new Map<string, HTMLAnchorElement>())
  const hintId = useId()
  const stop = stripTabStop(runs, currentId, focused?.page === currentId ? focused.id : null)

  function onKeyDown(event: KeyboardEvent<HTMLOListElement>) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return
    const target = stripKeyTarget(event.key, stop, runs.length)
    const run = target === null ? undefined : runs[target]
    if (!run) return
    event.preventDefault()
    marks.current.get(run.id)?.focus()
  }

  return (
    <>
      <span id={hintId} className="sr-only">
        Left and right arrow keys: older and newer runs; Home and End: the oldest and newest.
      </span>
      <ol aria-label="Runs of this job, oldest first" onKeyDown={onKeyDown} className="flex flex-wrap gap-1">
        {runs.map((run, index) => (
          <li key={run.id}>
            <RunMark
              run={run}
              currentId={currentId}
              withZone={withZone}
              tabStop={index === stop}
              hintId={hintId}
              markRef={(element) => {
                if (element) marks.current.set(run.id, element)
                else marks.current.delete(run.id)
              }}
              onFocus={() => setFocused({ page: currentId, id: run.id })}
            />
          </li>
        ))}
      </ol>
    </>
  )
}

type RunMarkProps = {
  run: JobSession
  currentId: string
  withZone: boolean
  /** The strip's one mark in the tab order. */
  tabStop: boolean
  hintId: string
  markRef: (element: HTMLAnchorElement | null) => void
  onFocus: () => void
}

function RunMark({ run, currentId, withZone, tabStop, hintId, markRef, onFocus }: RunMarkProps) {
  const label = runMarkLabel(run, currentId, undefined, withZone)
  const current = run.id === currentId
  const outcome = outcomeOf(run)
  return (
    <Link
      ref={markRef}
      to={sessionPath(run)}
      search
      aria-label={label}
      aria-describedby={hintId}
      title={`${label} · ${run.name}`}
      aria-current={current ? 'page' : undefined}
      tabIndex={tabStop ? 0 : -1}
      onFocus={onFocus}
      className={`flex h-7 w-6 items-center justify-center ${MARK_CLASSES[outcome]} ${
        run.isRetry ? 'rounded-full' : 'rounded-sm'
      } ${current ? 'ring-2 ring-zinc-900 ring-offset-2 ring-offset-white dark:ring-white dark:ring-offset-zinc-900' : 'opacity-85 hover:opacity-100'}`}
    >
      <OutcomeIcon outcome={outcome} className="size-3.5" />
    </Link>
  )
}

function Neighbour({
  run,
  direction,
  withZone,
}: {
  run: JobSession | null
  direction: 'previous' | 'next'
  withZone: boolean
}) {
  const text = direction === 'previous' ? '← Previous run' : 'Next run →'
  const key = direction === 'previous' ? '[' : ']'
  const align = direction === 'previous' ? 'items-start' : 'items-end ml-auto text-right'
  if (!run) {
    return (
      <span className={`flex flex-col ${align}`}>
        {/* Dimmed because it leads nowhere; the note under it stays readable (contrast). */}
        <span aria-hidden="true" className="text-zinc-500 dark:text-zinc-400">
          {text}
        </span>
        <span className="text-xs text-zinc-600 dark:text-zinc-400">
          {direction === 'previous' ? 'No earlier run' : 'No later run yet'}
        </span>
      </span>
    )
  }
  const ms = toMs(run.creationTime)
  return (
    // Another run of the job, with the table narrowed and sorted as on this one (the page's search params).
    <Link to={sessionPath(run)} search aria-keyshortcuts={key} className={`group flex flex-col ${align}`}>
      <span className="link font-medium">{text}</span>
      <span className="text-xs text-zinc-600 dark:text-zinc-400">
        {ms === null ? run.name : shortDateTime(ms, undefined, withZone)} · {run.result || 'no result'}
        {run.isRetry ? ' · retry' : ''}
      </span>
    </Link>
  )
}
