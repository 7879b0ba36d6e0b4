import { useId, useState } from 'react'
import { SearchIcon } from './icons.tsx'

type FilterBoxProps = {
  /** The filter as the URL has it. */
  value: string
  onChange: (text: string) => void
  /** What the box filters by, for screen readers ("Filter machines by name or reason"), and its placeholder. */
  label: string
  placeholder: string
  shown: number
  total: number
  /** What is counted: "machines", "job sessions". */
  noun: string
  /** The list is also narrowed otherwise (to one outcome): the count shows without any text. */
  narrowed?: boolean
}

/**
 * The text box that narrows a long list (a job's machines, a server's job sessions) to what contains it. It
 * keeps what is typed itself (the URL's copy may lag a keystroke behind) and writes every change to the URL.
 */
export function FilterBox({
  value,
  onChange,
  label,
  placeholder,
  shown,
  total,
  noun,
  narrowed = false,
}: FilterBoxProps) {
  const [text, setText] = useState(value)
  const inputId = useId()
  const countId = useId()
  const filtering = text.trim() !== '' || narrowed
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
      <label htmlFor={inputId} className="sr-only">
        {label}
      </label>
      <div className="relative w-full max-w-sm">
        <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-zinc-400" />
        <input
          id={inputId}
          type="search"
          value={text}
          onChange={(event) => {
            setText(event.target.value)
            onChange(event.target.value)
          }}
          placeholder={placeholder}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={countId}
          className="h-8 w-full rounded-md border border-zinc-300 bg-white pr-2 pl-8 text-sm text-zinc-900 placeholder:text-zinc-400 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-500"
        />
      </div>
      <p id={countId} aria-live="polite" className="text-xs text-zinc-600 dark:text-zinc-400">
        {filtering ? `${shown.toLocaleString()} of ${total.toLocaleString()} ${noun}` : null}
      </p>
    </div>
  )
}
