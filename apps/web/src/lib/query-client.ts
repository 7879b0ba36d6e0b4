import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query'
import { type ApiError, isSignedOutError, shouldRetry } from './api-client.ts'

/** How often a running session refreshes itself. */
export const LIVE_REFRESH_MS = 5000

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
