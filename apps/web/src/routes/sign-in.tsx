import { createRoute, lazyRouteComponent, redirect } from '@tanstack/react-router'
import { SIGN_IN_PATH, safeRedirectPath, validateSignInSearch } from '../features/auth/lib/redirect.ts'
import { type AuthState, authQueryOptions } from '../lib/auth-state.ts'
import { rootRoute } from './root.tsx'

/**
 * `/sign-in?redirect=<path>&reason=expired`. Someone already signed in (or a dashboard using its service
 * account) has nothing to do here and goes straight on to the target.
 */
export const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: SIGN_IN_PATH,
  validateSearch: validateSignInSearch,
  beforeLoad: async ({ context, search }) => {
    let auth: AuthState | undefined
    try {
      auth = await context.queryClient.ensureQueryData(authQueryOptions)
    } catch {
      // The BFF could not say who is signed in: offer the form; signing in will tell.
      return
    }
    if (auth.signedIn) throw redirect({ href: safeRedirectPath(search.redirect), replace: true })
  },
  component: lazyRouteComponent(() => import('./sign-in-page.tsx'), 'SignInPage'),
})
