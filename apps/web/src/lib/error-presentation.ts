import { type ErrorCode, RESOURCES, RETRYABLE_ERROR_CODES, type ResourceKind } from '@ese/shared'

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

/** The panel for `code`, phrased for the kind of resource the page shows (when it is known). */
export function presentError(code: ErrorCode, kind?: ResourceKind): ErrorPresentation {
  const thing = kind ? RESOURCES[kind].label : 'resource'
  const retry = RETRYABLE_ERROR_CODES.has(code)
  switch (code) {
    case 'invalid_id':
      return {
        title: 'Not a valid ID',
        advice: `This address does not contain an ID of a ${thing}. Check the link, or open the session by its ID.`,
        retry,
        offerHome: true,
        showMessage: false,
      }
    case 'not_found':
      return {
        title: `${capitalize(thing)} not found`,
        advice:
          'Enterprise Manager does not know this ID. It keeps session history for a limited time, so older sessions disappear.',
        retry,
        offerHome: true,
        showMessage: false,
      }
    case 'em_forbidden':
      return {
        title: 'Access denied by Enterprise Manager',
        advice:
          'The account the dashboard signs in with may not read this. An administrator can grant it access.',
        retry,
        offerHome: false,
        showMessage: true,
      }
    case 'em_auth_failed':
      return {
        title: 'Could not sign in to Enterprise Manager',
        advice: 'The dashboard could not start a session with Enterprise Manager. Trying again can help.',
        retry,
        offerHome: false,
        showMessage: true,
      }
    case 'em_unavailable':
      return {
        title: 'Enterprise Manager is unreachable',
        advice:
          'The request did not get through. Enterprise Manager or the network may be down; try again shortly.',
        retry,
        offerHome: false,
        showMessage: true,
      }
    case 'em_tls_error':
      return {
        title: 'Secure connection to Enterprise Manager failed',
        advice:
          'The dashboard does not trust the certificate Enterprise Manager presented. An administrator needs to fix the configuration.',
        retry,
        offerHome: false,
        showMessage: true,
      }
    case 'em_bad_response':
      return {
        title: 'Enterprise Manager sent an unexpected answer',
        advice: 'The answer could not be read. This is often temporary; try again.',
        retry,
        offerHome: false,
        showMessage: true,
      }
    case 'em_timeout':
      return {
        title: 'Enterprise Manager did not answer in time',
        advice: 'Enterprise Manager may be busy. Try again in a moment.',
        retry,
        offerHome: false,
        showMessage: false,
      }
    case 'internal':
      return {
        title: 'Something went wrong',
        advice: 'The dashboard ran into an unexpected problem. Trying again may help.',
        retry,
        offerHome: false,
        showMessage: true,
      }
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
