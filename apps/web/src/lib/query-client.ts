import { QueryClient } from '@tanstack/react-query'
import { shouldRetry } from './api-client.ts'

/** How often a running session refreshes itself. */
export const LIVE_REFRESH_MS = 5000

export function createQueryClient(): QueryClient {
  return new QueryClient({
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
