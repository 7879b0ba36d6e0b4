import { useId, useState } from 'react'
import { reasonHeadline } from '../lib/attention.ts'

/** Longer than this, a one-line reason is likely cut off on a phone: offer to show all of it. */
const LONG_REASON = 50

/**
 * EM's reason as a one-line headline (the full text on hover), with "Show all" to read the whole of it where
 * hovering is not possible (touch, keyboard).
 */
export function ReasonText({ reason, className = '' }: { reason: string; className?: string }) {
  const [open, setOpen] = useState(false)
  const id = useId()
  const { headline, more } = reasonHeadline(reason)
  if (headline === '') {
    return (
      <p className={`text-sm italic text-zinc-500 dark:text-zinc-400 ${className}`}>No reason given by EM</p>
    )
  }
  const expandable = more || headline.length > LONG_REASON
  return (
    <div className={`flex min-w-0 items-start gap-2 ${className}`}>
      <p
        id={id}
        title={reason.trim()}
        className={`min-w-0 flex-1 text-sm text-zinc-900 dark:text-zinc-100 ${open ? 'whitespace-pre-wrap break-words' : 'truncate'}`}
      >
        {open ? reason.trim() : headline}
      </p>
      {expandable ? (
        <button
          type="button"
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen(!open)}
          className="shrink-0 rounded text-xs font-medium text-teal-800 underline underline-offset-2 hover:no-underline dark:text-teal-300"
        >
          {open ? 'Show less' : 'Show all'}
          <span className="sr-only"> of the reason</span>
        </button>
      ) : null}
    </div>
  )
}
