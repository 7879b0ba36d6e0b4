import {
  isJobSessionFinished,
  isTaskSessionFinished,
  type ReplicaJobSession,
  type ReplicaTaskSession,
} from '@ese/shared'
import { LRUCache } from 'lru-cache'
import type { EmClient } from './em/client.ts'
import type { Trace } from './em/session.ts'

/** What is looked up, as the cache keys it. */
export type LookupRoute = 'task' | 'job' | 'job-tasks' | 'server'

const key = (route: LookupRoute, id: string) => `${route}:${id}`

export type LookupOptions = {
  /** Total size of cached JSON, in characters. */
  cacheMaxChars?: number
  /** How long a finished session stays cached. It never changes, but EM may delete it (retention). */
  finishedTtlMs?: number
  /** Backup servers change rarely (an upgrade changes the version), so they are cached briefly. */
  backupServerTtlMs?: number
}

/**
 * The lookups the routes serve, answered as ready-to-send JSON. Finished sessions never change, so they are
 * cached (bounded LRU with a TTL); a running one never is. Concurrent identical lookups share one EM call.
 */
export class Lookups {
  private readonly cache: LRUCache<string, string>
  // Lookups on their way, by key. A plain object without a prototype rather than a Map: under load, a Map with one
  // entry set and deleted per lookup made V8 promote about 1.2 KB per lookup to the old generation (a full
  // mark-compact every second or two); this object does not (bench/findings.md, item 16). Keys are
  // `route:guid`, so never a name an object could mistake for something else.
  private readonly inflight: Record<string, Promise<string> | undefined> = Object.create(null)
  private readonly finishedTtlMs: number
  private readonly backupServerTtlMs: number

  constructor(
    private readonly em: EmClient,
    options: LookupOptions = {},
  ) {
    this.finishedTtlMs = options.finishedTtlMs ?? 10 * 60_000
    this.backupServerTtlMs = options.backupServerTtlMs ?? 60_000
    this.cache = new LRUCache<string, string>({
      maxSize: options.cacheMaxChars ?? 32 * 1024 * 1024,
      sizeCalculation: (json) => Math.max(1, json.length),
      ttl: this.finishedTtlMs,
      ttlAutopurge: false,
    })
  }

  replicaTaskSession(id: string, trace: Trace): Promise<string> {
    return this.lookup(key('task', id), async () => {
      const session = await this.em.replicaTaskSession(id, trace)
      return { json: JSON.stringify(session), ttl: isTaskSessionFinished(session) ? this.finishedTtlMs : 0 }
    })
  }

  replicaJobSession(id: string, trace: Trace): Promise<string> {
    return this.lookup(key('job', id), async () => {
      const session: ReplicaJobSession = await this.em.replicaJobSession(id, trace)
      return { json: JSON.stringify(session), ttl: isJobSessionFinished(session) ? this.finishedTtlMs : 0 }
    })
  }

  replicaJobSessionTaskSessions(id: string, trace: Trace): Promise<string> {
    return this.lookup(key('job-tasks', id), async () => {
      const items: ReplicaTaskSession[] = await this.em.replicaJobSessionTaskSessions(id, trace)
      // The list is final only once its job session has ended; that is known for free when the job session
      // itself is cached (and so finished).
      const final = this.cache.has(key('job', id)) && items.every(isTaskSessionFinished)
      return { json: JSON.stringify({ items }), ttl: final ? this.finishedTtlMs : 0 }
    })
  }

  backupServer(id: string, trace: Trace): Promise<string> {
    return this.lookup(key('server', id), async () => {
      const server = await this.em.backupServer(id, trace)
      return { json: JSON.stringify(server), ttl: this.backupServerTtlMs }
    })
  }

  /** A lookup by route: the app's routes and the fast path (lookup-fast-path.ts) both come through here. */
  load(route: LookupRoute, id: string, trace: Trace): Promise<string> {
    switch (route) {
      case 'task':
        return this.replicaTaskSession(id, trace)
      case 'job':
        return this.replicaJobSession(id, trace)
      case 'job-tasks':
        return this.replicaJobSessionTaskSessions(id, trace)
      case 'server':
        return this.backupServer(id, trace)
    }
  }

  /** The cached answer for a lookup, if there is one; never calls EM. */
  cached(route: LookupRoute, id: string): string | undefined {
    return this.cache.get(key(route, id))
  }

  private lookup(k: string, load: () => Promise<{ json: string; ttl: number }>): Promise<string> {
    const cached = this.cache.get(k)
    if (cached !== undefined) return Promise.resolve(cached)
    const running = this.inflight[k]
    if (running) return running
    const flight = load()
      .then(({ json, ttl }) => {
        if (ttl > 0) this.cache.set(k, json, { ttl })
        return json
      })
      .finally(() => {
        delete this.inflight[k]
      })
    this.inflight[k] = flight
    return flight
  }
}
