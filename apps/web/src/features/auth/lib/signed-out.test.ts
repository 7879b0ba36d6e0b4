import { QueryClient } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../lib/api-client.ts'
import { authQueryKey } from '../../../lib/auth-state.ts'
import { handleSignedOut, type SignInNavigator } from './signed-out.ts'

function fakeRouter(href: string) {
  const calls: unknown[] = []
  const router: SignInNavigator = {
    latestLocation: { pathname: href.split('?')[0] ?? href, href },
    navigate: (options) => {
      calls.push(options)
      router.latestLocation = { pathname: options.to, href: options.to }
    },
  }
  return { router, calls }
}

describe('handleSignedOut', () => {
  it('sends the user to sign in, with the page to come back to and why', () => {
    const { router, calls } = fakeRouter('/backupSessions/x?sort=vm')
    const queryClient = new QueryClient()
    handleSignedOut(router, queryClient, new ApiError('session_expired', 'EM ended it', 401))
    expect(calls).toEqual([
      { to: '/sign-in', search: { redirect: '/backupSessions/x?sort=vm', reason: 'expired' }, replace: true },
    ])
    expect(queryClient.getQueryData(authQueryKey)).toEqual({ signedIn: false, expired: true })
  })

  it('navigates once when several requests fail together', () => {
    const { router, calls } = fakeRouter('/replicaSessions/x')
    const queryClient = new QueryClient()
    handleSignedOut(router, queryClient, new ApiError('unauthenticated', 'no', 401))
    handleSignedOut(router, queryClient, new ApiError('unauthenticated', 'no', 401))
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({ search: { redirect: '/replicaSessions/x' } })
    expect(queryClient.getQueryData(authQueryKey)).toEqual({ signedIn: false, expired: false })
  })
})
