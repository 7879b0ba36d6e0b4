import type { ReactNode } from 'react'

type IconProps = { className?: string }

/** A 16 px stroke icon; always decorative, the text next to it carries the meaning. */
function Icon({ className = 'size-4', children }: IconProps & { children: ReactNode }) {
  return (
    <svg
      className={`shrink-0 ${className}`}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  )
}

export const CheckCircleIcon = (p: IconProps) => (
  <Icon {...p}>
    <circle cx="8" cy="8" r="6.25" />
    <path d="m5.4 8.2 1.8 1.8 3.5-3.7" />
  </Icon>
)

export const WarningIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M8 2.2 14.2 13H1.8z" />
    <path d="M8 6.4v3" />
    <path d="M8 11.2v.01" />
  </Icon>
)

export const FailedIcon = (p: IconProps) => (
  <Icon {...p}>
    <circle cx="8" cy="8" r="6.25" />
    <path d="m5.8 5.8 4.4 4.4m0-4.4-4.4 4.4" />
  </Icon>
)

export const MinusCircleIcon = (p: IconProps) => (
  <Icon {...p}>
    <circle cx="8" cy="8" r="6.25" />
    <path d="M5.3 8h5.4" />
  </Icon>
)

export const QuestionIcon = (p: IconProps) => (
  <Icon {...p}>
    <circle cx="8" cy="8" r="6.25" />
    <path d="M6.3 6.3a1.8 1.8 0 1 1 2.5 1.7c-.5.2-.8.6-.8 1.1v.3" />
    <path d="M8 11.3v.01" />
  </Icon>
)

export const ClockIcon = (p: IconProps) => (
  <Icon {...p}>
    <circle cx="8" cy="8" r="6.25" />
    <path d="M8 4.6V8l2.3 1.5" />
  </Icon>
)

export const PlayIcon = (p: IconProps) => (
  <Icon {...p}>
    <circle cx="8" cy="8" r="6.25" />
    <path d="M6.7 5.6v4.8L10.4 8z" />
  </Icon>
)

export const PauseIcon = (p: IconProps) => (
  <Icon {...p}>
    <circle cx="8" cy="8" r="6.25" />
    <path d="M6.6 5.8v4.4m2.8-4.4v4.4" />
  </Icon>
)

export const StopIcon = (p: IconProps) => (
  <Icon {...p}>
    <circle cx="8" cy="8" r="6.25" />
    <rect x="5.9" y="5.9" width="4.2" height="4.2" rx=".6" />
  </Icon>
)

export const DotIcon = (p: IconProps) => (
  <Icon {...p}>
    <circle cx="8" cy="8" r="2.5" fill="currentColor" />
  </Icon>
)

export const CopyIcon = (p: IconProps) => (
  <Icon {...p}>
    <rect x="5.2" y="5.2" width="8.3" height="8.3" rx="1.5" />
    <path d="M10.8 5.2V3.9a1.4 1.4 0 0 0-1.4-1.4H3.9a1.4 1.4 0 0 0-1.4 1.4v5.5a1.4 1.4 0 0 0 1.4 1.4h1.3" />
  </Icon>
)

export const CheckIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="m3.5 8.4 3 3 6-6.6" />
  </Icon>
)

export const LinkIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M6.8 9.2a2.8 2.8 0 0 0 4 0l2-2a2.8 2.8 0 0 0-4-4l-.6.6" />
    <path d="M9.2 6.8a2.8 2.8 0 0 0-4 0l-2 2a2.8 2.8 0 0 0 4 4l.6-.6" />
  </Icon>
)

export const SearchIcon = (p: IconProps) => (
  <Icon {...p}>
    <circle cx="7" cy="7" r="4.5" />
    <path d="m10.4 10.4 3.3 3.3" />
  </Icon>
)

export const ChevronRightIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="m6 3.5 4.5 4.5L6 12.5" />
  </Icon>
)

export const SortIcon = ({
  direction,
  className,
}: IconProps & { direction: 'ascending' | 'descending' | 'none' }) => (
  <Icon className={className}>
    {direction === 'none' ? (
      <path d="m5 6 3-3 3 3M5 10l3 3 3-3" opacity=".55" />
    ) : direction === 'ascending' ? (
      <path d="M8 13V3m-3.5 3.5L8 3l3.5 3.5" />
    ) : (
      <path d="M8 3v10m-3.5-3.5L8 13l3.5-3.5" />
    )}
  </Icon>
)

export const RefreshIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M13.2 8a5.2 5.2 0 1 1-1.6-3.8" />
    <path d="M13.3 2.6v2.8h-2.8" />
  </Icon>
)

export const ServerIcon = (p: IconProps) => (
  <Icon {...p}>
    <rect x="2.5" y="2.5" width="11" height="4.5" rx="1" />
    <rect x="2.5" y="9" width="11" height="4.5" rx="1" />
    <path d="M5 4.75h.01M5 11.25h.01" />
  </Icon>
)

export const LayersIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="m8 2.3 5.7 3L8 8.3l-5.7-3z" />
    <path d="m2.3 8.2 5.7 3 5.7-3" />
    <path d="m2.3 11 5.7 3 5.7-3" opacity=".7" />
  </Icon>
)

export const VmIcon = (p: IconProps) => (
  <Icon {...p}>
    <rect x="2" y="3" width="12" height="8" rx="1.2" />
    <path d="M6 13.5h4M8 11v2.5" />
  </Icon>
)

export const LogoMark = ({ className = 'size-6' }: IconProps) => (
  <svg className={className} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
    <rect width="32" height="32" rx="7" className="fill-teal-700 dark:fill-teal-600" />
    <path d="M8 10h16M8 16h11M8 22h7" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
    <circle cx="23" cy="22" r="3" className="fill-teal-300" />
  </svg>
)
