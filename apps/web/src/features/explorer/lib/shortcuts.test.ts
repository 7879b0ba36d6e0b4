import { describe, expect, it } from 'vitest'
import { isTypingTarget, type KeyPress, shortcutFor } from './shortcuts.ts'

function press(key: string, overrides: Partial<KeyPress> = {}): KeyPress {
  return {
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    altGraph: false,
    isComposing: false,
    repeat: false,
    defaultPrevented: false,
    typing: false,
    ...overrides,
  }
}

describe('shortcutFor', () => {
  it('maps [ and ] to the previous and next run, ? to the help', () => {
    expect(shortcutFor(press('['))).toBe('previous')
    expect(shortcutFor(press(']'))).toBe('next')
    expect(shortcutFor(press('?'))).toBe('help')
  })

  it('ignores other keys', () => {
    expect(shortcutFor(press('j'))).toBeNull()
    expect(shortcutFor(press('{'))).toBeNull()
    expect(shortcutFor(press('ArrowLeft'))).toBeNull()
  })

  it('ignores presses while typing, composing, held down or already handled', () => {
    expect(shortcutFor(press('[', { typing: true }))).toBeNull()
    expect(shortcutFor(press('[', { isComposing: true }))).toBeNull()
    expect(shortcutFor(press(']', { repeat: true }))).toBeNull()
    expect(shortcutFor(press(']', { defaultPrevented: true }))).toBeNull()
  })

  it('ignores presses with Ctrl, Cmd or Alt (browser and system shortcuts)', () => {
    expect(shortcutFor(press('[', { ctrlKey: true }))).toBeNull()
    expect(shortcutFor(press('[', { metaKey: true }))).toBeNull()
    expect(shortcutFor(press(']', { altKey: true }))).toBeNull()
  })

  it('accepts [ typed with AltGr, which Windows reports as Ctrl+Alt (German layout)', () => {
    expect(shortcutFor(press('[', { ctrlKey: true, altKey: true, altGraph: true }))).toBe('previous')
    expect(shortcutFor(press('[', { metaKey: true, altGraph: true }))).toBeNull()
  })
})

describe('isTypingTarget', () => {
  const element = (tagName: string, extra: Record<string, unknown> = {}) => ({ tagName, ...extra })

  it('treats text fields, textareas, selects and contenteditable as typing', () => {
    expect(isTypingTarget(element('INPUT', { type: 'text' }))).toBe(true)
    expect(isTypingTarget(element('INPUT', { type: 'search' }))).toBe(true)
    expect(isTypingTarget(element('INPUT'))).toBe(true)
    expect(isTypingTarget(element('TEXTAREA'))).toBe(true)
    expect(isTypingTarget(element('SELECT'))).toBe(true)
    expect(isTypingTarget(element('DIV', { isContentEditable: true }))).toBe(true)
    expect(isTypingTarget(element('DIV', { getAttribute: () => 'textbox' }))).toBe(true)
  })

  it('does not treat buttons, links, radios and checkboxes as typing', () => {
    expect(isTypingTarget(element('INPUT', { type: 'radio' }))).toBe(false)
    expect(isTypingTarget(element('INPUT', { type: 'CHECKBOX' }))).toBe(false)
    expect(isTypingTarget(element('BUTTON'))).toBe(false)
    expect(isTypingTarget(element('A', { getAttribute: () => null }))).toBe(false)
    expect(isTypingTarget(null)).toBe(false)
  })
})
