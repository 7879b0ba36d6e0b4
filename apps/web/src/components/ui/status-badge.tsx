import type { ReactElement } from 'react'
import { resultLook, type StatusIcon, stateLook, statusWording, type Tone } from '../../lib/status.ts'
import {
  CheckCircleIcon,
  ClockIcon,
  FailedIcon,
  MinusCircleIcon,
  PauseIcon,
  PlayIcon,
  QuestionIcon,
  StopIcon,
  WarningIcon,
} from './icons.tsx'

const TONE_CLASSES: Record<Tone, string> = {
  success:
    'bg-emerald-50 text-emerald-800 ring-emerald-600/25 dark:bg-emerald-400/10 dark:text-emerald-300 dark:ring-emerald-400/30',
  warning:
    'bg-amber-50 text-amber-800 ring-amber-600/30 dark:bg-amber-400/10 dark:text-amber-300 dark:ring-amber-400/30',
  danger: 'bg-red-50 text-red-800 ring-red-600/25 dark:bg-red-400/10 dark:text-red-300 dark:ring-red-400/30',
  info: 'bg-sky-50 text-sky-800 ring-sky-600/25 dark:bg-sky-400/10 dark:text-sky-300 dark:ring-sky-400/30',
  pending:
    'bg-violet-50 text-violet-800 ring-violet-600/20 dark:bg-violet-400/10 dark:text-violet-300 dark:ring-violet-400/30',
  neutral:
    'bg-zinc-100 text-zinc-700 ring-zinc-500/20 dark:bg-zinc-400/10 dark:text-zinc-300 dark:ring-zinc-400/25',
}

const ICONS: Record<StatusIcon, (p: { className?: string }) => ReactElement> = {
  check: CheckCircleIcon,
  warning: WarningIcon,
  failed: FailedIcon,
  none: MinusCircleIcon,
  running: PlayIcon,
  pending: ClockIcon,
  paused: PauseIcon,
  stopped: StopIcon,
  unknown: QuestionIcon,
}

type BadgeProps = { value: string; size?: 'sm' | 'md' }

function Badge({
  label,
  value,
  look,
  size = 'md',
}: BadgeProps & { label: string; look: ReturnType<typeof stateLook> }) {
  const Icon = ICONS[look.icon]
  const wording = statusWording(value)
  const sizing = size === 'sm' ? 'gap-1 px-1.5 py-0.5 text-xs' : 'gap-1.5 px-2 py-0.5 text-xs sm:text-sm'
  return (
    <span
      className={`inline-flex max-w-full items-center whitespace-nowrap rounded-md font-medium ring-1 ring-inset ${sizing} ${TONE_CLASSES[look.tone]}`}
    >
      <Icon className={size === 'sm' ? 'size-3.5' : 'size-4'} />
      <span className="sr-only">{label}: </span>
      <span className="truncate" title={wording === value ? undefined : `EM: ${value}`}>
        {wording}
      </span>
    </span>
  )
}

/** A session state as EM reports it, with an icon and its text (never colour alone). */
export function StateBadge({ value, size }: BadgeProps) {
  return <Badge label="State" value={value} size={size} look={stateLook(value)} />
}

/** A session result as EM reports it, with an icon and its text. */
export function ResultBadge({ value, size }: BadgeProps) {
  return <Badge label="Result" value={value} size={size} look={resultLook(value)} />
}
