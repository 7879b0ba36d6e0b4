import { type ErrorCode, RESOURCES, RETRYABLE_ERROR_CODES, type UnavailablePart } from '@ese/shared'

/** Why EM gave nothing, in a few words, for a panel-sized message. Branches on the code, never the message. */
function why(code: ErrorCode): string {
  switch (code) {
    case 'em_forbidden':
      return 'your Enterprise Manager role may not read them'
    case 'em_timeout':
      return 'Enterprise Manager did not answer in time'
    case 'em_unavailable':
      return 'Enterprise Manager could not be reached'
    case 'em_bad_response':
      return 'Enterprise Manager sent an answer the dashboard could not read'
    case 'em_auth_failed':
    case 'unauthenticated':
    case 'session_expired':
      return 'the dashboard could not sign in to Enterprise Manager'
    case 'em_tls_error':
      return 'the secure connection to Enterprise Manager failed'
    default:
      return 'they could not be read'
  }
}

function plural(part: UnavailablePart): string {
  const label = `${RESOURCES[part.kind].label}s`
  return label.charAt(0).toUpperCase() + label.slice(1)
}

/** `Backup task sessions are missing: your Enterprise Manager role may not read them.` */
export function unavailableText(part: UnavailablePart): string {
  return `${plural(part)} are missing: ${why(part.code)}.`
}

export type PanelErrorView = { title: string; retry: boolean }

/** What a panel says when its query failed; the page around it stays. */
export function panelErrorView(code: ErrorCode): PanelErrorView {
  const retry = RETRYABLE_ERROR_CODES.has(code) || code === 'too_many_attempts'
  switch (code) {
    case 'unauthenticated':
    case 'session_expired':
      return { title: 'Your sign-in has ended. Sign in again to see this.', retry: false }
    case 'em_forbidden':
      return { title: 'Enterprise Manager does not let your account read this.', retry }
    case 'not_found':
      return { title: 'Enterprise Manager no longer has this session.', retry }
    case 'too_many_attempts':
      return { title: 'Too many requests. Wait a moment and try again.', retry }
    case 'em_timeout':
      return { title: 'Enterprise Manager did not answer in time.', retry }
    case 'em_unavailable':
      return { title: 'Enterprise Manager could not be reached.', retry }
    case 'em_tls_error':
      return { title: 'The secure connection to Enterprise Manager failed.', retry }
    default:
      return { title: 'This could not be loaded.', retry }
  }
}
