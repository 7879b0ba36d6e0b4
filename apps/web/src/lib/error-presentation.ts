import {
  type ErrorCode,
  isJobSessionKind,
  isTaskSessionKind,
  RESOURCES,
  RETRYABLE_ERROR_CODES,
  type ResourceKind,
  SESSION_KINDS,
  type SessionKind,
} from '@ese/shared'
import type { AuthState } from './auth-state.ts'

/** What the error panel says for one error code. */
export type ErrorPresentation = {
  title: string
  /** What it means and what the user can do, in plain words. */
  advice: string
  /** Whether a "Retry" button can help: the same request may succeed later without anyone changing anything. */
  retry: boolean
  /** Whether to offer the way home (the ID itself is the problem). */
  offerHome: boolean
  /** Whether to show the server's own message: it carries detail the generic advice lacks. */
  showMessage: boolean
}

/**
 * What the page was about: a resource of a known kind, or `session` for a bare GUID that could be any kind of
 * session (the `/sessions/$id` page).
 */
export type ErrorSubject = ResourceKind | 'session'

/** "replication task sessions, backup task sessions, replication job sessions or backup job sessions". */
export const SEARCHED_SESSION_KINDS = listWithOr(SESSION_KINDS.map((kind) => `${RESOURCES[kind].label}s`))

function listWithOr(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`
}

/** Whether the page was about a session of a known kind (not a backup server, not a bare GUID). */
export function isSessionResource(subject: ErrorSubject): subject is SessionKind {
  return isTaskSessionKind(subject) || isJobSessionKind(subject)
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** Who asked, in the words of an access-denied message. */
function forbiddenFor(viewer: AuthState | undefined, thing: string): { title: string; advice: string } {
  if (viewer?.signedIn && viewer.auth === 'em') {
    return {
      title: `Your EM account has no access to this ${thing}`,
      // The BFF does not know the account's role; the likely reasons, for each role that reads sessions at all.
      advice: `You are signed in as ${viewer.user.name}. Enterprise Manager does not let this account read it: a Portal User reads only the jobs an EM administrator gave them, and a Restore Operator reads no backup or replication session. Ask an EM administrator for access, or sign in with another account.`,
    }
  }
  if (viewer?.signedIn) {
    return {
      title: `The dashboard's EM account has no access to this ${thing}`,
      advice: `The dashboard reads Enterprise Manager as ${viewer.user.name}, and EM does not let that account read it. An administrator can grant it the Portal User role.`,
    }
  }
  return {
    title: 'Access denied by Enterprise Manager',
    advice:
      'The account the dashboard signs in with may not read this. An administrator can grant it access.',
  }
}

/**
 * The panel for `code`, phrased for what the page shows (when it is known) and, for access denied, for who is
 * signed in.
 */
export function presentError(code: ErrorCode, subject?: ErrorSubject, viewer?: AuthState): ErrorPresentation {
  const thing = subject === 'session' ? 'session' : subject ? RESOURCES[subject].label : 'resource'
  const base = { retry: RETRYABLE_ERROR_CODES.has(code), offerHome: false, showMessage: false }
  switch (code) {
    case 'invalid_id':
      return {
        ...base,
        title: 'Not a valid ID',
        advice: `This address does not contain an ID of a ${thing}. Check the link, or open the session by its ID.`,
        offerHome: true,
      }
    case 'not_found':
      if (subject === 'session') {
        return {
          ...base,
          title: 'No session with this ID',
          advice: `Enterprise Manager has no ${SEARCHED_SESSION_KINDS} with this ID, nor a backup server (the dashboard asked for each). EM keeps session history for a limited time (13 weeks by default), so older sessions disappear. Check the ID, or paste the session's URN or EM link, which name its kind.`,
          offerHome: true,
        }
      }
      if (subject && isSessionResource(subject)) {
        return {
          ...base,
          title: `${capitalize(thing)} not found`,
          // EM answers 404 for a session asked for as the wrong kind, too: a task session's GUID in a job
          // session's link is not unknown to EM, only not a job session.
          advice: `Enterprise Manager has no ${thing} with this ID. It may be the ID of another kind of session (a task rather than a job, or backup rather than replication): look it up as any session. EM keeps session history for a limited time (13 weeks by default), so older sessions disappear.`,
          offerHome: true,
        }
      }
      return {
        ...base,
        title: `${capitalize(thing)} not found`,
        advice: `Enterprise Manager has no ${thing} with this ID. Check the link, or open it by its ID or URN.`,
        offerHome: true,
      }
    case 'em_forbidden':
      return { ...base, ...forbiddenFor(viewer, thing), showMessage: !viewer?.signedIn }
    case 'unauthenticated':
      return {
        ...base,
        title: 'Sign-in needed',
        advice: 'Sign in with your Enterprise Manager account to see this page.',
      }
    case 'session_expired':
      return {
        ...base,
        title: 'Your Enterprise Manager session ended',
        advice:
          'Enterprise Manager ends a session after 15 minutes without requests. Sign in again to go on.',
      }
    case 'invalid_credentials':
      return {
        ...base,
        title: 'Wrong user name or password',
        advice: 'Enterprise Manager did not accept this user name and password. Check both and try again.',
      }
    case 'too_many_attempts':
      return {
        ...base,
        title: 'Too many sign-in attempts',
        advice: 'Wait a few minutes before trying again.',
      }
    case 'cross_site_request':
      return {
        ...base,
        title: 'Request refused',
        advice:
          "The dashboard refused a request that did not come from its own pages. Reload the page and try again; if it keeps happening, a proxy in between may be changing the request's origin.",
      }
    case 'invalid_request':
      return {
        ...base,
        title: 'The dashboard could not handle this request',
        advice: 'The request was incomplete or is not available on this dashboard.',
        showMessage: true,
      }
    case 'em_auth_failed':
      return {
        ...base,
        title: 'Could not sign in to Enterprise Manager',
        advice: 'The dashboard could not start a session with Enterprise Manager. Trying again can help.',
        showMessage: true,
      }
    case 'em_unavailable':
      return {
        ...base,
        // Unreachable, or it answered with a failure of its own (HTTP 5xx): the message below says which.
        title: 'Enterprise Manager is unavailable',
        advice:
          'Enterprise Manager could not be reached or failed to answer. It or the network may be down; try again shortly.',
        showMessage: true,
      }
    case 'em_tls_error':
      return {
        ...base,
        title: 'Secure connection to Enterprise Manager failed',
        advice:
          'The dashboard does not trust the certificate Enterprise Manager presented. An administrator needs to fix the configuration.',
        showMessage: true,
      }
    case 'em_bad_response':
      return {
        ...base,
        title: 'Enterprise Manager sent an unexpected answer',
        advice: 'The answer could not be read. This is often temporary; try again.',
        showMessage: true,
      }
    case 'em_timeout':
      return {
        ...base,
        title: 'Enterprise Manager did not answer in time',
        advice: 'Enterprise Manager may be busy. Try again in a moment.',
      }
    case 'internal':
      return {
        ...base,
        title: 'Something went wrong',
        advice: 'The dashboard ran into an unexpected problem. Trying again may help.',
        showMessage: true,
      }
  }
}
