import { createRoute } from '@tanstack/react-router'
import type { ReactNode } from 'react'
import { OpenByIdForm } from '../features/open-by-id/components/open-by-id-form.tsx'
import { RecentSessionsList } from '../features/recent-sessions/components/recent-sessions-list.tsx'
import { APP_NAME, useDocumentTitle } from '../lib/use-document-title.ts'
import { rootRoute } from './root.tsx'

/** Where other features' panels go on the home page. */
type HomeSlots = { belowOpen?: ReactNode }
const homeSlots: HomeSlots = {}

function HomePage() {
  useDocumentTitle(APP_NAME)
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
      {/* Place for other features' home panels: the explorer's "Needs attention" list goes here, between the
          form and this browser's recent sessions. */}
      {homeSlots.belowOpen}
      <RecentSessionsList />
    </div>
  )
}

export const homeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  component: HomePage,
})
