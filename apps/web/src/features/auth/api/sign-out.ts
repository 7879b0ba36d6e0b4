import { apiPaths } from '@ese/shared'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useRouter } from '@tanstack/react-router'
import { isSignedOutError, requestJson } from '../../../lib/api-client.ts'
import { authQueryKey, resetForUser } from '../../../lib/auth-state.ts'
import { SIGN_IN_PATH, signInSearchFor } from '../lib/redirect.ts'

/** `DELETE /api/session`. Already signed out (401) counts as done. */
export async function signOut(): Promise<void> {
  try {
    await requestJson<undefined>('DELETE', apiPaths.session)
  } catch (error) {
    if (!isSignedOutError(error)) throw error
  }
}

/**
 * Signs out and goes to the sign-in page, then forgets everything read for this user. `keepPage` brings the
 * next sign-in back to this page ("Sign in with another account" on an access-denied panel); a plain sign-out
 * does not, so the next person starts at home.
 */
export function useSignOut() {
  const queryClient = useQueryClient()
  const router = useRouter()
  return useMutation({
    mutationFn: (_options: { keepPage?: boolean } = {}) => signOut(),
    gcTime: 0,
    onSuccess: async (_, options) => {
      // Signed out first, so the sign-in page shows its form; the page's own data goes once it has unmounted
      // (removing it earlier would make the still-mounted page ask for it again).
      queryClient.setQueryData(authQueryKey, { signedIn: false, expired: false })
      const search = options.keepPage ? signInSearchFor(router.latestLocation.href, false) : {}
      await router.navigate({ to: SIGN_IN_PATH, search })
      resetForUser(queryClient, { signedIn: false, expired: false })
    },
  })
}
