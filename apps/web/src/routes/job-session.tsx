import { type JobSessionKind, RESOURCES, resourcePath } from '@ese/shared'
import {
  createRoute,
  type ErrorComponentProps,
  lazyRouteComponent,
  type ParsedLocation,
  redirect,
  useParams,
} from '@tanstack/react-router'
import { PageSkeleton } from '../components/ui/skeleton.tsx'
import { jobSessionQueryKey, jobSessionQueryOptions } from '../features/job-sessions/api/get-job-session.ts'
import { jobSessionTaskSessionsQueryOptions } from '../features/job-sessions/api/get-job-session-task-sessions.ts'
import { validateJobSessionSearch } from '../features/job-sessions/lib/task-sort.ts'
import { RESOURCE_ROUTE } from '../lib/resource-routes.ts'
import { canonicalResource } from '../lib/route-id.ts'
import { type RouterContext, rootRoute } from './root.tsx'
import { RouteError } from './route-error.tsx'

function JobSessionError({ kind, ...props }: ErrorComponentProps & { kind: JobSessionKind }) {
  const { id = '' } = useParams({ strict: false })
  return <RouteError {...props} subject={kind} queryKey={jobSessionQueryKey(kind, id)} requestedId={id} />
}

/** What the replica and backup job session routes share; only the kind differs. */
function jobSessionRouteOptions(kind: JobSessionKind) {
  return {
    validateSearch: validateJobSessionSearch,
    beforeLoad: ({ params, location }: { params: { id: string }; location: ParsedLocation }) => {
      const canonical = canonicalResource(kind, params.id)
      if (canonical) {
        // The canonical URL keeps the table's sort, which another kind's page would not understand.
        const search = canonical.kind === kind ? location.searchStr : ''
        throw redirect({ href: `${resourcePath(canonical.kind, canonical.id)}${search}`, replace: true })
      }
    },
    loader: async ({
      context: { queryClient },
      params,
    }: {
      context: RouterContext
      params: { id: string }
    }) => {
      // Both in parallel, but the page waits only for the job session, which decides between page and error
      // panel: a big job's task list takes EM seconds, and the table shows its own loading state, or its error
      // with a retry.
      void queryClient.prefetchQuery(jobSessionTaskSessionsQueryOptions(kind, params.id))
      await queryClient.ensureQueryData(jobSessionQueryOptions(kind, params.id))
    },
    pendingComponent: () => <PageSkeleton label={RESOURCES[kind].label} withTable />,
    errorComponent: (props: ErrorComponentProps) => <JobSessionError {...props} kind={kind} />,
  }
}

export const replicaJobSessionRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: RESOURCE_ROUTE.replicaJobSession,
  ...jobSessionRouteOptions('replicaJobSession'),
  component: lazyRouteComponent(() => import('./job-session-page.tsx'), 'ReplicaJobSessionPage'),
})

export const backupJobSessionRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: RESOURCE_ROUTE.backupJobSession,
  ...jobSessionRouteOptions('backupJobSession'),
  component: lazyRouteComponent(() => import('./job-session-page.tsx'), 'BackupJobSessionPage'),
})
