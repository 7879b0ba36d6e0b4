import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'
import { LRUCache } from 'lru-cache'
import type { Logon } from '../em/session.ts'

/** A signed-in user's EM logon (the token kept server-side only, never the password) and when it ends (epoch ms). */
export type DashboardSession = Logon & { userName: string; expiresAt: number }

export type SessionStore = {
  /** Stores a new session and returns the opaque ID for the browser's cookie. */
  create(session: DashboardSession): Promise<string>
  get(id: string): Promise<DashboardSession | null>
  delete(id: string): Promise<void>
  /** The sessions this store alone holds (memory), to log them off at shutdown; none for a shared store. */
  drain(): Promise<DashboardSession[]>
}

/** What is stored: the EM token sealed, under the hash of the cookie's ID (the store never holds the ID). */
type Stored = { u: string; s: string | null; e: number; t: string }

/** Where stored sessions live (an LRUCache's own methods, or Redis behind them); each expires with its session. */
type Kv = {
  set(key: string, value: string, options: { ttl: number }): unknown
  get(key: string): Promise<string | null> | string | undefined
  delete(key: string): unknown
}

/** AES-256-GCM with a key derived from SESSION_SECRET; the store key is authenticated data. */
export class TokenCipher {
  private readonly key: Buffer

  constructor(secret: string) {
    this.key = createHash('sha256').update(`ese-session-token:${secret}`).digest()
  }

  seal(token: string, aad: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(aad))
    const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()])
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url')
  }

  /** The token, or null when the data was not sealed with this key for this session. */
  open(data: string, aad: string): string | null {
    try {
      const raw = Buffer.from(data, 'base64url')
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12)).setAAD(Buffer.from(aad))
      decipher.setAuthTag(raw.subarray(12, 28))
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
    } catch {
      return null
    }
  }
}

const ID_RE = /^[A-Za-z0-9_-]{43}$/
const storeKey = (id: string) => `ese:session:${createHash('sha256').update(id).digest('base64url')}`

class SealedStore<K extends Kv> implements SessionStore {
  constructor(
    private readonly cipher: TokenCipher,
    protected readonly kv: K,
  ) {}

  async create(session: DashboardSession): Promise<string> {
    const id = randomBytes(32).toString('base64url')
    const at = storeKey(id)
    const { userName: u, sessionId: s, expiresAt: e } = session
    const stored: Stored = { u, s, e, t: this.cipher.seal(session.token, at) }
    await this.kv.set(at, JSON.stringify(stored), { ttl: Math.max(1, Math.floor(e - Date.now())) })
    return id
  }

  async get(id: string): Promise<DashboardSession | null> {
    const raw = ID_RE.test(id) ? await this.kv.get(storeKey(id)) : null
    return raw ? this.open(storeKey(id), raw) : null
  }

  async delete(id: string): Promise<void> {
    if (ID_RE.test(id)) await this.kv.delete(storeKey(id))
  }

  /** A shared store's sessions live on in the other replicas: none is logged off at one's shutdown. */
  async drain(): Promise<DashboardSession[]> {
    return []
  }

  protected open(at: string, raw: string): DashboardSession | null {
    return openStored(this.cipher, at, raw)
  }
}

/** The session, or null when it has ended or was not sealed with this key under this store key. */
function openStored(cipher: TokenCipher, at: string, raw: string): DashboardSession | null {
  const { u, s, e, t } = JSON.parse(raw) as Stored
  const token = cipher.open(t, at)
  return token && e > Date.now() ? { userName: u, sessionId: s, expiresAt: e, token } : null
}

/** One process's sessions (the default): lost on restart, so they are logged off EM at shutdown. */
export class MemoryStore extends SealedStore<LRUCache<string, string>> {
  /** Bounded against floods: beyond `max`, the least recently used session is dropped and given to `evicted`. */
  constructor(cipher: TokenCipher, evicted: (session: DashboardSession) => void = () => {}, max = 10_000) {
    const dispose = (raw: string, at: string, reason: string) => {
      const session = reason === 'evict' ? openStored(cipher, at, raw) : null
      if (session) evicted(session)
    }
    super(cipher, new LRUCache({ max, dispose }))
  }

  override async drain(): Promise<DashboardSession[]> {
    const all = [...this.kv.entries()].flatMap(([at, raw]) => this.open(at, raw) ?? [])
    this.kv.clear()
    return all
  }
}

/** Sessions in Redis (REDIS_URL), shared by every replica. The connection is bff.ts's, which closes it. */
export class RedisStore extends SealedStore<Kv> {
  constructor(cipher: TokenCipher, redis: Redis) {
    super(cipher, {
      set: (key, value, { ttl }) => redis.set(key, value, 'PX', ttl),
      get: (key) => redis.get(key),
      delete: (key) => redis.del(key),
    })
  }
}
