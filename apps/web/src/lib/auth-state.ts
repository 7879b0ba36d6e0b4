import { apiPaths, type SignedIn } from '@ese/shared'
import { type QueryClient, queryOptions, useQuery } from '@tanstack/react-query'
import { getJson, isSignedOutError } from './api-client.ts'
import { setLiveRefreshMs } from './query-client.ts'

/**
 * Who uses the dashboard, as `GET /api/session` says: signed in (with their own EM account, or everyone through
 * the dashboard's service account), or signed out, `expired` when EM ended the user's session.
 */
export type AuthState = ({ signedIn: true } & SignedIn) | { signedIn: false; expired: boolean }

export const authQueryKey = ['auth'] as const

export async function getAuthState(signal?: AbortSignal): Promise<AuthState> {
  try {
    const session = await getJson<SignedIn>(apiPaths.session, { signal })
    setLiveRefreshMs(session.refreshMs)
    return { signedIn: true, user: session.user, auth: session.auth, refreshMs: session.refreshMs }
  } catch (error) {
    if (isSignedOutError(error)) return { signedIn: false, expired: error.code === 'session_expired' }
    throw error
  }
}

/**
 * Read once at app start and then kept: signing in, signing out and any API answer saying the session is gone
 * write it directly, so it never needs asking again.
 */
export const authQueryOptions = queryOptions({
  queryKey: authQueryKey,
  queryFn: ({ signal }) => getAuthState(signal),
  staleTime: Number.POSITIVE_INFINITY,
  gcTime: Number.POSITIVE_INFINITY,
})

/** The auth state without suspense: undefined while unknown (loading, or the BFF could not say). */
export function useAuthState(): AuthState | undefined {
  return useQuery(authQueryOptions).data
}

/** The signed-in user's name, for "Signed in as …", or null in service mode or when nobody is signed in. */
export function signedInUserName(state: AuthState | undefined): string | null {
  return state?.signedIn && state.auth === 'em' ? state.user.name : null
}

/**
 * A new user (or nobody) is about to use this tab: forget everything read for the previous one, keep only the
 * new auth state. Nothing of one user may be shown to the next.
 */
export function resetForUser(queryClient: QueryClient, state: AuthState): void {
  void queryClient.cancelQueries({ predicate: (query) => query.queryKey[0] !== authQueryKey[0] })
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== authQueryKey[0] })
  queryClient.getMutationCache().clear()
  queryClient.setQueryData(authQueryKey, state)
  if (state.signedIn) setLiveRefreshMs(state.refreshMs)
}
