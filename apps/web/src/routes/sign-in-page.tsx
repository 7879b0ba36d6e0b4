import { getRouteApi } from '@tanstack/react-router'
import { SignInForm } from '../features/auth/components/sign-in-form.tsx'
import { safeRedirectPath } from '../features/auth/lib/redirect.ts'
import { APP_NAME, useDocumentTitle } from '../lib/use-document-title.ts'

const route = getRouteApi('/sign-in')

export function SignInPage() {
  const { redirect, reason } = route.useSearch()
  useDocumentTitle(`Sign in · ${APP_NAME}`)
  const target = safeRedirectPath(redirect)
  return (
    <div className="mx-auto max-w-sm space-y-6 py-2 sm:py-8">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-950 dark:text-white">Sign in</h1>
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          Sign in with your Veeam Backup Enterprise Manager account (DOMAIN\user on Windows EM, user@domain on
          Linux EM).
        </p>
      </div>
      {reason === 'expired' ? (
        <p
          role="status"
          className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800/70 dark:bg-amber-950/30 dark:text-amber-200"
        >
          Your Enterprise Manager session ended; sign in again.
        </p>
      ) : null}
      <div className="rounded-lg border border-zinc-200 bg-white p-4 sm:p-5 dark:border-zinc-800 dark:bg-zinc-900/60">
        <SignInForm redirect={redirect} />
      </div>
      {target !== '/' ? (
        <p className="break-all text-xs text-zinc-600 dark:text-zinc-400">
          Then the dashboard opens <span className="font-mono">{target}</span>.
        </p>
      ) : null}
    </div>
  )
}
