import { useId, useRef, useState } from 'react'
import { useCut } from '../../lib/use-cut.ts'

/** Longer than this (characters or lines), a text may not fit a few lines: it is clamped, "Show all" if cut. */
const LONG_CHARS = 600
const LONG_LINES = 8

/**
 * A long text from EM (a job's failure message that names hundreds of machines) cut to six lines, with
 * "Show all" to read the rest, so it does not push the page's timeline and table a screen down. Short texts,
 * and long ones that fit the width, are shown as they are.
 */
export function ClampedText({ text }: { text: string }) {
  const long = text.length > LONG_CHARS || text.split('\n').length > LONG_LINES
  return long ? <Clamped text={text} /> : text
}

function Clamped({ text }: { text: string }) {
  const [open, setOpen] = useState(false)
  const ref = useRef<HTMLSpanElement>(null)
  const id = useId()
  // Whether six lines cut it, at this width.
  const cut = useCut(ref, 'height', open, true)
  return (
    <>
      <span id={id} ref={ref} className={open ? 'block' : 'line-clamp-6'}>
        {text}
      </span>
      {cut || open ? (
        <button
          type="button"
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen(!open)}
          className="mt-1 rounded text-xs font-medium text-teal-800 underline underline-offset-2 hover:no-underline dark:text-teal-300"
        >
          {open ? 'Show less' : `Show all (${text.length.toLocaleString()} characters)`}
        </button>
      ) : null}
    </>
  )
}
