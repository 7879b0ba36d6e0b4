import { useCallback, useSyncExternalStore } from 'react'
import {
  browserStorage,
  clearRecentSessions,
  parseRecentSessions,
  RECENT_SESSIONS_KEY,
  type RecentSession,
  recordRecentSession,
} from './recent-sessions.ts'

const listeners = new Set<() => void>()
let cachedRaw: string | null | undefined
let cachedEntries: RecentSession[] = []

function notify() {
  for (const listener of listeners) listener()
}

function subscribe(listener: () => void) {
  listeners.add(listener)
  // Another tab opened a session: its `storage` event keeps this tab's list current.
  const onStorage = (event: StorageEvent) => {
    if (event.key === null || event.key === RECENT_SESSIONS_KEY) listener()
  }
  window.addEventListener('storage', onStorage)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('storage', onStorage)
  }
}

function getSnapshot(): RecentSession[] {
  let raw: string | null = null
  try {
    raw = browserStorage()?.getItem(RECENT_SESSIONS_KEY) ?? null
  } catch {
    raw = null
  }
  // useSyncExternalStore needs the same array back while nothing changed.
  if (raw !== cachedRaw) {
    cachedRaw = raw
    cachedEntries = parseRecentSessions(raw)
  }
  return cachedEntries
}

export function useRecentSessions(): { entries: RecentSession[]; clear: () => void } {
  const entries = useSyncExternalStore(subscribe, getSnapshot, () => [])
  const clear = useCallback(() => {
    clearRecentSessions(browserStorage())
    notify()
  }, [])
  return { entries, clear }
}

export function rememberSession(entry: RecentSession): void {
  if (recordRecentSession(browserStorage(), entry)) notify()
}
