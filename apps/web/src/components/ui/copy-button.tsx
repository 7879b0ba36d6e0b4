import { useEffect, useRef, useState } from 'react'
import { copyText } from '../../lib/clipboard.ts'
import { CheckIcon, CopyIcon, LinkIcon } from './icons.tsx'

type CopyButtonProps = {
  /** Accessible name, stable across clicks (e.g. "Copy UID"). */
  label: string
  /** The text to copy, or a function read at click time (the current URL). */
  text: string | (() => string)
  /** Visible text next to the icon; omitted for an icon-only button (it still has `label` as its name). */
  visibleText?: string
  icon?: 'copy' | 'link'
  /** `md`: as tall as the page header's other actions; `sm` (default) inside panels and beside values. */
  size?: 'sm' | 'md'
  className?: string
}

/** A button that copies text and says so in a polite live region ("Copied"), keeping its name unchanged. */
export function CopyButton({
  label,
  text,
  visibleText,
  icon = 'copy',
  size = 'sm',
  className = '',
}: CopyButtonProps) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle')
  const timer = useRef<number | undefined>(undefined)
  useEffect(() => () => window.clearTimeout(timer.current), [])

  async function onClick() {
    const ok = await copyText(typeof text === 'function' ? text() : text)
    setStatus(ok ? 'copied' : 'failed')
    window.clearTimeout(timer.current)
    timer.current = window.setTimeout(() => setStatus('idle'), 2000)
  }

  const Icon = status === 'copied' ? CheckIcon : icon === 'link' ? LinkIcon : CopyIcon
  return (
    <span className={`relative inline-flex items-center ${className}`}>
      <button
        type="button"
        aria-label={label}
        title={label}
        onClick={onClick}
        className={`inline-flex ${size === 'md' ? 'h-8 px-2.5' : 'h-7 px-2'} items-center gap-1.5 rounded-md border border-zinc-300 bg-white text-xs font-medium text-zinc-700 shadow-xs hover:bg-zinc-50 active:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:bg-zinc-800`}
      >
        <Icon className={`size-3.5 ${status === 'copied' ? 'text-emerald-600 dark:text-emerald-400' : ''}`} />
        {visibleText ? <span>{status === 'copied' ? 'Copied' : visibleText}</span> : null}
      </button>
      <span role="status" className="sr-only">
        {status === 'copied' ? 'Copied' : status === 'failed' ? 'Copy failed' : ''}
      </span>
      {status !== 'idle' && !visibleText ? (
        <span
          aria-hidden="true"
          className="pointer-events-none absolute left-full ml-1.5 whitespace-nowrap rounded bg-zinc-900 px-1.5 py-0.5 text-xs text-white dark:bg-zinc-100 dark:text-zinc-900"
        >
          {status === 'copied' ? 'Copied' : 'Copy failed'}
        </span>
      ) : null}
    </span>
  )
}
