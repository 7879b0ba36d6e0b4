import { isJobSessionFinished, isTaskSessionFinished } from '@ese/shared'
import { LRUCache } from 'lru-cache'
import type { EmClient } from './em/client.ts'
import { asError, type Done, settle } from './em/http.ts'
import type { Trace } from './em/session.ts'

/** What is looked up, as the cache keys it. */
export type LookupRoute = 'task' | 'job' | 'job-tasks' | 'server'

const key = (route: LookupRoute, id: string) => `${route}:${id}`

export type LookupOptions = {
  /** Total size of the cached answers, in bytes. */
  cacheMaxBytes?: number
  /** How long a finished session stays cached. It never changes, but EM may delete it (retention). */
  finishedTtlMs?: number
  /** Backup servers change rarely (an upgrade changes the version), so they are cached briefly. */
  backupServerTtlMs?: number
}

type Answer = { json: string; ttl: number }

/** An answer's body: its JSON in UTF-8. */
export type Body = Buffer<ArrayBuffer>

/**
 * The lookups the routes serve, answered as ready-to-send JSON in UTF-8: a cached answer is sent as it is, never
 * encoded again. Finished sessions never change, so they are cached (bounded LRU with a TTL); a running one
 * never is. Concurrent identical lookups share one EM call.
 * The work is done in the callback form (`loadWith`, which the fast path uses): no promise on the way.
 */
export class Lookups {
  private readonly cache: LRUCache<string, Body>
  // The callers waiting for each lookup on its way, by key. A plain object without a prototype rather than a
  // Map: under load, a Map with one entry set and deleted per lookup made V8 promote about 1.2 KB per lookup to
  // the old generation (a full mark-compact every second or two); this object does not (bench/findings.md,
  // item 16). Keys are `route:guid`, so never a name an object could mistake for something else.
  private readonly inflight: Record<string, Done<Body>[] | undefined> = Object.create(null)
  private readonly finishedTtlMs: number
  private readonly backupServerTtlMs: number

  constructor(
    private readonly em: EmClient,
    options: LookupOptions = {},
  ) {
    this.finishedTtlMs = options.finishedTtlMs ?? 10 * 60_000
    this.backupServerTtlMs = options.backupServerTtlMs ?? 60_000
    this.cache = new LRUCache<string, Body>({
      maxSize: options.cacheMaxBytes ?? 32 * 1024 * 1024,
      sizeCalculation: (body) => Math.max(1, body.length),
      ttl: this.finishedTtlMs,
      ttlAutopurge: false,
    })
  }

  /** A lookup by route: the app's routes come through here. */
  load(route: LookupRoute, id: string, trace: Trace): Promise<Body> {
    return settle((done) => this.loadWith(route, id, trace, done))
  }

  /**
   * The callback form of `load`, for the fast path (lookup-fast-path.ts). A cached answer is given at once,
   * before this returns.
   */
  loadWith(route: LookupRoute, id: string, trace: Trace, done: Done<Body>): void {
    const k = key(route, id)
    const cached = this.cache.get(k)
    if (cached !== undefined) {
      done(null, cached)
      return
    }
    const waiting = this.inflight[k]
    if (waiting) {
      waiting.push(done)
      return
    }
    const waiters = [done]
    this.inflight[k] = waiters
    this.fetch(route, id, trace, (...result) => {
      delete this.inflight[k]
      if (result[0] !== null) {
        for (const waiter of waiters) waiter(result[0])
        return
      }
      const { json, ttl } = result[1]
      let body: Body
      try {
        if (ttl > 0) {
          // A buffer of its own: a slice of Node's shared pool would keep up to 8 KB alive while it is cached.
          body = Buffer.allocUnsafeSlow(Buffer.byteLength(json))
          body.write(json)
          this.cache.set(k, body, { ttl })
        } else body = Buffer.from(json)
      } catch (error) {
        for (const waiter of waiters) waiter(asError(error))
        return
      }
      for (const waiter of waiters) waiter(null, body)
    })
  }

  /** The cached answer for a lookup, if there is one; never calls EM. */
  cached(route: LookupRoute, id: string): Body | undefined {
    return this.cache.get(key(route, id))
  }

  /** One lookup from EM, as the JSON to send and how long it may be cached. */
  private fetch(route: LookupRoute, id: string, trace: Trace, done: Done<Answer>): void {
    const em = this.em
    const finished = (yes: boolean) => (yes ? this.finishedTtlMs : 0)
    switch (route) {
      case 'task':
        em.replicaTaskSession(
          id,
          trace,
          answer(done, (s) => finished(isTaskSessionFinished(s))),
        )
        return
      case 'job':
        em.replicaJobSession(
          id,
          trace,
          answer(done, (s) => finished(isJobSessionFinished(s))),
        )
        return
      case 'job-tasks':
        em.replicaJobSessionTaskSessions(
          id,
          trace,
          answer(
            done,
            // The list is final only once its job session has ended; that is known for free when the job
            // session itself is cached (and so finished).
            (items) => finished(this.cache.has(key('job', id)) && items.every(isTaskSessionFinished)),
            (items) => ({ items }),
          ),
        )
        return
      case 'server':
        // Backup servers change rarely (an upgrade changes the version), so they are cached briefly.
        em.backupServer(
          id,
          trace,
          answer(done, () => this.backupServerTtlMs),
        )
        return
    }
  }
}

/**
 * The callback that passes on a decoded lookup as its JSON (of `shape(value)`, the value itself by default) and
 * how long it may be cached, or its failure.
 */
function answer<T>(
  done: Done<Answer>,
  ttlOf: (value: T) => number,
  shape: (value: T) => unknown = (value) => value,
): Done<T> {
  return (...result) => {
    if (result[0] !== null) {
      done(result[0])
      return
    }
    let json: string
    let ttl: number
    try {
      json = JSON.stringify(shape(result[1]))
      ttl = ttlOf(result[1])
    } catch (error) {
      done(asError(error))
      return
    }
    done(null, { json, ttl })
  }
}
