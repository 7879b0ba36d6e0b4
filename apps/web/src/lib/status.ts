/**
 * How a state or result looks: a tone (colour) and an icon name. EM documents a few values; any other string
 * is shown as it is, in the neutral tone with a neutral icon.
 */
export type Tone = 'success' | 'warning' | 'danger' | 'info' | 'pending' | 'neutral'
export type StatusIcon =
  | 'check'
  | 'warning'
  | 'failed'
  | 'none'
  | 'running'
  | 'pending'
  | 'paused'
  | 'stopped'
  | 'unknown'

export type StatusLook = { tone: Tone; icon: StatusIcon }

const RESULT_LOOKS: Record<string, StatusLook> = {
  Success: { tone: 'success', icon: 'check' },
  Warning: { tone: 'warning', icon: 'warning' },
  Failed: { tone: 'danger', icon: 'failed' },
  None: { tone: 'neutral', icon: 'none' },
}

const STATE_LOOKS: Record<string, StatusLook> = {
  // Task session states.
  Pending: { tone: 'pending', icon: 'pending' },
  InProgress: { tone: 'info', icon: 'running' },
  Completed: { tone: 'neutral', icon: 'check' },
  // Job session states.
  Starting: { tone: 'info', icon: 'running' },
  Working: { tone: 'info', icon: 'running' },
  Pausing: { tone: 'pending', icon: 'paused' },
  Resuming: { tone: 'info', icon: 'running' },
  Stopping: { tone: 'pending', icon: 'stopped' },
  Stopped: { tone: 'neutral', icon: 'stopped' },
}

const UNKNOWN: StatusLook = { tone: 'neutral', icon: 'unknown' }

export function resultLook(result: string): StatusLook {
  return Object.hasOwn(RESULT_LOOKS, result) ? (RESULT_LOOKS[result] ?? UNKNOWN) : UNKNOWN
}

export function stateLook(state: string): StatusLook {
  return Object.hasOwn(STATE_LOOKS, state) ? (STATE_LOOKS[state] ?? UNKNOWN) : UNKNOWN
}

/** Whether the result calls for the reason to be shown first. */
export function isProblemResult(result: string): boolean {
  return result === 'Warning' || result === 'Failed'
}

/**
 * How a badge words EM's value: as EM writes it, but for the two that read as code or as nothing at all (a task
 * running is "In progress"; a session with no result yet, or stopped without one, "No result").
 */
const WORDING: Record<string, string> = { InProgress: 'In progress', None: 'No result' }

export function statusWording(value: string): string {
  return Object.hasOwn(WORDING, value) ? (WORDING[value] ?? value) : value === '' ? 'Unknown' : value
}
