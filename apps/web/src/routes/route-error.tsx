import { type QueryKey, useQueryClient, useQueryErrorResetBoundary } from '@tanstack/react-query'
import { type ErrorComponentProps, useRouter } from '@tanstack/react-router'
import { useEffect } from 'react'
import { ErrorPanel } from '../components/ui/error-panel.tsx'
import { SwitchAccountButton } from '../features/auth/components/account-menu.tsx'
import { toApiError } from '../lib/api-client.ts'
import { useAuthState } from '../lib/auth-state.ts'
import { type ErrorSubject, presentError } from '../lib/error-presentation.ts'
import { APP_NAME, useDocumentTitle } from '../lib/use-document-title.ts'

type RouteErrorProps = ErrorComponentProps & {
  subject: ErrorSubject
  queryKey: QueryKey | null
  requestedId: string
}

/**
 * A resource route's error component: the panel for the BFF's error code, and a retry that resets the failed
 * query (so the loader fetches afresh instead of replaying the cached error) before reloading the route. When
 * EM refuses the signed-in user, it offers to sign in with another account and come back here.
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
      actions={apiError.code === 'em_forbidden' ? <SwitchAccountButton /> : null}
    />
  )
}
