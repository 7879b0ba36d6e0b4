import { parseGuid } from '@ese/shared'
import { type QueryKey, useQueryClient, useQueryErrorResetBoundary } from '@tanstack/react-query'
import { type ErrorComponentProps, Link, useRouter } from '@tanstack/react-router'
import { type ReactNode, useEffect } from 'react'
import { ErrorPanel } from '../components/ui/error-panel.tsx'
import { SwitchAccountButton } from '../features/auth/components/account-menu.tsx'
import { type ApiError, toApiError } from '../lib/api-client.ts'
import { useAuthState } from '../lib/auth-state.ts'
import { type ErrorSubject, isSessionResource, presentError } from '../lib/error-presentation.ts'
import { RESOLVE_ROUTE } from '../lib/resource-routes.ts'
import { APP_NAME, useDocumentTitle } from '../lib/use-document-title.ts'

type RouteErrorProps = ErrorComponentProps & {
  subject: ErrorSubject
  queryKey: QueryKey | null
  requestedId: string
}

/**
 * A resource route's error component: the panel for the BFF's error code, and a retry that resets the failed
 * query (so the loader fetches afresh instead of replaying the cached error) before reloading the route. When
 * EM refuses the signed-in user, it offers to sign in with another account and come back here; when EM has no
 * session of this kind with the ID, to look it up as any kind of session.
 */
export function RouteError({ error, reset, subject, queryKey, requestedId }: RouteErrorProps) {
  const router = useRouter()
  const queryClient = useQueryClient()
  const errorResetBoundary = useQueryErrorResetBoundary()
  const viewer = useAuthState()
  const apiError = toApiError(error)
  useDocumentTitle(`${presentError(apiError.code, subject, viewer).title} · ${APP_NAME}`)

  useEffect(() => {
    errorResetBoundary.reset()
  }, [errorResetBoundary])

  async function retry() {
    if (queryKey) await queryClient.resetQueries({ queryKey })
    reset()
    await router.invalidate()
  }

  return (
    <ErrorPanel
      error={apiError}
      subject={subject}
      onRetry={() => void retry()}
      headingLevel={1}
      requestedId={requestedId}
      actions={moreWaysOut(apiError, subject, requestedId)}
    />
  )
}

/** Ways out of the panel besides Retry and "Open another ID", by what went wrong. */
function moreWaysOut(error: ApiError, subject: ErrorSubject, requestedId: string): ReactNode {
  if (error.code === 'em_forbidden') return <SwitchAccountButton />
  const id = parseGuid(requestedId)
  // EM answers 404 for a session asked for as the wrong kind too; `/sessions/` asks for every kind.
  if (error.code === 'not_found' && isSessionResource(subject) && id) {
    return (
      <Link
        to={RESOLVE_ROUTE}
        params={{ id }}
        className="inline-flex h-8 items-center rounded-md border border-zinc-300 bg-white px-3 text-sm font-medium text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
      >
        Look it up as any session
      </Link>
    )
  }
  return null
}
