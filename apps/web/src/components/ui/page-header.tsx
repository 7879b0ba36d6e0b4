import { createContext, type ReactNode, useState } from 'react'
import { CopyButton } from './copy-button.tsx'

/**
 * The place under the header, across the page, where an action shows what it opens (the raw EM answer), so
 * opening it moves neither the title nor the row of actions. Null outside a page header.
 */
export const HeaderPanelSlot = createContext<HTMLElement | null>(null)

type PageHeaderProps = {
  /** What kind of thing this is, above the title ("Replication task session", "Backup job session · Agent backup"). */
  eyebrow: string
  icon: ReactNode
  title: string
  badges?: ReactNode
  status?: ReactNode
  /** More buttons next to "Copy link" (the explorer's power-user actions mount here). */
  actions?: ReactNode
}

/**
 * Title row of a resource page: kind, title (h1), state and result badges with the live status under the
 * title, and the actions ("Copy link" and more) beside it, or below it when the screen is narrow: on a phone
 * the state and result come before four buttons, not after them.
 */
export function PageHeader({ eyebrow, icon, title, badges, status, actions }: PageHeaderProps) {
  const [slot, setSlot] = useState<HTMLElement | null>(null)
  return (
    <HeaderPanelSlot.Provider value={slot}>
      <header className="flex flex-wrap items-start justify-between gap-x-4 gap-y-3">
        <div className="min-w-0 space-y-2">
          <div className="space-y-1">
            <p className="flex items-center gap-1.5 text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
              {icon}
              {eyebrow}
            </p>
            <h1 className="break-words text-2xl font-semibold tracking-tight text-zinc-950 dark:text-white">
              {title}
            </h1>
          </div>
          {badges ? <div className="flex flex-wrap items-center gap-2">{badges}</div> : null}
          {status}
        </div>
        {/* Copy link first, then the page's actions; what they open goes in the slot under the header. */}
        <div className="flex min-w-0 max-w-full flex-wrap items-center gap-2">
          <CopyButton
            label="Copy link"
            text={() => window.location.href}
            visibleText="Copy link"
            icon="link"
            size="md"
          />
          {actions}
        </div>
      </header>
      <div ref={setSlot} className="min-w-0 empty:hidden" />
    </HeaderPanelSlot.Provider>
  )
}
