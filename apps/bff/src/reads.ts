import {
  isJobSessionFinished,
  isJobSessionKind,
  isTaskSessionFinished,
  type JobSession,
  type JobSessionKind,
  type SessionKind,
  type TaskSession,
  type TaskSessionKind,
} from '@ese/shared'
import type { EmClient } from './em/client.ts'
import type { EmCaller, Trace } from './em/session.ts'
import type { Lookups } from './lookups.ts'

/**
 * The reads the routes serve, as JSON through the cache (lookups.ts), keyed by the caller's scope: a finished
 * session is cached long, a running one for the shared running window, and the rest as their TTLs say.
 */
export class Reads {
  constructor(
    readonly client: EmClient,
    readonly lookups: Lookups,
  ) {}

  taskSessionJson(caller: EmCaller, kind: TaskSessionKind, id: string, trace: Trace): Promise<string> {
    return this.lookups.load(
      key(caller, kind, id),
      () => this.client.taskSession(caller, kind, id, trace),
      (s) => this.sessionTtl(isTaskSessionFinished(s)),
    )
  }

  jobSessionJson(caller: EmCaller, kind: JobSessionKind, id: string, trace: Trace): Promise<string> {
    return this.lookups.load(
      key(caller, kind, id),
      () => this.client.jobSession(caller, kind, id, trace),
      (s) => this.sessionTtl(isJobSessionFinished(s)),
    )
  }

  /** A job session's task list is final only once the job session has ended (known when it is cached so). */
  taskListJson(caller: EmCaller, kind: JobSessionKind, id: string, trace: Trace): Promise<string> {
    return this.lookups.load(
      key(caller, `${kind}-tasks`, id),
      () => this.client.taskList(caller, kind, id, trace).then((items) => ({ items })),
      ({ items }) =>
        this.sessionTtl(this.lookups.isFinished(key(caller, kind, id)) && items.every(isTaskSessionFinished)),
    )
  }

  /** An agent backup's per-computer sessions: final once the parent and every child have ended. */
  agentSessionsJson(caller: EmCaller, id: string, trace: Trace): Promise<string> {
    return this.lookups.load(
      key(caller, 'agent-sessions', id),
      () => this.client.agentSessions(caller, id, trace).then((items) => ({ items })),
      ({ items }) =>
        this.sessionTtl(
          this.lookups.isFinished(key(caller, 'backupJobSession', id)) && items.every(isJobSessionFinished),
        ),
    )
  }

  backupServerJson(caller: EmCaller, id: string, trace: Trace): Promise<string> {
    return this.lookups.load(
      key(caller, 'backupServer', id),
      () => this.client.backupServer(caller, id, trace),
      () => ({ ttl: this.lookups.ttl.serverTtlMs }),
    )
  }

  async taskSession(caller: EmCaller, kind: TaskSessionKind, id: string, trace: Trace): Promise<TaskSession> {
    return JSON.parse(await this.taskSessionJson(caller, kind, id, trace)) as TaskSession
  }

  async jobSession(caller: EmCaller, kind: JobSessionKind, id: string, trace: Trace): Promise<JobSession> {
    return JSON.parse(await this.jobSessionJson(caller, kind, id, trace)) as JobSession
  }

  session(caller: EmCaller, kind: SessionKind, id: string, trace: Trace): Promise<string> {
    return isJobSessionKind(kind)
      ? this.jobSessionJson(caller, kind, id, trace)
      : this.taskSessionJson(caller, kind, id, trace)
  }

  /** An explorer answer (a query), cached for the query window. */
  query<T>(caller: EmCaller, what: string, id: string, fetch: () => Promise<T>): Promise<string> {
    return this.lookups.load(key(caller, what, id), fetch, () => ({ ttl: this.lookups.ttl.queryTtlMs }))
  }

  /** Which kind a GUID is never changes: a resolved GUID is remembered as long as a finished session. */
  resolved<T>(caller: EmCaller, id: string, fetch: () => Promise<T>): Promise<string> {
    return this.lookups.load(key(caller, 'resolve', id), fetch, () => ({
      ttl: this.lookups.ttl.finishedTtlMs,
      finished: true,
    }))
  }

  private sessionTtl(finished: boolean): { ttl: number; finished: boolean } {
    return { ttl: finished ? this.lookups.ttl.finishedTtlMs : this.lookups.ttl.runningTtlMs, finished }
  }
}

function key(caller: EmCaller, what: string, id: string): string {
  return `${caller.scope}|${what}|${id}`
}
