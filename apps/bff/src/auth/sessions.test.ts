import { describe, expect, it } from 'vitest'
import { type DashboardSession, MemoryStore, TokenCipher } from './sessions.ts'

const cipher = new TokenCipher('a-test-secret-of-at-least-32-characters')
const session = (n: number): DashboardSession => ({
  userName: `user${n}`,
  token: `token-${n}`,
  sessionId: `em-session-${n}`,
  expiresAt: Date.now() + 60_000,
})

describe('the in-memory session store', () => {
  it('keeps the EM token sealed under the hash of the ID, and gives the session back by ID', async () => {
    const store = new MemoryStore(cipher)
    const id = await store.create(session(1))
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(await store.get(id)).toMatchObject({
      userName: 'user1',
      token: 'token-1',
      sessionId: 'em-session-1',
    })
    expect(await store.get(`${id.slice(0, -1)}x`)).toBeNull()
    expect(await store.get('../etc')).toBeNull()
    await store.delete(id)
    expect(await store.get(id)).toBeNull()
  })

  it('at its bound drops the least recently used sign-in and hands it over to be logged off EM', async () => {
    const evicted: DashboardSession[] = []
    const store = new MemoryStore(cipher, (s) => evicted.push(s), 2)
    const first = await store.create(session(1))
    const second = await store.create(session(2))
    expect(await store.get(first)).not.toBeNull() // first is now the most recently used
    await store.create(session(3))
    expect(evicted.map((s) => [s.userName, s.token, s.sessionId])).toEqual([
      ['user2', 'token-2', 'em-session-2'],
    ])
    expect(await store.get(second)).toBeNull()
    expect(await store.get(first)).not.toBeNull()
    // Signing out (delete) and the shutdown drain are not evictions: they log off on their own.
    await store.delete(first)
    expect(await store.drain()).toHaveLength(1)
    expect(evicted).toHaveLength(1)
  })

  it('an expired session is not given back', async () => {
    const store = new MemoryStore(cipher)
    const id = await store.create({ ...session(1), expiresAt: Date.now() + 5 })
    await new Promise((r) => setTimeout(r, 20))
    expect(await store.get(id)).toBeNull()
  })
})
