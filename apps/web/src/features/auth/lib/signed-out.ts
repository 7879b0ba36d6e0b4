import type { QueryClient } from '@tanstack/react-query'
import type { ApiError } from '../../../lib/api-client.ts'
import { type AuthState, authQueryKey } from '../../../lib/auth-state.ts'
import { SIGN_IN_PATH, type SignInSearch, signInSearchFor } from './redirect.ts'

/** The part of the router this needs: where the user is (or is going), and a way to go to sign-in. */
export type SignInNavigator = {
  latestLocation: { pathname: string; href: string }
  navigate: (options: { to: typeof SIGN_IN_PATH; search: SignInSearch; replace: boolean }) => unknown
}

/**
 * An API answer said nobody is signed in (any more): remember that, and take the user to the sign-in page,
 * which brings them back to this page afterwards. Several requests failing together navigate once.
 */
export function handleSignedOut(router: SignInNavigator, queryClient: QueryClient, error: ApiError): void {
  const expired = error.code === 'session_expired'
  const state: AuthState = { signedIn: false, expired }
  queryClient.setQueryData(authQueryKey, state)
  const location = router.latestLocation
  if (location.pathname === SIGN_IN_PATH) return
  router.navigate({ to: SIGN_IN_PATH, search: signInSearchFor(location.href, expired), replace: true })
}
