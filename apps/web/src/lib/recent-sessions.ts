import { parseGuid, RESOURCE_KINDS, type ResourceKind } from '@ese/shared'

/** One resource the user opened, as the home page lists it. */
export type RecentSession = {
  kind: ResourceKind
  id: string
  label: string
  state: string | null
  result: string | null
  /** Epoch milliseconds. */
  openedAt: number
}

export const RECENT_SESSIONS_KEY = 'ese.recentSessions.v1'
export const RECENT_SESSIONS_MAX = 12

/**
 * The storage key of one user's list. With sign-in, each EM user has their own list, so the next person at a
 * shared browser does not see what the previous one opened; with the service account (or before anyone is
 * known) there is one list. EM user names are case-insensitive on both Windows and Linux EM.
 */
export function recentSessionsKey(user: string | null): string {
  return user === null ? RECENT_SESSIONS_KEY : `${RECENT_SESSIONS_KEY}:${user.toLowerCase()}`
}

/** Whether a storage key holds a list of recent sessions (anyone's). */
export function isRecentSessionsKey(key: string): boolean {
  return key === RECENT_SESSIONS_KEY || key.startsWith(`${RECENT_SESSIONS_KEY}:`)
}

/** The part of `Storage` this module uses, so tests can pass a plain object. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

function nullableString(value: unknown): string | null | undefined {
  if (value === null) return null
  return typeof value === 'string' ? value : undefined
}

function toEntry(value: unknown): RecentSession | null {
  if (typeof value !== 'object' || value === null) return null
  const v = value as Record<string, unknown>
  const kind = RESOURCE_KINDS.find((k) => k === v.kind)
  const id = typeof v.id === 'string' ? parseGuid(v.id) : null
  const state = nullableString(v.state)
  const result = nullableString(v.result)
  if (!kind || !id || typeof v.label !== 'string' || state === undefined || result === undefined) return null
  if (typeof v.openedAt !== 'number' || !Number.isFinite(v.openedAt)) return null
  return { kind, id, label: v.label, state, result, openedAt: v.openedAt }
}

/**
 * The stored list, newest first. Whatever is stored is untrusted (another version of the app, a user editing
 * it, a full disk): unreadable values give an empty list and unreadable entries are skipped, never a crash.
 */
export function parseRecentSessions(raw: string | null): RecentSession[] {
  if (!raw) return []
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return []
  }
  if (!Array.isArray(value)) return []
  const seen = new Set<string>()
  const entries: RecentSession[] = []
  for (const item of value) {
    const entry = toEntry(item)
    if (!entry || seen.has(`${entry.kind}:${entry.id}`)) continue
    seen.add(`${entry.kind}:${entry.id}`)
    entries.push(entry)
  }
  return entries.sort((a, b) => b.openedAt - a.openedAt).slice(0, RECENT_SESSIONS_MAX)
}

export function readRecentSessions(
  storage: KeyValueStorage | null,
  key = RECENT_SESSIONS_KEY,
): RecentSession[] {
  if (!storage) return []
  try {
    return parseRecentSessions(storage.getItem(key))
  } catch {
    // Storage can be disabled (privacy settings) and throw on access.
    return []
  }
}

/** `entries` with `entry` first (replacing an older entry for the same resource), capped at the maximum. */
export function withRecentSession(entries: readonly RecentSession[], entry: RecentSession): RecentSession[] {
  const rest = entries.filter((e) => !(e.kind === entry.kind && e.id === entry.id))
  return [entry, ...rest].slice(0, RECENT_SESSIONS_MAX)
}

function sameEntry(a: RecentSession | undefined, b: RecentSession): boolean {
  return (
    !!a &&
    a.kind === b.kind &&
    a.id === b.id &&
    a.label === b.label &&
    a.state === b.state &&
    a.result === b.result
  )
}

/**
 * Records that `entry` was opened (or refreshed). Returns whether storage changed: a live page refreshing every
 * few seconds with the same state writes nothing.
 */
export function recordRecentSession(
  storage: KeyValueStorage | null,
  entry: RecentSession,
  key = RECENT_SESSIONS_KEY,
): boolean {
  if (!storage) return false
  const entries = readRecentSessions(storage, key)
  if (sameEntry(entries[0], entry)) return false
  try {
    storage.setItem(key, JSON.stringify(withRecentSession(entries, entry)))
    return true
  } catch {
    return false
  }
}

export function clearRecentSessions(storage: KeyValueStorage | null, key = RECENT_SESSIONS_KEY): void {
  try {
    storage?.removeItem(key)
  } catch {
    // Nothing to clear when storage is unavailable.
  }
}

/** `window.localStorage`, or null where touching it throws or it does not exist (tests, locked-down browsers). */
export function browserStorage(): KeyValueStorage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage
  } catch {
    return null
  }
}
