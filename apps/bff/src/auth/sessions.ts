import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'

/** A signed-in user: their EM logon (token kept server-side only, never the password) and when it ends. */
export type DashboardSession = {
  userName: string
  token: string
  emSessionId: string | null
  /** Epoch ms: SESSION_MAX_HOURS after sign-in. */
  expiresAt: number
}

/** What is stored: the EM token encrypted, under the hash of the cookie's ID (the store never holds the ID). */
type Stored = { u: string; s: string | null; e: number; t: string }

export type SessionStore = {
  /** Stores a new session and returns the opaque ID for the browser's cookie. */
  create(session: DashboardSession): Promise<string>
  get(id: string): Promise<DashboardSession | null>
  delete(id: string): Promise<void>
  /** The sessions this store alone holds (memory), to log them off at shutdown; none for a shared store. */
  drain(): Promise<DashboardSession[]>
  close(): Promise<void>
}

const ID_RE = /^[A-Za-z0-9_-]{43}$/

/** AES-256-GCM with a key derived from SESSION_SECRET; the stored key is authenticated data. */
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

/** Sealing and unsealing, shared by both stores. */
abstract class BaseStore implements SessionStore {
  constructor(private readonly cipher: TokenCipher) {}

  async create(session: DashboardSession): Promise<string> {
    const id = randomBytes(32).toString('base64url')
    const at = storeKey(id)
    const stored: Stored = {
      u: session.userName,
      s: session.emSessionId,
      e: session.expiresAt,
      t: this.cipher.seal(session.token, at),
    }
    await this.put(at, JSON.stringify(stored), session.expiresAt - Date.now())
    return id
  }

  async get(id: string): Promise<DashboardSession | null> {
    if (!ID_RE.test(id)) return null
    const at = storeKey(id)
    const raw = await this.read(at)
    const session = raw ? this.open(at, raw) : null
    return session && session.expiresAt > Date.now() ? session : null
  }

  async delete(id: string): Promise<void> {
    if (ID_RE.test(id)) await this.remove(storeKey(id))
  }

  protected open(at: string, raw: string): DashboardSession | null {
    const stored = JSON.parse(raw) as Stored
    const token = this.cipher.open(stored.t, at)
    return token ? { userName: stored.u, emSessionId: stored.s, expiresAt: stored.e, token } : null
  }

  abstract drain(): Promise<DashboardSession[]>
  abstract close(): Promise<void>
  protected abstract put(at: string, value: string, ttlMs: number): Promise<void>
  protected abstract read(at: string): Promise<string | null>
  protected abstract remove(at: string): Promise<void>
}

function storeKey(id: string): string {
  return `ese:session:${createHash('sha256').update(id).digest('base64url')}`
}

/** One process's sessions (the default): lost on restart, so they are logged off EM at shutdown. */
export class MemoryStore extends BaseStore {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>()
  private readonly sweep = setInterval(() => this.prune(), 60_000).unref()

  protected async put(at: string, value: string, ttlMs: number): Promise<void> {
    this.entries.set(at, { value, expiresAt: Date.now() + ttlMs })
  }

  protected async read(at: string): Promise<string | null> {
    const entry = this.entries.get(at)
    return entry && entry.expiresAt > Date.now() ? entry.value : null
  }

  protected async remove(at: string): Promise<void> {
    this.entries.delete(at)
  }

  async drain(): Promise<DashboardSession[]> {
    this.prune()
    const all = [...this.entries].flatMap(([at, { value }]) => this.open(at, value) ?? [])
    this.entries.clear()
    return all
  }

  async close(): Promise<void> {
    clearInterval(this.sweep)
  }

  private prune(): void {
    const now = Date.now()
    for (const [at, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(at)
  }
}

/** Sessions in Redis (REDIS_URL), shared by every BFF replica; each key expires with its session. */
export class RedisStore extends BaseStore {
  constructor(
    cipher: TokenCipher,
    private readonly redis: Redis,
  ) {
    super(cipher)
  }

  protected async put(at: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(at, value, 'PX', Math.max(1, Math.floor(ttlMs)))
  }

  protected async read(at: string): Promise<string | null> {
    return this.redis.get(at)
  }

  protected async remove(at: string): Promise<void> {
    await this.redis.del(at)
  }

  async drain(): Promise<DashboardSession[]> {
    // Other replicas still serve these sessions: nothing is logged off at one replica's shutdown.
    return []
  }

  async close(): Promise<void> {
    // The connection is the BFF's (bff.ts), shared with the limiter: it closes it.
  }
}
