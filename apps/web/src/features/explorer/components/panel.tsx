import type { UnavailablePart, WindowDays } from '@ese/shared'
import { type ReactNode, useEffect, useId, useState } from 'react'
import { FailedIcon, RefreshIcon, WarningIcon } from '../../../components/ui/icons.tsx'
import { toApiError } from '../../../lib/api-client.ts'
import { windowLabel } from '../lib/attention.ts'
import { panelErrorView, unavailableText } from '../lib/messages.ts'
import { exactTime, timeAgo, toMs } from '../lib/time.ts'

/** The current time, re-read every `intervalMs` (relative times in a list). */
export function useClock(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs)
    return () => window.clearInterval(timer)
  }, [intervalMs])
  return now
}

type PanelProps = {
  title: string
  /** Next to the title: a switch, a button. */
  actions?: ReactNode
  /** Under the title, before the content: counts, a verdict. */
  children: ReactNode
  headingLevel?: 2 | 3
}

/** A panel below a page's main content: a titled card, its own region for assistive tech. */
export function Panel({ title, actions, children, headingLevel = 2 }: PanelProps) {
  const headingId = useId()
  const Heading = headingLevel === 2 ? 'h2' : 'h3'
  return (
    <section
      aria-labelledby={headingId}
      className="min-w-0 space-y-3 rounded-lg border border-zinc-200 bg-white p-4 sm:p-5 dark:border-zinc-800 dark:bg-zinc-900/60"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Heading id={headingId} className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
          {title}
        </Heading>
        {actions}
      </div>
      {children}
    </section>
  )
}

function Bone({ className }: { className: string }) {
  return (
    <div
      aria-hidden="true"
      className={`animate-pulse rounded bg-zinc-200/80 dark:bg-zinc-800 ${className}`}
    />
  )
}

/** The panel's own loading state: a few grey rows, and "Loading …" for assistive tech. */
export function PanelSkeleton({ label, rows = 3 }: { label: string; rows?: number }) {
  return (
    <div role="status" aria-busy="true" className="space-y-3">
      <span className="sr-only">Loading {label}…</span>
      {Array.from({ length: rows }, (_, index) => (
        <div key={index} className="space-y-1.5">
          <Bone className="h-4 w-2/3" />
          <Bone className="h-3 w-1/2" />
        </div>
      ))}
    </div>
  )
}

/**
 * A failed panel query: what happened in a sentence (chosen by the error's code), the code, and Retry where
 * retrying can help. Polite, not an alert: when EM is down, every panel says so at once.
 */
export function PanelError({
  error,
  onRetry,
  retrying,
}: {
  error: unknown
  onRetry: () => void
  retrying: boolean
}) {
  const apiError = toApiError(error)
  const view = panelErrorView(apiError.code)
  return (
    <div
      role="status"
      className="flex flex-wrap items-start gap-x-3 gap-y-2 rounded-md bg-red-50 p-3 text-sm text-red-900 dark:bg-red-950/40 dark:text-red-200"
    >
      <FailedIcon className="mt-0.5 size-4 text-red-600 dark:text-red-400" />
      <div className="min-w-0 flex-1">
        <p>{view.title}</p>
        <p className="mt-0.5 font-mono text-xs text-red-800/80 dark:text-red-300/80">
          Error code: {apiError.code}
        </p>
      </div>
      {view.retry ? (
        <button
          type="button"
          onClick={onRetry}
          disabled={retrying}
          className="inline-flex h-8 items-center gap-1.5 rounded-md border border-red-300 bg-white px-3 text-sm font-medium text-red-900 hover:bg-red-50 disabled:opacity-60 dark:border-red-800 dark:bg-red-950 dark:text-red-100 dark:hover:bg-red-900"
        >
          <RefreshIcon className={`size-4 ${retrying ? 'animate-spin motion-reduce:animate-none' : ''}`} />
          Retry
        </button>
      ) : null}
    </div>
  )
}

/** A background refresh failed: the panel keeps what it showed and says it may be old. */
export function StaleNote({ onRetry, retrying }: { onRetry: () => void; retrying: boolean }) {
  return (
    <p role="status" className="flex flex-wrap items-center gap-2 text-xs text-amber-800 dark:text-amber-300">
      <WarningIcon className="size-3.5" />
      Could not refresh; this may be out of date.
      <button
        type="button"
        onClick={onRetry}
        disabled={retrying}
        className="font-medium underline underline-offset-2 hover:no-underline disabled:opacity-60"
      >
        Try again
      </button>
    </p>
  )
}

/** The parts EM refused or failed: said in the panel, above what it did return. */
export function UnavailableNote({ parts }: { parts: readonly UnavailablePart[] }) {
  if (parts.length === 0) return null
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800/70 dark:bg-amber-950/30 dark:text-amber-200">
      <p className="flex items-center gap-1.5 font-medium">
        <WarningIcon className="size-4" />
        Incomplete: part of this could not be read from Enterprise Manager.
      </p>
      <ul className="mt-1 list-disc space-y-0.5 pl-6">
        {parts.map((part) => (
          <li key={`${part.kind}:${part.code}`}>{unavailableText(part)}</li>
        ))}
      </ul>
    </div>
  )
}

/** "Last 24 hours | Last 7 days": native radios (arrow keys come for free), drawn as a segmented control. */
export function WindowSwitch({
  value,
  onChange,
  label,
}: {
  value: WindowDays
  onChange: (days: WindowDays) => void
  /** The group's accessible name, e.g. "Time window for Needs attention". */
  label: string
}) {
  const name = useId()
  const options: readonly WindowDays[] = [1, 7]
  return (
    <fieldset className="inline-flex rounded-md border border-zinc-300 bg-zinc-100 p-0.5 text-xs font-medium dark:border-zinc-700 dark:bg-zinc-800">
      <legend className="sr-only">{label}</legend>
      {options.map((days) => (
        <label
          key={days}
          className="relative cursor-pointer rounded px-2.5 py-1 text-zinc-700 has-checked:bg-white has-checked:text-zinc-950 has-checked:shadow-xs has-focus-visible:outline-2 has-focus-visible:outline-teal-600 dark:text-zinc-300 dark:has-checked:bg-zinc-950 dark:has-checked:text-white dark:has-focus-visible:outline-teal-400"
        >
          <input
            type="radio"
            name={name}
            value={days}
            checked={value === days}
            onChange={() => onChange(days)}
            // Over the whole segment, invisible: a click or tap lands on the radio itself.
            className="absolute inset-0 cursor-pointer appearance-none opacity-0"
          />
          Last {windowLabel(days)}
        </label>
      ))}
    </fieldset>
  )
}

/** A relative time ("3 hours ago"), the exact local and UTC time on hover and for screen readers. */
export function TimeAgo({ iso, now }: { iso: string | null; now: number }) {
  const ms = toMs(iso)
  if (ms === null || iso === null) return <span className="text-zinc-500 dark:text-zinc-400">—</span>
  const exact = exactTime(ms)
  return (
    <time dateTime={iso} title={exact} className="whitespace-nowrap tabular-nums">
      {timeAgo(ms, now)}
      <span className="sr-only"> ({exact})</span>
    </time>
  )
}
