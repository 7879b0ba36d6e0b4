import { describe, expect, it } from 'vitest'
import {
  clearRecentSessions,
  isRecentSessionsKey,
  type KeyValueStorage,
  parseRecentSessions,
  RECENT_SESSIONS_KEY,
  RECENT_SESSIONS_MAX,
  type RecentSession,
  readRecentSessions,
  recentSessionsKey,
  recordRecentSession,
} from './recent-sessions.ts'

class MemoryStorage implements KeyValueStorage {
  data = new Map<string, string>()
  writes = 0
  getItem(key: string) {
    return this.data.get(key) ?? null
  }
  setItem(key: string, value: string) {
    this.writes++
    this.data.set(key, value)
  }
  removeItem(key: string) {
    this.data.delete(key)
  }
}

const guid = (n: number) => `24590151-20cd-4e57-8a2f-${String(n).padStart(12, '0')}`
const entry = (n: number, overrides: Partial<RecentSession> = {}): RecentSession => ({
  kind: 'replicaTaskSession',
  id: guid(n),
  label: `vm${n}`,
  state: 'Completed',
  result: 'Success',
  openedAt: 1_700_000_000_000 + n,
  ...overrides,
})

describe('parseRecentSessions', () => {
  it.each([
    ['nothing stored', null],
    ['an empty string', ''],
    ['broken JSON', '[{"kind":'],
    ['JSON that is not a list', '{"kind":"replicaTaskSession"}'],
    ['a number', '42'],
    ['null', 'null'],
  ])('gives an empty list for %s', (_, raw) => {
    expect(parseRecentSessions(raw)).toEqual([])
  })

  it('skips unreadable entries and keeps the good ones', () => {
    const raw = JSON.stringify([
      entry(1),
      null,
      'x',
      { ...entry(2), kind: 'job' },
      { ...entry(3), id: 'not-a-guid' },
      { ...entry(4), openedAt: 'yesterday' },
      { ...entry(5), label: 7 },
      { ...entry(6), state: 3 },
      entry(7, { kind: 'backupServer', state: null, result: null }),
    ])
    expect(parseRecentSessions(raw).map((e) => e.label)).toEqual(['vm7', 'vm1'])
  })

  it('sorts newest first, drops duplicates and caps the list', () => {
    const many = Array.from({ length: RECENT_SESSIONS_MAX + 5 }, (_, i) => entry(i))
    const parsed = parseRecentSessions(JSON.stringify([...many, entry(3, { openedAt: 0 })]))
    expect(parsed).toHaveLength(RECENT_SESSIONS_MAX)
    expect(parsed[0]?.label).toBe(`vm${RECENT_SESSIONS_MAX + 4}`)
    expect(new Set(parsed.map((e) => e.id)).size).toBe(parsed.length)
  })
})

describe('recordRecentSession', () => {
  it('puts the opened session first and replaces its older entry', () => {
    const storage = new MemoryStorage()
    recordRecentSession(storage, entry(1))
    recordRecentSession(storage, entry(2))
    recordRecentSession(storage, entry(1, { state: 'InProgress', openedAt: 1_800_000_000_000 }))
    expect(readRecentSessions(storage).map((e) => [e.label, e.state])).toEqual([
      ['vm1', 'InProgress'],
      ['vm2', 'Completed'],
    ])
  })

  it('does not write when the newest entry is unchanged (a live page refreshing)', () => {
    const storage = new MemoryStorage()
    expect(recordRecentSession(storage, entry(1))).toBe(true)
    expect(recordRecentSession(storage, entry(1, { openedAt: 1_900_000_000_000 }))).toBe(false)
    expect(storage.writes).toBe(1)
  })

  it('replaces a corrupt stored value instead of crashing', () => {
    const storage = new MemoryStorage()
    storage.setItem(RECENT_SESSIONS_KEY, '{not json')
    expect(readRecentSessions(storage)).toEqual([])
    recordRecentSession(storage, entry(1))
    expect(readRecentSessions(storage)).toEqual([entry(1)])
  })

  it('survives storage that throws (disabled, full) or is absent', () => {
    const throwing: KeyValueStorage = {
      getItem: () => {
        throw new Error('SecurityError')
      },
      setItem: () => {
        throw new Error('QuotaExceededError')
      },
      removeItem: () => {
        throw new Error('SecurityError')
      },
    }
    expect(readRecentSessions(throwing)).toEqual([])
    expect(recordRecentSession(throwing, entry(1))).toBe(false)
    expect(() => clearRecentSessions(throwing)).not.toThrow()
    expect(readRecentSessions(null)).toEqual([])
    expect(recordRecentSession(null, entry(1))).toBe(false)
  })

  it('clears', () => {
    const storage = new MemoryStorage()
    recordRecentSession(storage, entry(1))
    clearRecentSessions(storage)
    expect(readRecentSessions(storage)).toEqual([])
  })
})

describe('recentSessionsKey', () => {
  it('keeps one list per EM user, case-insensitively, and one for the service account', () => {
    const storage = new MemoryStorage()
    recordRecentSession(storage, entry(1), recentSessionsKey('TECH\\Ann'))
    recordRecentSession(storage, entry(2), recentSessionsKey('tech\\bob'))
    recordRecentSession(storage, entry(3), recentSessionsKey(null))
    expect(readRecentSessions(storage, recentSessionsKey('tech\\ann')).map((e) => e.label)).toEqual(['vm1'])
    expect(readRecentSessions(storage, recentSessionsKey('TECH\\BOB')).map((e) => e.label)).toEqual(['vm2'])
    expect(readRecentSessions(storage, recentSessionsKey(null)).map((e) => e.label)).toEqual(['vm3'])
  })

  it('recognises every list key, and nothing else', () => {
    expect(isRecentSessionsKey(recentSessionsKey(null))).toBe(true)
    expect(isRecentSessionsKey(recentSessionsKey('ann@tech.local'))).toBe(true)
    expect(isRecentSessionsKey('ese.recentSessions.v10')).toBe(false)
    expect(isRecentSessionsKey('theme')).toBe(false)
  })

  it('reads entries of every session kind', () => {
    const kinds = ['backupTaskSession', 'backupJobSession', 'replicaJobSession'] as const
    const raw = JSON.stringify(kinds.map((kind, i) => entry(i, { kind })))
    expect(
      parseRecentSessions(raw)
        .map((e) => e.kind)
        .sort(),
    ).toEqual([...kinds].sort())
  })
})
