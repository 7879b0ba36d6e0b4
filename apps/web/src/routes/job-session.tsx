import { createRoute, type ErrorComponentProps, lazyRouteComponent, redirect } from '@tanstack/react-router'
import { RouteError } from '../components/route-error.tsx'
import { PageSkeleton } from '../components/ui/skeleton.tsx'
import {
  replicaJobSessionQueryKey,
  replicaJobSessionQueryOptions,
} from '../features/replica-job-sessions/api/get-replica-job-session.ts'
import { replicaJobSessionTaskSessionsQueryOptions } from '../features/replica-job-sessions/api/get-replica-job-session-task-sessions.ts'
import { validateJobSessionSearch } from '../features/replica-job-sessions/lib/sort-task-sessions.ts'
import { requireResourceId } from '../lib/route-id.ts'
import { rootRoute } from './root.tsx'

export const replicaJobSessionRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/replicaSessions/$id',
  validateSearch: validateJobSessionSearch,
  beforeLoad: ({ params }) => {
    const id = requireResourceId('replicaJobSession', params.id)
    if (id !== params.id)
      throw redirect({ to: '/replicaSessions/$id', params: { id }, replace: true, search: true })
  },
  loader: async ({ context: { queryClient }, params }) => {
    // Both in parallel; only the job session itself decides between page and error panel. A failed task list
    // is shown as an error inside the page, with its own retry.
    const [job] = await Promise.allSettled([
      queryClient.ensureQueryData(replicaJobSessionQueryOptions(params.id)),
      queryClient.ensureQueryData(replicaJobSessionTaskSessionsQueryOptions(params.id)),
    ])
    if (job.status === 'rejected') throw job.reason
  },
  pendingComponent: () => <PageSkeleton label="job session" withTable />,
  errorComponent: ReplicaJobSessionError,
  component: lazyRouteComponent(() => import('./replica-job-session-page.tsx'), 'ReplicaJobSessionPage'),
})

function ReplicaJobSessionError(props: ErrorComponentProps) {
  const { id } = replicaJobSessionRoute.useParams()
  return (
    <RouteError
      {...props}
      kind="replicaJobSession"
      queryKey={replicaJobSessionQueryKey(id)}
      requestedId={id}
    />
  )
}
