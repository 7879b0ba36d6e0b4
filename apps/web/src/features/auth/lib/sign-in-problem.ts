import { type ApiError, toApiError } from '../../../lib/api-client.ts'
import { presentError } from '../../../lib/error-presentation.ts'
import { formatDuration } from '../../../lib/format.ts'
import { formatClock } from '../../../lib/time-format.ts'

/** What the sign-in form says when signing in failed, and which field to send the user back to. */
export type SignInProblem = {
  title: string
  advice: string
  /** The field to focus: the password after wrong credentials (it is cleared), else none. */
  focus: 'password' | null
  /** Show the BFF's own message too (it has detail the advice lacks). */
  details: string | null
}

/**
 * The message for a failed sign-in, chosen by the error code: wrong credentials, throttling (with the wait
 * from `Retry-After`, as a duration and the clock time it ends), EM unreachable or misconfigured, or sign-in
 * not being available. `now` and `timeZone` are parameters so tests can pin them.
 */
export function signInProblem(failure: unknown, now = Date.now(), timeZone?: string): SignInProblem {
  const error: ApiError = toApiError(failure)
  const view = presentError(error.code)
  const withDetails = (advice: string, details: string | null = null): SignInProblem => ({
    title: view.title,
    advice,
    focus: null,
    details,
  })
  switch (error.code) {
    case 'invalid_credentials':
      return {
        title: view.title,
        advice:
          'Enterprise Manager did not accept them. Use the account you sign in to the Enterprise Manager website with: DOMAIN\\user on Windows EM, user@domain on Linux EM.',
        focus: 'password',
        details: null,
      }
    case 'too_many_attempts': {
      const wait = error.retryAfterSeconds
      if (wait === null) return withDetails('Wait a few minutes before trying again.')
      const until = formatClock(now + wait * 1000, timeZone, wait < 120)
      return withDetails(`Wait ${formatDuration(wait * 1000)} (until ${until}) before trying again.`)
    }
    case 'invalid_request':
      return {
        title: 'Sign-in is not available',
        advice:
          'The dashboard did not accept this sign-in. If it reads Enterprise Manager with a service account, nobody needs to sign in: go to the home page.',
        focus: null,
        details: error.message || null,
      }
    case 'em_unavailable':
    case 'em_timeout':
    case 'em_tls_error':
    case 'em_bad_response':
    case 'em_auth_failed':
    case 'internal':
      return withDetails(
        `${view.advice} Your user name and password were not checked.`,
        view.showMessage ? error.message || null : null,
      )
    default:
      return withDetails(view.advice, view.showMessage ? error.message || null : null)
  }
}
