import { createRoute, type ErrorComponentProps, redirect } from '@tanstack/react-router'
import { WaitingNote } from '../components/ui/skeleton.tsx'
import {
  resolvedSessionQueryKey,
  resolvedSessionQueryOptions,
} from '../features/open-by-id/api/resolve-session.ts'
import { resolvedSessionPath, resolveRouteStep } from '../features/open-by-id/lib/resolve-target.ts'
import { RESOLVE_ROUTE } from '../lib/resource-routes.ts'
import { APP_NAME, useDocumentTitle } from '../lib/use-document-title.ts'
import { rootRoute } from './root.tsx'
import { RouteError } from './route-error.tsx'

function FindingSession() {
  const { id } = resolveSessionRoute.useParams()
  useDocumentTitle(`Finding session… · ${APP_NAME}`)
  return (
    <div className="mx-auto max-w-xl space-y-2 py-10 text-center">
      <div role="status" aria-live="polite" className="space-y-2">
        <h1 className="text-xl font-semibold tracking-tight text-zinc-950 dark:text-white">
          Finding session …
        </h1>
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          Asking Enterprise Manager whether this is a replication or backup session, of a task or a job (or
          else a backup server).
        </p>
        <p className="break-all font-mono text-xs text-zinc-600 dark:text-zinc-400">{id}</p>
      </div>
      <WaitingNote />
    </div>
  )
}

function ResolveError(props: ErrorComponentProps) {
  const { id } = resolveSessionRoute.useParams()
  return <RouteError {...props} subject="session" queryKey={resolvedSessionQueryKey(id)} requestedId={id} />
}

/**
 * `/sessions/$id`: a bare session GUID, of a kind nobody has said. The BFF asks EM for each kind, and this route
 * replaces itself with the session's page, so Back skips it. Shared links of this form keep working.
 */
export const resolveSessionRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: RESOLVE_ROUTE,
  beforeLoad: ({ params }) => {
    const step = resolveRouteStep(params.id)
    if ('redirect' in step) throw redirect({ href: step.redirect, replace: true })
  },
  loader: async ({ context, params }) => {
    const resolved = await context.queryClient.ensureQueryData(resolvedSessionQueryOptions(params.id))
    throw redirect({ href: resolvedSessionPath(resolved), replace: true })
  },
  // Show "Finding session" at once: this page exists only to wait for the answer.
  pendingMs: 0,
  pendingComponent: FindingSession,
  errorComponent: ResolveError,
  component: () => null,
})
