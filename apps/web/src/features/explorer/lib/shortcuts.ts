/** What a key press on a job session page does. */
export type ShortcutAction = 'previous' | 'next' | 'help'

/** The keys, for the help popover and the handler alike. */
export const RUN_SHORTCUTS: readonly { key: string; action: ShortcutAction; description: string }[] = [
  { key: '[', action: 'previous', description: 'Previous run of this job' },
  { key: ']', action: 'next', description: 'Next run of this job' },
  { key: '?', action: 'help', description: 'Show or hide these shortcuts' },
]

/** The parts of a KeyboardEvent the decision needs (a plain object in tests). */
export type KeyPress = {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  /** AltGr is down: on Windows it reports Ctrl+Alt, and some layouts need it to type `[` and `]`. */
  altGraph: boolean
  isComposing: boolean
  repeat: boolean
  defaultPrevented: boolean
  /** Focus is where the user types text. */
  typing: boolean
}

/**
 * The action for a key press, or null to leave it alone: never while typing, composing (IME), with Ctrl, Cmd or
 * Alt (those belong to the browser and the system), when held down (one run per press), or when something
 * else already handled it. Shift is allowed: `?` needs it on most layouts.
 */
export function shortcutFor(press: KeyPress): ShortcutAction | null {
  if (press.typing || press.isComposing || press.repeat || press.defaultPrevented) return null
  if (press.metaKey) return null
  if ((press.ctrlKey || press.altKey) && !press.altGraph) return null
  return RUN_SHORTCUTS.find((shortcut) => shortcut.key === press.key)?.action ?? null
}

const NON_TEXT_INPUTS = new Set([
  'button',
  'checkbox',
  'color',
  'file',
  'image',
  'radio',
  'range',
  'reset',
  'submit',
])

const TEXT_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'spinbutton'])

/** The bits of an element this needs; a DOM Element satisfies it. */
export type TargetLike = {
  tagName?: string
  type?: string
  isContentEditable?: boolean
  getAttribute?: (name: string) => string | null
}

/** Whether key presses on this element type text: text inputs, textareas, selects, contenteditable, text roles. */
export function isTypingTarget(target: TargetLike | null | undefined): boolean {
  if (!target) return false
  if (target.isContentEditable) return true
  const tag = target.tagName?.toUpperCase()
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true
  if (tag === 'INPUT') return !NON_TEXT_INPUTS.has((target.type ?? 'text').toLowerCase())
  const role = target.getAttribute?.('role')
  return role ? TEXT_ROLES.has(role) : false
}
