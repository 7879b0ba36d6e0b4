import { createRoute } from '@tanstack/react-router'
import { lazy, Suspense } from 'react'
import { OpenByIdForm } from '../features/open-by-id/components/open-by-id-form.tsx'
import { RecentSessionsList } from '../features/recent-sessions/components/recent-sessions-list.tsx'
import { APP_NAME, useDocumentTitle } from '../lib/use-document-title.ts'
import { validateWindowSearch } from '../lib/window-search.ts'
import { rootRoute } from './root.tsx'

// Loaded after the page: the home page is part of the first load, which stays small.
const NeedsAttention = lazy(() =>
  import('../features/explorer/components/needs-attention.tsx').then((m) => ({ default: m.NeedsAttention })),
)

function HomePage() {
  useDocumentTitle(APP_NAME)
  const { days = 1 } = homeRoute.useSearch()
  const navigate = homeRoute.useNavigate()
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-950 dark:text-white">
          Open a session
        </h1>
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          Look into a Veeam Backup Enterprise Manager session, backup or replication, a whole job run or one
          machine in it: paste its ID from an alert, its URN, or a link from EM.
        </p>
      </div>
      <search
        aria-label="Open by ID"
        className="block rounded-lg border border-zinc-200 bg-white p-4 sm:p-5 dark:border-zinc-800 dark:bg-zinc-900/60"
      >
        <OpenByIdForm variant="page" autoFocus />
      </search>
      <Suspense fallback={null}>
        <NeedsAttention
          days={days}
          onDaysChange={(next) => void navigate({ search: next === 1 ? {} : { days: next }, replace: true })}
        />
      </Suspense>
      <RecentSessionsList />
    </div>
  )
}

export const homeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  validateSearch: validateWindowSearch,
  component: HomePage,
})
