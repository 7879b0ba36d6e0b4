import { gunzipSync } from 'node:zlib'
import {
  isJobSessionFinished,
  isJobSessionKind,
  isTaskSessionFinished,
  type JobSession,
  type JobSessionKind,
  type ResourceKind,
  type TaskSession,
  type TaskSessionKind,
} from '@ese/shared'
import type { Answer } from './answers.ts'
import type { EmClient } from './em/client.ts'
import type { ListAnswer } from './em/lists.ts'
import type { EmCaller, Trace } from './em/session.ts'
import type { Lookups } from './lookups.ts'

/**
 * The reads the routes serve, as JSON through the cache (lookups.ts), keyed by the caller's scope: a finished
 * session is cached long, a running one for the shared running window, the rest as their TTLs say.
 */
export class Reads {
  constructor(
    readonly client: EmClient,
    readonly lookups: Lookups,
  ) {}

  /** A session or backup server as JSON. */
  resource(caller: EmCaller, kind: ResourceKind, id: string, trace: Trace): Promise<Answer> {
    const { client } = this
    if (kind === 'backupServer') {
      const ttl = { ttl: this.lookups.ttl.serverTtlMs }
      return this.load(
        caller,
        kind,
        id,
        () => client.backupServer(caller, id, trace),
        () => ttl,
      )
    }
    if (isJobSessionKind(kind)) {
      const fetch = () => client.jobSession(caller, kind, id, trace)
      return this.load(caller, kind, id, fetch, (s) => this.sessionTtl(isJobSessionFinished(s)))
    }
    const fetch = () => client.taskSession(caller, kind, id, trace)
    return this.load(caller, kind, id, fetch, (s) => this.sessionTtl(isTaskSessionFinished(s)))
  }

  /** A job session's task list is final only once the job session has ended (known when it is cached so). */
  taskList(caller: EmCaller, kind: JobSessionKind, id: string, trace: Trace): Promise<Answer> {
    const fetch = () => this.client.taskList(caller, kind, id, trace)
    return this.loadList(caller, kind, `${kind}-tasks`, id, fetch)
  }

  /** An agent backup's per-computer sessions: final once the parent and every child have ended. */
  agentSessions(caller: EmCaller, id: string, trace: Trace): Promise<Answer> {
    const fetch = () => this.client.agentSessions(caller, id, trace)
    return this.loadList(caller, 'backupJobSession', 'agent-sessions', id, fetch)
  }

  async taskSession(caller: EmCaller, kind: TaskSessionKind, id: string, trace: Trace): Promise<TaskSession> {
    return parse(await this.resource(caller, kind, id, trace)) as TaskSession
  }

  async jobSession(caller: EmCaller, kind: JobSessionKind, id: string, trace: Trace): Promise<JobSession> {
    return parse(await this.resource(caller, kind, id, trace)) as JobSession
  }

  /** An explorer answer (a query), cached for the query window. */
  query<T>(caller: EmCaller, what: string, id: string, fetch: () => Promise<T>): Promise<Answer> {
    return this.load(caller, what, id, fetch, () => ({ ttl: this.lookups.ttl.queryTtlMs }))
  }

  /** Which kind a GUID is never changes: a resolved GUID is remembered as long as a finished session. */
  resolved<T>(caller: EmCaller, id: string, fetch: () => Promise<T>): Promise<Answer> {
    const ttl = { ttl: this.lookups.ttl.finishedTtlMs, finished: true }
    return this.load(caller, 'resolve', id, fetch, () => ttl)
  }

  private load<T>(
    caller: EmCaller,
    what: string,
    id: string,
    fetch: () => Promise<T>,
    ttlOf: (value: T) => { ttl: number; finished?: boolean },
  ): Promise<Answer> {
    return this.lookups.load(key(caller, what, id), fetch, ttlOf)
  }

  /** A job session's list, which comes answered: final once the job session and every item have ended. */
  private loadList(
    caller: EmCaller,
    kind: JobSessionKind,
    what: string,
    id: string,
    fetch: () => Promise<ListAnswer>,
  ): Promise<Answer> {
    const ttlOf = (list: ListAnswer) => this.sessionTtl(this.isFinished(caller, kind, id) && list.allFinished)
    return this.lookups.load(key(caller, what, id), fetch, ttlOf, async (list) => list.answer)
  }

  private isFinished(caller: EmCaller, what: string, id: string): boolean {
    return this.lookups.isFinished(key(caller, what, id))
  }

  private sessionTtl(finished: boolean): { ttl: number; finished: boolean } {
    return { ttl: finished ? this.lookups.ttl.finishedTtlMs : this.lookups.ttl.runningTtlMs, finished }
  }
}

/** A cache key: the caller's scope first, so nothing fetched as one user is served to another. */
function key(caller: EmCaller, what: string, id: string): string {
  return `${caller.scope}|${what}|${id}`
}

/** The value of a cached answer (a large one is gzipped). */
function parse(answer: Answer): unknown {
  return JSON.parse(typeof answer === 'string' ? answer : gunzipSync(answer).toString('utf8'))
}
