import { useId } from 'react'
import { toApiError } from '../../../lib/api-client.ts'
import { signedInUserName, useAuthState } from '../../../lib/auth-state.ts'
import { useSignOut } from '../api/sign-out.ts'

/**
 * The header's "Signed in as … · Sign out", when people sign in with their own EM accounts. With the service
 * account there is nothing to show here (the footer says so).
 */
export function AccountMenu() {
  const name = signedInUserName(useAuthState())
  const signOut = useSignOut()
  const nameId = useId()
  if (name === null) return null
  return (
    <div className="relative flex shrink-0 items-center gap-2">
      <span
        id={nameId}
        title={name}
        className="hidden max-w-48 truncate text-xs text-zinc-600 lg:inline xl:max-w-80 dark:text-zinc-400"
      >
        Signed in as <span className="font-medium text-zinc-900 dark:text-zinc-100">{name}</span>
      </span>
      <button
        type="button"
        title={`Signed in as ${name}`}
        aria-describedby={nameId}
        aria-disabled={signOut.isPending || undefined}
        onClick={() => {
          if (!signOut.isPending) signOut.mutate({})
        }}
        className="h-8 whitespace-nowrap rounded-md border border-zinc-300 bg-white px-2.5 text-xs font-medium text-zinc-800 hover:bg-zinc-50 aria-disabled:opacity-60 sm:text-sm dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
      >
        {signOut.isPending ? 'Signing out…' : 'Sign out'}
      </button>
      {signOut.isError ? (
        <p
          role="alert"
          className="absolute top-full right-0 z-20 mt-2 w-72 rounded-md border border-red-200 bg-white p-3 text-sm text-red-800 shadow-lg dark:border-red-900 dark:bg-zinc-900 dark:text-red-300"
        >
          Couldn't sign out: {toApiError(signOut.error).message} You are still signed in; try again.
        </p>
      ) : null}
    </div>
  )
}

/** On an access-denied panel: sign out and come back to this page as someone else. */
export function SwitchAccountButton() {
  const name = signedInUserName(useAuthState())
  const signOut = useSignOut()
  if (name === null) return null
  return (
    <button
      type="button"
      aria-disabled={signOut.isPending || undefined}
      onClick={() => {
        if (!signOut.isPending) signOut.mutate({ keepPage: true })
      }}
      className="inline-flex h-8 items-center rounded-md border border-zinc-300 bg-white px-3 text-sm font-medium text-zinc-800 hover:bg-zinc-50 aria-disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
    >
      Sign in with another account
    </button>
  )
}
