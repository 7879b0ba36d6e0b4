import { createRoute, type ErrorComponentProps, lazyRouteComponent, redirect } from '@tanstack/react-router'
import { RouteError } from '../components/route-error.tsx'
import { PageSkeleton } from '../components/ui/skeleton.tsx'
import {
  replicaTaskSessionQueryKey,
  replicaTaskSessionQueryOptions,
} from '../features/replica-task-sessions/api/get-replica-task-session.ts'
import { requireResourceId } from '../lib/route-id.ts'
import { rootRoute } from './root.tsx'

export const replicaTaskSessionRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/replicaTaskSessions/$id',
  beforeLoad: ({ params }) => {
    const id = requireResourceId('replicaTaskSession', params.id)
    // One URL per session: a URN or upper-case GUID becomes the canonical lower-case GUID.
    if (id !== params.id) throw redirect({ to: '/replicaTaskSessions/$id', params: { id }, replace: true })
  },
  loader: ({ context, params }) =>
    context.queryClient.ensureQueryData(replicaTaskSessionQueryOptions(params.id)),
  pendingComponent: () => <PageSkeleton label="task session" />,
  errorComponent: ReplicaTaskSessionError,
  // Resource pages load on demand, keeping the first load (the home page) small.
  component: lazyRouteComponent(() => import('./replica-task-session-page.tsx'), 'ReplicaTaskSessionPage'),
})

function ReplicaTaskSessionError(props: ErrorComponentProps) {
  const { id } = replicaTaskSessionRoute.useParams()
  return (
    <RouteError
      {...props}
      kind="replicaTaskSession"
      queryKey={replicaTaskSessionQueryKey(id)}
      requestedId={id}
    />
  )
}
