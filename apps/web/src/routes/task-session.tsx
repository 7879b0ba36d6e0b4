import { RESOURCES, resourcePath, type TaskSessionKind } from '@ese/shared'
import {
  createRoute,
  type ErrorComponentProps,
  lazyRouteComponent,
  redirect,
  useParams,
} from '@tanstack/react-router'
import { PageSkeleton } from '../components/ui/skeleton.tsx'
import {
  taskSessionQueryKey,
  taskSessionQueryOptions,
} from '../features/task-sessions/api/get-task-session.ts'
import { RESOURCE_ROUTE } from '../lib/resource-routes.ts'
import { canonicalResource } from '../lib/route-id.ts'
import { type RouterContext, rootRoute } from './root.tsx'
import { RouteError } from './route-error.tsx'

function TaskSessionError({ kind, ...props }: ErrorComponentProps & { kind: TaskSessionKind }) {
  const { id = '' } = useParams({ strict: false })
  return <RouteError {...props} subject={kind} queryKey={taskSessionQueryKey(kind, id)} requestedId={id} />
}

/** What the replica and backup task session routes share; only the kind differs. */
function taskSessionRouteOptions(kind: TaskSessionKind) {
  return {
    beforeLoad: ({ params }: { params: { id: string } }) => {
      // One URL per session: a URN or upper-case GUID becomes the canonical lower-case GUID.
      const canonical = canonicalResource(kind, params.id)
      if (canonical) throw redirect({ href: resourcePath(canonical.kind, canonical.id), replace: true })
    },
    loader: ({ context, params }: { context: RouterContext; params: { id: string } }) =>
      context.queryClient.ensureQueryData(taskSessionQueryOptions(kind, params.id)),
    pendingComponent: () => <PageSkeleton label={RESOURCES[kind].label} />,
    errorComponent: (props: ErrorComponentProps) => <TaskSessionError {...props} kind={kind} />,
  }
}

export const replicaTaskSessionRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: RESOURCE_ROUTE.replicaTaskSession,
  ...taskSessionRouteOptions('replicaTaskSession'),
  // Resource pages load on demand, keeping the first load (the home page) small.
  component: lazyRouteComponent(() => import('./task-session-page.tsx'), 'ReplicaTaskSessionPage'),
})

export const backupTaskSessionRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: RESOURCE_ROUTE.backupTaskSession,
  ...taskSessionRouteOptions('backupTaskSession'),
  component: lazyRouteComponent(() => import('./task-session-page.tsx'), 'BackupTaskSessionPage'),
})
