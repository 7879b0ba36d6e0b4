import { useCallback, useEffect, useSyncExternalStore } from 'react'
import { signedInUserName, useAuthState } from './auth-state.ts'
import {
  browserStorage,
  clearRecentSessions,
  isRecentSessionsKey,
  parseRecentSessions,
  type RecentSession,
  recentSessionsKey,
  recordRecentSession,
} from './recent-sessions.ts'

const listeners = new Set<() => void>()
const cache = new Map<string, { raw: string | null; entries: RecentSession[] }>()

function notify() {
  for (const listener of listeners) listener()
}

function subscribe(listener: () => void) {
  listeners.add(listener)
  // Another tab opened a session: its `storage` event keeps this tab's list current.
  const onStorage = (event: StorageEvent) => {
    if (event.key === null || isRecentSessionsKey(event.key)) listener()
  }
  window.addEventListener('storage', onStorage)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('storage', onStorage)
  }
}

function snapshot(key: string): RecentSession[] {
  let raw: string | null = null
  try {
    raw = browserStorage()?.getItem(key) ?? null
  } catch {
    raw = null
  }
  // useSyncExternalStore needs the same array back while nothing changed.
  const cached = cache.get(key)
  if (cached && cached.raw === raw) return cached.entries
  const entries = parseRecentSessions(raw)
  cache.set(key, { raw, entries })
  return entries
}

const NONE: RecentSession[] = []

/** The storage key of the list of whoever uses the dashboard now. */
function useRecentSessionsKey(): string {
  return recentSessionsKey(signedInUserName(useAuthState()))
}

/** The signed-in user's recently opened sessions, newest first. */
export function useRecentSessions(): { entries: RecentSession[]; clear: () => void } {
  const key = useRecentSessionsKey()
  const entries = useSyncExternalStore(
    subscribe,
    () => snapshot(key),
    () => NONE,
  )
  const clear = useCallback(() => {
    clearRecentSessions(browserStorage(), key)
    notify()
  }, [key])
  return { entries, clear }
}

/** Records the page's resource in the signed-in user's list (again whenever its state or result changes). */
export function useRememberSession(entry: Omit<RecentSession, 'openedAt'>): void {
  const key = useRecentSessionsKey()
  const { kind, id, label, state, result } = entry
  useEffect(() => {
    if (
      recordRecentSession(browserStorage(), { kind, id, label, state, result, openedAt: Date.now() }, key)
    ) {
      notify()
    }
  }, [key, kind, id, label, state, result])
}
