import { createRouter } from '@tanstack/react-router'
import { createQueryClient } from './lib/query-client.ts'
import { parseSearch, stringifySearch } from './lib/search-params.ts'
import { backupServerRoute } from './routes/backup-server.tsx'
import { homeRoute } from './routes/home.tsx'
import { backupJobSessionRoute, replicaJobSessionRoute } from './routes/job-session.tsx'
import { resolveSessionRoute } from './routes/resolve-session.tsx'
import { rootRoute } from './routes/root.tsx'
import { signInRoute } from './routes/sign-in.tsx'
import { backupTaskSessionRoute, replicaTaskSessionRoute } from './routes/task-session.tsx'

/** The same paths as EM's resources: a URL copied from EM's API works here with only the host changed. */
const routeTree = rootRoute.addChildren([
  homeRoute,
  signInRoute,
  resolveSessionRoute,
  replicaTaskSessionRoute,
  backupTaskSessionRoute,
  replicaJobSessionRoute,
  backupJobSessionRoute,
  backupServerRoute,
])

export function createAppRouter(queryClient = createQueryClient()) {
  return createRouter({
    routeTree,
    context: { queryClient },
    // TanStack Query owns caching; the router asks it on every navigation.
    defaultPreloadStaleTime: 0,
    defaultPreload: 'intent',
    defaultPendingMs: 150,
    defaultPendingMinMs: 300,
    notFoundMode: 'root',
    scrollRestoration: true,
    // `?q=1234` in a shared link, not the default's JSON `?q=%221234%22`; links in the old form still open.
    parseSearch,
    stringifySearch,
  })
}

export type AppRouter = ReturnType<typeof createAppRouter>

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter
  }
}
