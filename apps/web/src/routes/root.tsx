import type { QueryClient } from '@tanstack/react-query'
import { createRootRouteWithContext, Link, Outlet, redirect, useRouterState } from '@tanstack/react-router'
import { useEffect, useRef } from 'react'
import { LogoMark } from '../components/ui/icons.tsx'
import { AccountMenu } from '../features/auth/components/account-menu.tsx'
import { SIGN_IN_PATH, signInSearchFor } from '../features/auth/lib/redirect.ts'
import { OpenByIdForm } from '../features/open-by-id/components/open-by-id-form.tsx'
import { type AuthState, authQueryOptions, useAuthState } from '../lib/auth-state.ts'
import { NotFoundPage } from './not-found.tsx'

export type RouterContext = { queryClient: QueryClient }

function RootLayout() {
  const pathname = useRouterState({ select: (state) => state.location.pathname })
  const auth = useAuthState()
  const home = pathname === '/'
  const signedOut = pathname === SIGN_IN_PATH || auth?.signedIn === false
  const mainRef = useRef<HTMLElement>(null)
  const firstPath = useRef(pathname)

  // A client-side navigation leaves focus on a link that may be gone; start the keyboard (and screen reader)
  // at the new page's content instead, as a full page load would. Sorting (search params only) keeps focus, and
  // so does a new page that put focus somewhere itself (the sign-in form's user name field).
  useEffect(() => {
    if (pathname === firstPath.current) return
    firstPath.current = ''
    const main = mainRef.current
    const active = document.activeElement
    if (main && active instanceof HTMLInputElement && main.contains(active)) return
    main?.focus({ preventScroll: true })
  }, [pathname])
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium text-zinc-900 shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50"
      >
        Skip to main content
      </a>
      {/* Opaque rather than a translucent blur: a backdrop filter repaints on every scrolled frame, which a long
          task table makes costly on machines without GPU compositing. */}
      <header className="sticky top-0 z-10 border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-2 px-4 sm:gap-4">
          <Link
            to="/"
            className="flex shrink-0 items-center gap-2 rounded-md font-semibold text-zinc-900 dark:text-zinc-100"
          >
            <LogoMark className="size-7" />
            <span className="hidden sm:inline">EM Session Explorer</span>
            <span className="sr-only sm:hidden">EM Session Explorer</span>
          </Link>
          {/* The home page has the large form; a second one in the header would be a duplicate field. Signed
              out, there is nothing to open yet. */}
          {home || signedOut ? null : (
            <search aria-label="Open by ID" className="ml-auto w-full max-w-md min-w-0">
              <OpenByIdForm variant="header" />
            </search>
          )}
          <div className={home || signedOut ? 'ml-auto' : ''}>
            <AccountMenu />
          </div>
        </div>
      </header>
      <main
        ref={mainRef}
        id="main"
        tabIndex={-1}
        className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 outline-none sm:py-8"
      >
        <Outlet />
      </main>
      <footer className="border-t border-zinc-200 px-4 py-4 text-center text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
        Read-only view of Veeam Backup Enterprise Manager backup and replication sessions
        {auth?.signedIn && auth.auth === 'service' ? (
          <span className="block sm:inline"> · read with the dashboard's service account</span>
        ) : null}
      </footer>
    </div>
  )
}

export const rootRoute = createRootRouteWithContext<RouterContext>()({
  // With sign-in on, a signed-out visitor (a shared link, an expired session) goes to the sign-in page before
  // any page asks the BFF for data, so no error panel shows first; afterwards they come back to this URL.
  beforeLoad: async ({ context, location }) => {
    if (location.pathname === SIGN_IN_PATH) return
    let auth: AuthState
    try {
      auth = await context.queryClient.ensureQueryData(authQueryOptions)
    } catch {
      // The BFF could not say (down, or older without sign-in): let the page ask and show what it gets.
      return
    }
    if (!auth.signedIn) {
      throw redirect({
        to: SIGN_IN_PATH,
        search: signInSearchFor(location.href, auth.expired),
        replace: true,
      })
    }
  },
  component: RootLayout,
  notFoundComponent: NotFoundPage,
})
