import { isWaitingTurn } from '@ese/shared'
import {
  CheckCircleIcon,
  ClockIcon,
  FailedIcon,
  PlayIcon,
  QuestionIcon,
  WarningIcon,
} from '../../../components/ui/icons.tsx'
import { type AnySession, type Outcome, outcomeOf } from '../lib/sessions.ts'

const ICONS = {
  failed: FailedIcon,
  warning: WarningIcon,
  success: CheckCircleIcon,
  running: PlayIcon,
  other: QuestionIcon,
} as const

export const OUTCOME_TEXT_CLASSES: Record<Outcome, string> = {
  failed: 'text-red-600 dark:text-red-400',
  warning: 'text-amber-600 dark:text-amber-400',
  success: 'text-emerald-600 dark:text-emerald-400',
  running: 'text-sky-600 dark:text-sky-400',
  other: 'text-zinc-500 dark:text-zinc-400',
}

/** The outcome's icon alone, in the current text colour. */
export function OutcomeIcon({ outcome, className = 'size-4' }: { outcome: Outcome; className?: string }) {
  const Icon = ICONS[outcome]
  return <Icon className={className} />
}

/** A session not ended that EM reports Pending: a task waiting its turn. */
function waiting(session: Pick<AnySession, 'kind' | 'state' | 'result'>): boolean {
  return outcomeOf(session) === 'running' && isWaitingTurn(session)
}

/** What the mark says to a screen reader: EM's result, or "Running" ("Waiting to start" while Pending). */
export function outcomeLabel(session: Pick<AnySession, 'kind' | 'state' | 'result'>): string {
  if (waiting(session)) return 'Waiting to start'
  return outcomeOf(session) === 'running' ? 'Running' : session.result || 'No result'
}

/** A result as an icon only (shape and colour), its text for screen readers and on hover. */
export function ResultMark({
  session,
  className = 'size-4',
}: {
  session: Pick<AnySession, 'kind' | 'state' | 'result'>
  className?: string
}) {
  const outcome = outcomeOf(session)
  const Icon = waiting(session) ? ClockIcon : ICONS[outcome]
  const label = outcomeLabel(session)
  return (
    <span title={label} className={`inline-flex shrink-0 ${OUTCOME_TEXT_CLASSES[outcome]}`}>
      <Icon className={className} />
      <span className="sr-only">{label}</span>
    </span>
  )
}
