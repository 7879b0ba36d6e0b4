import { useEffect, useId, useRef } from 'react'
import { RUN_SHORTCUTS } from '../lib/shortcuts.ts'

type ShortcutHelpProps = {
  open: boolean
  onOpenChange: (open: boolean) => void
}

/**
 * "Keyboard shortcuts": a button that opens a small non-modal dialog listing the keys. Focus moves into the
 * dialog when it opens and back to the button when it closes (Escape, the Close button, the button again, or a
 * click outside).
 */
export function ShortcutHelp({ open, onOpenChange }: ShortcutHelpProps) {
  const dialogId = useId()
  const titleId = useId()
  const buttonRef = useRef<HTMLButtonElement>(null)
  const dialogRef = useRef<HTMLDivElement>(null)
  const wasOpen = useRef(open)

  useEffect(() => {
    if (open) dialogRef.current?.focus()
    // Only return focus when it was inside the dialog (or nowhere): a click elsewhere keeps its own focus.
    else if (wasOpen.current) {
      const active = document.activeElement
      if (!active || active === document.body || dialogRef.current?.contains(active))
        buttonRef.current?.focus()
    }
    wasOpen.current = open
  }, [open])

  useEffect(() => {
    if (!open) return
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 'Escape') return
      event.preventDefault()
      onOpenChange(false)
      buttonRef.current?.focus()
    }
    function onPointerDown(event: PointerEvent) {
      const target = event.target as Node | null
      if (target && !dialogRef.current?.contains(target) && !buttonRef.current?.contains(target))
        onOpenChange(false)
    }
    document.addEventListener('keydown', onKeyDown)
    document.addEventListener('pointerdown', onPointerDown)
    return () => {
      document.removeEventListener('keydown', onKeyDown)
      document.removeEventListener('pointerdown', onPointerDown)
    }
  }, [open, onOpenChange])

  return (
    <div className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={dialogId}
        aria-haspopup="dialog"
        aria-keyshortcuts="?"
        onClick={() => onOpenChange(!open)}
        className="inline-flex h-7 items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-2 text-xs font-medium text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:bg-zinc-800"
      >
        <span aria-hidden="true" className="font-mono">
          ?
        </span>
        Keyboard shortcuts
      </button>
      {open ? (
        <div
          ref={dialogRef}
          id={dialogId}
          role="dialog"
          aria-labelledby={titleId}
          tabIndex={-1}
          className="absolute right-0 z-20 mt-2 w-72 max-w-[calc(100vw-2rem)] rounded-lg border border-zinc-200 bg-white p-4 text-sm shadow-lg outline-none dark:border-zinc-700 dark:bg-zinc-900"
        >
          <div className="flex items-center justify-between gap-2">
            <h3 id={titleId} className="font-semibold text-zinc-900 dark:text-zinc-100">
              Keyboard shortcuts
            </h3>
            <button
              type="button"
              onClick={() => {
                onOpenChange(false)
                buttonRef.current?.focus()
              }}
              className="rounded px-1.5 text-xs font-medium text-zinc-600 underline underline-offset-2 hover:no-underline dark:text-zinc-300"
            >
              Close
            </button>
          </div>
          <dl className="mt-3 space-y-2">
            {RUN_SHORTCUTS.map((shortcut) => (
              <div key={shortcut.key} className="flex items-center gap-3">
                <dt>
                  <kbd className="inline-flex min-w-7 justify-center rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 font-mono text-xs text-zinc-900 dark:border-zinc-600 dark:bg-zinc-800 dark:text-zinc-100">
                    {shortcut.key}
                  </kbd>
                </dt>
                <dd className="text-zinc-700 dark:text-zinc-300">{shortcut.description}</dd>
              </div>
            ))}
            <div className="flex items-center gap-3">
              <dt>
                <kbd className="inline-flex min-w-7 justify-center rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 font-mono text-xs text-zinc-900 dark:border-zinc-600 dark:bg-zinc-800 dark:text-zinc-100">
                  ← →
                </kbd>
              </dt>
              <dd className="text-zinc-700 dark:text-zinc-300">Older or newer run, in the strip of runs</dd>
            </div>
          </dl>
          <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">Not while typing in a field.</p>
        </div>
      ) : null}
    </div>
  )
}
