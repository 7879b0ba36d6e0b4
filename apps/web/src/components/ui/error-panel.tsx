import { Link, useRouterState } from '@tanstack/react-router'
import { type ReactNode, useId } from 'react'
import { type ApiError, isSignedOutError } from '../../lib/api-client.ts'
import { useAuthState } from '../../lib/auth-state.ts'
import { type ErrorSubject, presentError } from '../../lib/error-presentation.ts'
import { FailedIcon, RefreshIcon } from './icons.tsx'

type ErrorPanelProps = {
  error: ApiError
  /** What the page was about, for the wording ("Backup job session not found"). */
  subject?: ErrorSubject
  onRetry?: () => void
  retrying?: boolean
  /** h1 when the panel replaces the whole page, h2 inside a section. */
  headingLevel?: 1 | 2
  /** The ID the page asked for, so the user can check it. */
  requestedId?: string
  /** More ways out, after Retry and "Open another ID" (e.g. "Sign in with another account"). */
  actions?: ReactNode
}

/**
 * While the app takes a signed-out user to the sign-in page (every 401 `unauthenticated` or `session_expired`
 * does), the page says so quietly instead of flashing an error.
 */
function SignInNeeded({ error }: { error: ApiError }) {
  const href = useRouterState({ select: (state) => state.location.href })
  return (
    <div role="status" className="space-y-2 py-6 text-center text-sm text-zinc-700 dark:text-zinc-300">
      <p>{presentError(error.code).title}. Taking you to the sign-in page…</p>
      <Link to="/sign-in" search={{ redirect: href }} className="link">
        Sign in
      </Link>
    </div>
  )
}

/** The error panel: chosen by `error.code`, with "Retry" only where retrying can help. */
export function ErrorPanel({
  error,
  subject,
  onRetry,
  retrying = false,
  headingLevel = 2,
  requestedId,
  actions,
}: ErrorPanelProps) {
  const headingId = useId()
  const viewer = useAuthState()
  if (isSignedOutError(error)) return <SignInNeeded error={error} />
  const view = presentError(error.code, subject, viewer)
  const Heading = headingLevel === 1 ? 'h1' : 'h2'
  return (
    <section
      role="alert"
      aria-labelledby={headingId}
      className="rounded-lg border border-red-200 bg-red-50/70 p-4 sm:p-5 dark:border-red-900/60 dark:bg-red-950/30"
    >
      <div className="flex items-start gap-3">
        <FailedIcon className="mt-0.5 size-5 text-red-600 dark:text-red-400" />
        <div className="min-w-0 flex-1 space-y-2">
          <Heading id={headingId} className="text-base font-semibold text-red-900 dark:text-red-200">
            {view.title}
          </Heading>
          <p className="text-sm text-zinc-800 dark:text-zinc-200">{view.advice}</p>
          {view.showMessage && error.message ? (
            <p className="break-words text-sm text-zinc-700 dark:text-zinc-300">
              <span className="font-medium">Details: </span>
              {error.message}
            </p>
          ) : null}
          {requestedId ? (
            <p className="break-all text-xs text-zinc-700 dark:text-zinc-300">
              Requested ID: <span className="font-mono">{requestedId}</span>
            </p>
          ) : null}
          <p className="font-mono text-xs text-zinc-700 dark:text-zinc-300">
            Error code: {error.code}
            {error.status ? ` · HTTP ${error.status}` : ''}
          </p>
          {(view.retry && onRetry) || view.offerHome || actions ? (
            <div className="flex flex-wrap items-center gap-2 pt-1">
              {view.retry && onRetry ? (
                <button
                  type="button"
                  onClick={onRetry}
                  disabled={retrying}
                  className="inline-flex h-8 items-center gap-1.5 rounded-md bg-red-700 px-3 text-sm font-medium text-white hover:bg-red-800 disabled:opacity-60 dark:bg-red-600 dark:hover:bg-red-500"
                >
                  <RefreshIcon className={`size-4 ${retrying ? 'animate-spin' : ''}`} />
                  Retry
                </button>
              ) : null}
              {view.offerHome ? (
                <Link
                  to="/"
                  className="inline-flex h-8 items-center rounded-md border border-zinc-300 bg-white px-3 text-sm font-medium text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
                >
                  Open another ID
                </Link>
              ) : null}
              {actions}
            </div>
          ) : null}
        </div>
      </div>
    </section>
  )
}
