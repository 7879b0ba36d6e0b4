import { useId, useRef, useState } from 'react'
import { useCut } from '../../../lib/use-cut.ts'
import { reasonHeadline } from '../lib/attention.ts'

/**
 * EM's reason as a one-line headline (the full text on hover), with "Show all" to read the whole of it where
 * hovering is not possible (touch, keyboard): offered when there is more than the headline, or the line is cut
 * at this width.
 */
export function ReasonText({ reason, className = '' }: { reason: string; className?: string }) {
  const [open, setOpen] = useState(false)
  const ref = useRef<HTMLParagraphElement>(null)
  const id = useId()
  const cut = useCut(ref, 'width', open)
  const { headline, more } = reasonHeadline(reason)
  if (headline === '') {
    return (
      <p className={`text-sm italic text-zinc-500 dark:text-zinc-400 ${className}`}>No reason given by EM</p>
    )
  }
  const expandable = more || cut || open
  return (
    <div className={`flex min-w-0 items-start gap-2 ${className}`}>
      <p
        ref={ref}
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
