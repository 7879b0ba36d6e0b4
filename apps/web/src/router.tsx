import { createRouter } from '@tanstack/react-router'
import { createQueryClient } from './lib/query-client.ts'
import { backupServerRoute } from './routes/backup-server.tsx'
import { homeRoute } from './routes/home.tsx'
import { replicaJobSessionRoute } from './routes/replica-job-session.tsx'
import { replicaTaskSessionRoute } from './routes/replica-task-session.tsx'
import { rootRoute } from './routes/root.tsx'

/** The same paths as EM's resources: a URL copied from EM's API works here with only the host changed. */
const routeTree = rootRoute.addChildren([
  homeRoute,
  replicaTaskSessionRoute,
  replicaJobSessionRoute,
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
  })
}

export type AppRouter = ReturnType<typeof createAppRouter>

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter
  }
}
