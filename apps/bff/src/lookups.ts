import { LRUCache } from 'lru-cache'
import { type Answer, answerOf } from './answers.ts'

export type LookupOptions = {
  /** What the cached answers may cost in all, in bytes: their JSON plus a fixed cost per entry. */
  cacheMaxBytes?: number
  /** At most this many cached answers, however small. */
  cacheMaxEntries?: number
  /** A finished session never changes; it stays cached this long (EM may still delete it: retention). */
  finishedTtlMs?: number
  /** A running session is shared by every viewer for this long (RUNNING_CACHE_MS). */
  runningTtlMs?: number
  /** Backup servers change rarely (an upgrade changes the version). */
  serverTtlMs?: number
  /** Query answers (history, runs, lists of what failed). */
  queryTtlMs?: number
}

export type Ttls = Required<
  Pick<LookupOptions, 'finishedTtlMs' | 'runningTtlMs' | 'serverTtlMs' | 'queryTtlMs'>
>

type Entry = { answer: Answer; finished: boolean }

/** What one entry costs besides its JSON: key, entry object, the cache's own bookkeeping (measured, bench/). */
const ENTRY_OVERHEAD_BYTES = 400

/**
 * Answers as ready-to-send JSON, cached and shared: concurrent identical lookups share one EM call (single
 * flight), and an answer is cached for as long as its TTL says (finished sessions long, running ones for a
 * short window shared by every viewer, so a crowd polling one running job costs EM one call per window).
 * Keys carry the caller's scope: nothing fetched as one user is served to another.
 */
export class Lookups {
  readonly ttl: Ttls
  private readonly cache: LRUCache<string, Entry>
  private readonly inflight = new Map<string, Promise<Entry>>()

  constructor(options: LookupOptions = {}) {
    this.ttl = {
      finishedTtlMs: options.finishedTtlMs ?? 10 * 60_000,
      runningTtlMs: options.runningTtlMs ?? 2_000,
      serverTtlMs: options.serverTtlMs ?? 60_000,
      queryTtlMs: options.queryTtlMs ?? 20_000,
    }
    this.cache = new LRUCache<string, Entry>({
      max: options.cacheMaxEntries ?? 20_000,
      maxSize: options.cacheMaxBytes ?? 16 * 1024 * 1024,
      sizeCalculation: (entry, key) => entry.answer.length + key.length + ENTRY_OVERHEAD_BYTES,
    })
  }

  /**
   * The answer for `key` (JSON, gzipped when large): from the cache, from the same lookup in flight, or from
   * `fetch`, whose value is cached for `ttlOf(value)` ms (0: not at all) as `write(value)` answers it (its JSON;
   * a list comes answered already). `finished` marks a value that will never change.
   */
  async load<T>(
    key: string,
    fetch: () => Promise<T>,
    ttlOf: (value: T) => { ttl: number; finished?: boolean },
    write: (value: T) => Promise<Answer> = (value) => answerOf(JSON.stringify(value)),
  ): Promise<Answer> {
    const hit = this.cache.get(key)
    if (hit) return hit.answer
    let pending = this.inflight.get(key)
    if (!pending) {
      // An answer's time counts from when EM was asked: a viewer who polls once per window then always finds
      // it expired, and costs EM what a crowd does, one call per window.
      const asked = Date.now()
      pending = fetch()
        .then(async (value) => {
          const { ttl: full, finished = false } = ttlOf(value)
          const entry = { answer: await write(value), finished }
          const ttl = full - (Date.now() - asked)
          if (ttl > 0) this.cache.set(key, entry, { ttl })
          return entry
        })
        .finally(() => this.inflight.delete(key))
      this.inflight.set(key, pending)
    }
    return (await pending).answer
  }

  /** Whether a cached answer is of something finished; never calls EM. */
  isFinished(key: string): boolean {
    return this.cache.get(key)?.finished ?? false
  }

  get size(): number {
    return this.cache.size
  }
}
