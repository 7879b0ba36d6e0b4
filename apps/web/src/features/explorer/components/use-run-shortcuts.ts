import { useNavigate } from '@tanstack/react-router'
import { useEffect, useEffectEvent } from 'react'
import { isTypingTarget, type KeyPress, shortcutFor, type TargetLike } from '../lib/shortcuts.ts'

export type RunShortcutTargets = {
  /** Dashboard path of the previous run of the job, or null at the oldest. */
  previous: string | null
  /** Dashboard path of the next run, or null at the newest. */
  next: string | null
  /** `?` toggles the shortcut help; without a handler the key does nothing. */
  onHelp?: () => void
  /** Off while false (e.g. the page shows its own shortcuts). */
  enabled?: boolean
}

function keyPress(event: KeyboardEvent): KeyPress {
  return {
    key: event.key,
    ctrlKey: event.ctrlKey,
    metaKey: event.metaKey,
    altKey: event.altKey,
    altGraph: event.getModifierState?.('AltGraph') ?? false,
    isComposing: event.isComposing,
    repeat: event.repeat,
    defaultPrevented: event.defaultPrevented,
    typing: isTypingTarget(event.target as TargetLike | null),
  }
}

/**
 * `[` and `]` go to the previous and next run of the job (TanStack Router navigation), keeping how the page's
 * table is narrowed and sorted (its search params), so one can step through the runs' failed machines; `?`
 * toggles the help.
 * Ignored while typing and with Ctrl, Cmd or Alt. Register it once per page: `JobRuns` does unless told not to.
 */
export function useRunShortcuts({ previous, next, onHelp, enabled = true }: RunShortcutTargets): void {
  const navigate = useNavigate()
  // Reads the latest targets when a key is pressed, so the listener itself stays put across renders.
  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    const action = shortcutFor(keyPress(event))
    if (action === null) return
    const to = action === 'previous' ? previous : action === 'next' ? next : null
    if (to) {
      event.preventDefault()
      void navigate({ to, search: true })
    } else if (action === 'help' && onHelp) {
      event.preventDefault()
      onHelp()
    }
  })

  useEffect(() => {
    if (!enabled) return
    const listener = (event: KeyboardEvent) => onKeyDown(event)
    document.addEventListener('keydown', listener)
    return () => document.removeEventListener('keydown', listener)
  }, [enabled])
}
