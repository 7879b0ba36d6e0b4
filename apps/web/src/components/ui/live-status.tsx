import type { ApiError } from '../../lib/api-client.ts'
import { formatAge } from '../../lib/format.ts'
import { useNow } from '../../lib/use-now.ts'
import { RefreshIcon, WarningIcon } from './icons.tsx'

type LiveStatusProps = {
  /** The session is still running and refreshes itself. */
  live: boolean
  /** When the shown data arrived (epoch ms). */
  updatedAt: number
  fetching: boolean
  /** A failed background refresh: the data stays, with a warning. */
  refreshError: ApiError | null
  onRefresh: () => void
}

/**
 * "Live · updated N s ago", and a small warning with "Refresh now" when a background refresh failed. While
 * refreshes fail the page is not live, whatever the session does: the badge says "Not updating" instead.
 */
export function LiveStatus({ live, updatedAt, fetching, refreshError, onRefresh }: LiveStatusProps) {
  const now = useNow(1000)
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
      {live && refreshError ? (
        <span className="inline-flex items-center gap-1.5 rounded-full bg-amber-50 px-2 py-0.5 font-medium text-amber-800 ring-1 ring-amber-600/30 ring-inset dark:bg-amber-400/10 dark:text-amber-300 dark:ring-amber-400/30">
          <span className="inline-flex size-2 rounded-full bg-amber-500" aria-hidden="true" />
          Not updating
        </span>
      ) : live ? (
        <span className="inline-flex items-center gap-1.5 rounded-full bg-emerald-50 px-2 py-0.5 font-medium text-emerald-800 ring-1 ring-emerald-600/20 ring-inset dark:bg-emerald-400/10 dark:text-emerald-300 dark:ring-emerald-400/30">
          <span className="relative flex size-2" aria-hidden="true">
            <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-500 opacity-60 motion-reduce:animate-none" />
            <span className="relative inline-flex size-2 rounded-full bg-emerald-500" />
          </span>
          Live
        </span>
      ) : null}
      <span className="tabular-nums">
        updated {formatAge(now - updatedAt)}
        {fetching ? <span className="sr-only"> (refreshing)</span> : null}
      </span>
      {refreshError ? (
        <span role="status" className="inline-flex items-center gap-1.5 text-amber-800 dark:text-amber-300">
          <WarningIcon className="size-3.5" />
          Couldn't refresh: {refreshError.message}
          <button
            type="button"
            onClick={onRefresh}
            className="inline-flex items-center gap-1 rounded px-1 font-medium underline underline-offset-2 hover:no-underline"
          >
            <RefreshIcon className={`size-3 ${fetching ? 'animate-spin' : ''}`} />
            Refresh now
          </button>
        </span>
      ) : null}
    </div>
  )
}
