import { useRouter } from '@tanstack/react-router'
import { type FormEvent, useId, useRef, useState } from 'react'
import { FailedIcon, RefreshIcon } from '../../../components/ui/icons.tsx'
import { useSignIn } from '../api/sign-in.ts'
import { safeRedirectPath } from '../lib/redirect.ts'
import { type SignInProblem, signInProblem } from '../lib/sign-in-problem.ts'

type SignInFormProps = {
  /** Where to go afterwards (from the URL: checked by `safeRedirectPath` before use). */
  redirect?: string
}

const INPUT =
  'block h-10 w-full rounded-md border bg-white px-3 text-sm text-zinc-900 dark:bg-zinc-900 dark:text-zinc-100'

/**
 * User name and password of the user's own EM account. Empty fields are caught here; everything else is EM's
 * answer, phrased by error code. After signing in, the user lands on the page they opened.
 */
export function SignInForm({ redirect }: SignInFormProps) {
  const router = useRouter()
  const signIn = useSignIn()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [missing, setMissing] = useState({ username: false, password: false })
  const [problem, setProblem] = useState<SignInProblem | null>(null)
  const usernameRef = useRef<HTMLInputElement>(null)
  const passwordRef = useRef<HTMLInputElement>(null)
  const ids = { user: useId(), userHint: useId(), userError: useId(), pass: useId(), passError: useId() }
  const pending = signIn.isPending

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (pending) return
    const empty = { username: username.trim() === '', password: password === '' }
    setMissing(empty)
    if (empty.username || empty.password) {
      ;(empty.username ? usernameRef : passwordRef).current?.focus()
      return
    }
    setProblem(null)
    signIn.mutate(
      { username: username.trim(), password },
      {
        onSuccess: () => {
          setPassword('')
          void router.navigate({ href: safeRedirectPath(redirect), replace: true })
        },
        onError: (error) => {
          const next = signInProblem(error)
          setProblem(next)
          if (next.focus === 'password') {
            setPassword('')
            passwordRef.current?.focus()
          }
        },
      },
    )
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending} className="space-y-4">
      {problem ? (
        <div
          role="alert"
          className="flex items-start gap-3 rounded-lg border border-red-200 bg-red-50/70 p-3 text-sm dark:border-red-900/60 dark:bg-red-950/30"
        >
          <FailedIcon className="mt-0.5 size-5 text-red-600 dark:text-red-400" />
          <div className="min-w-0 space-y-1">
            <p className="font-semibold text-red-900 dark:text-red-200">{problem.title}</p>
            <p className="text-zinc-800 dark:text-zinc-200">{problem.advice}</p>
            {problem.details ? (
              <p className="break-words text-zinc-700 dark:text-zinc-300">Details: {problem.details}</p>
            ) : null}
          </div>
        </div>
      ) : null}
      <div className="space-y-1.5">
        <label htmlFor={ids.user} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          User name
        </label>
        <input
          ref={usernameRef}
          id={ids.user}
          name="username"
          type="text"
          value={username}
          onChange={(event) => {
            setUsername(event.target.value)
            if (missing.username) setMissing((m) => ({ ...m, username: false }))
          }}
          autoComplete="username"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          // biome-ignore lint/a11y/noAutofocus: the sign-in page is a form and nothing else; its first field is where everyone starts
          autoFocus
          required
          aria-invalid={missing.username || undefined}
          aria-describedby={missing.username ? `${ids.userError} ${ids.userHint}` : ids.userHint}
          className={`${INPUT} ${missing.username ? 'border-red-500' : 'border-zinc-300 dark:border-zinc-700'}`}
        />
        <p id={ids.userHint} className="text-xs text-zinc-600 dark:text-zinc-400">
          DOMAIN\user on Windows EM, user@domain on Linux EM
        </p>
        {missing.username ? (
          <p id={ids.userError} className="text-xs font-medium text-red-700 dark:text-red-400">
            Enter your user name.
          </p>
        ) : null}
      </div>
      <div className="space-y-1.5">
        <label htmlFor={ids.pass} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          Password
        </label>
        <input
          ref={passwordRef}
          id={ids.pass}
          name="password"
          type="password"
          value={password}
          onChange={(event) => {
            setPassword(event.target.value)
            if (missing.password) setMissing((m) => ({ ...m, password: false }))
          }}
          autoComplete="current-password"
          required
          aria-invalid={missing.password || undefined}
          aria-describedby={missing.password ? ids.passError : undefined}
          className={`${INPUT} ${missing.password ? 'border-red-500' : 'border-zinc-300 dark:border-zinc-700'}`}
        />
        {missing.password ? (
          <p id={ids.passError} className="text-xs font-medium text-red-700 dark:text-red-400">
            Enter your password.
          </p>
        ) : null}
      </div>
      <button
        type="submit"
        aria-disabled={pending || undefined}
        className="inline-flex h-10 w-full items-center justify-center gap-2 rounded-md bg-teal-700 px-4 text-sm font-medium text-white hover:bg-teal-800 aria-disabled:opacity-70"
      >
        {pending ? <RefreshIcon className="size-4 animate-spin motion-reduce:animate-none" /> : null}
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
      <p role="status" className="sr-only">
        {pending ? 'Signing in…' : ''}
      </p>
    </form>
  )
}
