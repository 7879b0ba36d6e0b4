import { resourcePath } from '@ese/shared'
import { createRoute, type ErrorComponentProps, lazyRouteComponent, redirect } from '@tanstack/react-router'
import { PageSkeleton } from '../components/ui/skeleton.tsx'
import {
  backupServerQueryKey,
  backupServerQueryOptions,
} from '../features/backup-servers/api/get-backup-server.ts'
import { RESOURCE_ROUTE } from '../lib/resource-routes.ts'
import { canonicalResource } from '../lib/route-id.ts'
import { validateServerSearch } from '../lib/window-search.ts'
import { rootRoute } from './root.tsx'
import { RouteError } from './route-error.tsx'

export const backupServerRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: RESOURCE_ROUTE.backupServer,
  validateSearch: validateServerSearch,
  beforeLoad: ({ params, location }) => {
    const canonical = canonicalResource('backupServer', params.id)
    if (canonical) {
      const search = canonical.kind === 'backupServer' ? location.searchStr : ''
      throw redirect({ href: `${resourcePath(canonical.kind, canonical.id)}${search}`, replace: true })
    }
  },
  loader: ({ context, params }) => context.queryClient.ensureQueryData(backupServerQueryOptions(params.id)),
  pendingComponent: () => <PageSkeleton label="backup server" />,
  errorComponent: BackupServerError,
  component: lazyRouteComponent(() => import('./backup-server-page.tsx'), 'BackupServerPage'),
})

function BackupServerError(props: ErrorComponentProps) {
  const { id } = backupServerRoute.useParams()
  return <RouteError {...props} subject="backupServer" queryKey={backupServerQueryKey(id)} requestedId={id} />
}
