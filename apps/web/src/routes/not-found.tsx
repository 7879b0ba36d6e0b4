import { openTargetPath, parseOpenInput } from '@ese/shared'
import { Link, Navigate, useRouterState } from '@tanstack/react-router'
import { APP_NAME, useDocumentTitle } from '../lib/use-document-title.ts'

/**
 * Any path the dashboard does not have. A path that still names a session or server (an EM href such as
 * `/replicaSessions/<id>/replicaTaskSessions`, or EM's docs' spelling `/repicaTaskSessions/<id>`) goes to its page.
 */
export function NotFoundPage() {
  const href = useRouterState({ select: (state) => state.location.href })
  const target = parseOpenInput(href)
  if (target) return <Navigate to={openTargetPath(target)} replace />
  return <PageNotFound />
}

function PageNotFound() {
  useDocumentTitle(`Page not found · ${APP_NAME}`)
  return (
    <div className="mx-auto max-w-lg space-y-4 py-10 text-center">
      <p className="font-mono text-sm text-zinc-500 dark:text-zinc-400">404</p>
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-950 dark:text-white">Page not found</h1>
      <p className="text-sm text-zinc-700 dark:text-zinc-300">
        The dashboard has pages for replication and backup task sessions, replication and backup job sessions,
        and backup servers, at the same paths as Enterprise Manager's API.
      </p>
      <Link
        to="/"
        className="inline-flex h-9 items-center rounded-md bg-teal-700 px-4 text-sm font-medium text-white hover:bg-teal-800"
      >
        Go to the home page
      </Link>
    </div>
  )
}
