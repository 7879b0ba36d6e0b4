import { apiPaths, type SignedIn, type SignInRequest } from '@ese/shared'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { requestJson } from '../../../lib/api-client.ts'
import { resetForUser } from '../../../lib/auth-state.ts'

/** `POST /api/session`: EM checks the credentials; the BFF answers who signed in and sets its session cookie. */
export function signIn(credentials: SignInRequest): Promise<SignedIn> {
  return requestJson<SignedIn>('POST', apiPaths.session, { body: credentials })
}

/** Signing in starts from an empty cache: nothing read for a previous user survives into this one's pages. */
export function useSignIn() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: signIn,
    // The variables hold the password: keep the finished mutation no longer than the form that shows it.
    gcTime: 0,
    onSuccess: (session) => resetForUser(queryClient, { signedIn: true, ...session }),
  })
}
