import type { ResourceKind } from '@ese/shared'
import { type QueryKey, useQueryClient, useQueryErrorResetBoundary } from '@tanstack/react-query'
import { type ErrorComponentProps, useRouter } from '@tanstack/react-router'
import { useEffect } from 'react'
import { toApiError } from '../lib/api-client.ts'
import { presentError } from '../lib/error-presentation.ts'
import { APP_NAME, useDocumentTitle } from '../lib/use-document-title.ts'
import { ErrorPanel } from './ui/error-panel.tsx'

type RouteErrorProps = ErrorComponentProps & {
  kind: ResourceKind
  queryKey: QueryKey | null
  requestedId: string
}

/**
 * A resource route's error component: the panel for the BFF's error code, and a retry that resets the failed
 * query (so the loader fetches afresh instead of replaying the cached error) before reloading the route.
 */
export function RouteError({ error, reset, kind, queryKey, requestedId }: RouteErrorProps) {
  const router = useRouter()
  const queryClient = useQueryClient()
  const errorResetBoundary = useQueryErrorResetBoundary()
  const apiError = toApiError(error)
  useDocumentTitle(`${presentError(apiError.code, kind).title} · ${APP_NAME}`)

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
      kind={kind}
      onRetry={() => void retry()}
      headingLevel={1}
      requestedId={requestedId}
    />
  )
}
