import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query'
import { type ApiError, isSignedOutError, shouldRetry } from './api-client.ts'

let liveRefresh = 5000

/**
 * How often a running session refreshes itself: the BFF's shared window for running sessions (`refreshMs` of
 * `GET /api/session`), so this tab costs EM no more than the crowd the BFF already serves from that window.
 */
export function liveRefreshMs(): number {
  return liveRefresh
}

export function setLiveRefreshMs(ms: number): void {
  if (Number.isFinite(ms) && ms >= 1000) liveRefresh = ms
}

export type QueryClientOptions = {
  /**
   * Any request answered 401 `unauthenticated` or `session_expired`: the app sends the user to sign in. One
   * place for every query and mutation, so no page can forget it.
   */
  onSignedOut?: (error: ApiError) => void
}

export function createQueryClient({ onSignedOut }: QueryClientOptions = {}): QueryClient {
  const onError = (error: unknown) => {
    if (isSignedOutError(error)) onSignedOut?.(error)
  }
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        retryDelay: 1000,
        // Live queries poll only in a visible tab; TanStack Query resumes when the tab is shown again.
        refetchIntervalInBackground: false,
      },
    },
  })
}
