import type { ReactNode } from 'react'

/** A card of label/value pairs: two columns on wide screens, one on phones. */
export function DetailList({ children, label }: { children: ReactNode; label?: string }) {
  return (
    <dl
      aria-label={label}
      className="grid gap-x-8 gap-y-4 rounded-lg border border-zinc-200 bg-white p-4 sm:grid-cols-2 sm:p-5 dark:border-zinc-800 dark:bg-zinc-900/60"
    >
      {children}
    </dl>
  )
}

export function DetailItem({
  term,
  children,
  wide = false,
}: {
  term: string
  children: ReactNode
  wide?: boolean
}) {
  return (
    <div className={`min-w-0 ${wide ? 'sm:col-span-2' : ''}`}>
      <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{term}</dt>
      <dd className="mt-1 break-words text-sm text-zinc-900 dark:text-zinc-100">{children}</dd>
    </div>
  )
}

/** A section of a page with a heading (h2) and an optional action next to it. */
export function Section({
  title,
  id,
  actions,
  children,
}: {
  title: string
  id: string
  actions?: ReactNode
  children: ReactNode
}) {
  return (
    <section aria-labelledby={id} className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={id} className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  )
}
