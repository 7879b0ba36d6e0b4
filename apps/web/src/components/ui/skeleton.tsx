import { useState } from 'react'
import { useDocumentTitle } from '../../lib/use-document-title.ts'
import { useNow } from '../../lib/use-now.ts'

/** A grey placeholder block; the page around it says "Loading" to assistive tech. */
export function SkeletonBlock({ className = '' }: { className?: string }) {
  return (
    <div
      aria-hidden="true"
      className={`animate-pulse rounded-md bg-zinc-200/80 dark:bg-zinc-800 ${className}`}
    />
  )
}

/**
 * After a second of waiting, how long it has been: a page waits for EM, and a slow EM (or one that will time
 * out) should not look like a dashboard that hangs. Not a live region: it changes every second.
 */
export function WaitingNote() {
  const [since] = useState(Date.now)
  const seconds = Math.floor((useNow(1000) - since) / 1000)
  if (seconds < 1) return null
  return (
    <p className="text-sm text-zinc-600 dark:text-zinc-400">
      Waiting for Enterprise Manager to answer: {seconds} s
    </p>
  )
}

/** The loading state of a resource page: breadcrumb, title, badges and a details card, roughly where they land. */
export function PageSkeleton({ label, withTable = false }: { label: string; withTable?: boolean }) {
  useDocumentTitle(`Loading ${label}…`)
  return (
    <div className="space-y-5">
      <WaitingNote />
      <PageSkeletonBlocks label={label} withTable={withTable} />
    </div>
  )
}

function PageSkeletonBlocks({ label, withTable }: { label: string; withTable: boolean }) {
  return (
    <div role="status" aria-busy="true" aria-live="polite" className="space-y-5">
      <span className="sr-only">Loading {label}…</span>
      <SkeletonBlock className="h-4 w-64 max-w-full" />
      <div className="space-y-3">
        <SkeletonBlock className="h-8 w-80 max-w-full" />
        <div className="flex gap-2">
          <SkeletonBlock className="h-6 w-24" />
          <SkeletonBlock className="h-6 w-24" />
        </div>
      </div>
      <div className="grid gap-x-8 gap-y-4 rounded-lg border border-zinc-200 p-5 sm:grid-cols-2 dark:border-zinc-800">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="space-y-2">
            <SkeletonBlock className="h-3 w-20" />
            <SkeletonBlock className="h-4 w-44 max-w-full" />
          </div>
        ))}
      </div>
      {withTable ? <SkeletonBlock className="h-56 w-full" /> : null}
    </div>
  )
}
