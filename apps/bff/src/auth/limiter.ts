import type { Redis } from 'ioredis'
import { LRUCache } from 'lru-cache'

/**
 * Failed sign-ins per user name and per address: a key's limit of them (by its kind, the part before `:`) in the
 * `windowMs` from the first refuse all.
 */
export type Limiter = {
  /** Milliseconds until attempts are allowed again for any of `keys`; 0 when none is limited. */
  blockedFor(keys: string[]): Promise<number>
  fail(keys: string[]): Promise<void>
}

/** Failures allowed per kind of key (`user:…`, `address:…`). */
export type Limits = Readonly<Record<string, number>>

const limitOf = (limits: Limits, key: string) => limits[key.slice(0, key.indexOf(':'))] ?? 1

export class MemoryLimiter implements Limiter {
  private readonly counts = new LRUCache<string, number>({ max: 100_000 }) // bounded against floods

  constructor(
    private readonly limits: Limits,
    private readonly windowMs: number,
  ) {}

  async blockedFor(keys: string[]): Promise<number> {
    const blocked = keys.filter((key) => (this.counts.get(key) ?? 0) >= limitOf(this.limits, key))
    return Math.max(0, ...blocked.map((key) => this.counts.getRemainingTTL(key)))
  }

  async fail(keys: string[]): Promise<void> {
    for (const key of keys) {
      const n = this.counts.get(key) ?? 0
      this.counts.set(key, n + 1, { ttl: this.windowMs, noUpdateTTL: n > 0 })
    }
  }
}

export class RedisLimiter implements Limiter {
  constructor(
    private readonly redis: Redis,
    private readonly limits: Limits,
    private readonly windowMs: number,
  ) {}

  async blockedFor(keys: string[]): Promise<number> {
    const counts = keys.map((key) => Promise.all([this.redis.get(k(key)), this.redis.pttl(k(key))]))
    const waits = (await Promise.all(counts)).map(([n, ttl], i) =>
      Number(n) >= limitOf(this.limits, keys[i] ?? '') ? ttl : 0,
    )
    return Math.max(0, ...waits)
  }

  async fail(keys: string[]): Promise<void> {
    for (const key of keys)
      if ((await this.redis.incr(k(key))) === 1) await this.redis.pexpire(k(key), this.windowMs)
  }
}

const k = (key: string) => `ese:signin-failures:${key}`
