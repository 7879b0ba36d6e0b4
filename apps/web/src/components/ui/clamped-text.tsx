import { useId, useState } from 'react'

/** Longer than this (characters or lines), a text is shown clamped at first, with "Show all". */
const LONG_CHARS = 600
const LONG_LINES = 8

/**
 * A long text from EM (a job's failure message that names hundreds of machines) cut to a few lines, with
 * "Show all" to read the rest, so it does not push the page's timeline and table a screen down. Short texts
 * are shown as they are.
 */
export function ClampedText({ text }: { text: string }) {
  const [open, setOpen] = useState(false)
  const id = useId()
  const long = text.length > LONG_CHARS || text.split('\n').length > LONG_LINES
  if (!long) return text
  return (
    <>
      <span id={id} className={open ? 'block' : 'line-clamp-6'}>
        {text}
      </span>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
        className="mt-1 rounded text-xs font-medium text-teal-800 underline underline-offset-2 hover:no-underline dark:text-teal-300"
      >
        {open ? 'Show less' : `Show all (${text.length.toLocaleString()} characters)`}
      </button>
    </>
  )
}
