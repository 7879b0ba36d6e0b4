import type { Redis } from 'ioredis'

/**
 * Failed sign-ins per client address and per user name: after `limit` failures within `windowMs`, every
 * attempt with that address or name is refused until the window ends, the right password too.
 */
export type Limiter = {
  /** Milliseconds until attempts are allowed again for any of `keys`; 0 when none is limited. */
  blockedFor(keys: string[]): Promise<number>
  fail(keys: string[]): Promise<void>
  clear(keys: string[]): Promise<void>
}

export class MemoryLimiter implements Limiter {
  private readonly counts = new Map<string, { n: number; until: number }>()

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  async blockedFor(keys: string[]): Promise<number> {
    const now = Date.now()
    let wait = 0
    for (const key of keys) {
      const c = this.counts.get(key)
      if (c && c.until > now && c.n >= this.limit) wait = Math.max(wait, c.until - now)
    }
    return wait
  }

  async fail(keys: string[]): Promise<void> {
    const now = Date.now()
    if (this.counts.size > 100_000)
      for (const [k, c] of this.counts) if (c.until <= now) this.counts.delete(k)
    for (const key of keys) {
      const c = this.counts.get(key)
      if (c && c.until > now) c.n++
      else this.counts.set(key, { n: 1, until: now + this.windowMs })
    }
  }

  async clear(keys: string[]): Promise<void> {
    for (const key of keys) this.counts.delete(key)
  }
}

/** The same counts in Redis, so every replica sees them. */
export class RedisLimiter implements Limiter {
  constructor(
    private readonly redis: Redis,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  async blockedFor(keys: string[]): Promise<number> {
    let wait = 0
    for (const key of keys) {
      const [n, ttl] = await Promise.all([this.redis.get(k(key)), this.redis.pttl(k(key))])
      if (Number(n) >= this.limit && ttl > 0) wait = Math.max(wait, ttl)
    }
    return wait
  }

  async fail(keys: string[]): Promise<void> {
    for (const key of keys) {
      const n = await this.redis.incr(k(key))
      if (n === 1) await this.redis.pexpire(k(key), this.windowMs)
    }
  }

  async clear(keys: string[]): Promise<void> {
    await this.redis.del(...keys.map(k))
  }
}

const k = (key: string) => `ese:signin-failures:${key}`
