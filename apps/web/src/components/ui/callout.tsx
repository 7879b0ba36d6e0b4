import type { ReactNode } from 'react'
import { FailedIcon, WarningIcon } from './icons.tsx'

/** A prominent message at the top of a page: why a session failed or warned. */
export function Callout({
  tone,
  title,
  children,
  action,
}: {
  tone: 'warning' | 'danger'
  title: string
  children: ReactNode
  action?: ReactNode
}) {
  const classes =
    tone === 'danger'
      ? 'border-red-300 bg-red-50 dark:border-red-900/70 dark:bg-red-950/40'
      : 'border-amber-300 bg-amber-50 dark:border-amber-800/70 dark:bg-amber-950/30'
  const iconClass =
    tone === 'danger' ? 'text-red-600 dark:text-red-400' : 'text-amber-600 dark:text-amber-400'
  const Icon = tone === 'danger' ? FailedIcon : WarningIcon
  return (
    <section aria-label={title} className={`rounded-lg border-l-4 border ${classes} p-4`}>
      <div className="flex items-start gap-3">
        <Icon className={`mt-0.5 size-5 ${iconClass}`} />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">{title}</h2>
            {action}
          </div>
          <div className="mt-1.5 whitespace-pre-wrap break-words text-sm text-zinc-900 sm:text-base dark:text-zinc-100">
            {children}
          </div>
        </div>
      </div>
    </section>
  )
}
