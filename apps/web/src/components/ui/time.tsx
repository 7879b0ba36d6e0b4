import { durationMs, formatDuration, formatRelative, MISSING, parseTime } from '../../lib/format.ts'
import { formatUtc, formatZonedTime } from '../../lib/time-format.ts'
import { useNow } from '../../lib/use-now.ts'

/** A point in time: local date and time with its zone, relative age after it, UTC on hover. */
export function DateTime({ iso, emptyText = MISSING }: { iso: string | null; emptyText?: string }) {
  const now = useNow(15_000, parseTime(iso) !== null)
  const ms = parseTime(iso)
  if (ms === null || iso === null)
    return <span className="text-zinc-500 dark:text-zinc-400">{emptyText}</span>
  return (
    <span className="inline-flex flex-wrap items-baseline gap-x-1.5">
      <time dateTime={iso} title={formatUtc(iso)} className="tabular-nums">
        {formatZonedTime(iso)}
      </time>
      <span className="text-xs text-zinc-500 dark:text-zinc-400">({formatRelative(ms, now)})</span>
    </span>
  )
}

/**
 * When a session started and ended (ISO 8601, null when unknown or not yet), whether it still runs, and whether
 * it still waits its turn (a task EM reports `Pending`: its start is when it was queued).
 */
export type SessionSpan = { start: string | null; end: string | null; running: boolean; pending?: boolean }

/** How long it ran (or has waited, pending); ticks every second while the session has not ended. */
export function Duration({ start, end, running, pending = false }: SessionSpan) {
  const ticking = running && end === null && parseTime(start) !== null
  const now = useNow(1000, ticking)
  const ms = durationMs(start, end, now)
  return (
    <span className="tabular-nums">
      {formatDuration(ms)}
      {ticking && ms !== null ? (
        <span className="text-xs text-zinc-500 dark:text-zinc-400">
          {pending ? ' (waiting to start)' : ' (running)'}
        </span>
      ) : null}
    </span>
  )
}
