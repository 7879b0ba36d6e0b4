import {
  type BackupServer,
  type JobSession,
  type JobSessionKind,
  type RawAnswer,
  RESOURCES,
  type ResourceKind,
  type SessionKind,
  TASK_LIST,
  type TaskSession,
  type TaskSessionKind,
} from '@ese/shared'
import {
  decodeBackupServer,
  decodeJobQuery,
  decodeJobSession,
  decodeJobSessionList,
  decodeTaskQuery,
  decodeTaskSession,
  decodeTaskSessionList,
  type Parsed,
  parseBody,
  prettyBody,
  type QueryPage,
} from './decode.ts'
import { BffError } from './errors.ts'
import type { EmCaller, EmConnection, Trace } from './session.ts'
import { statusError } from './session.ts'
import { type EmResponse, MAX_BYTES } from './transport.ts'

/** A query of EM's query service: type, filter (EM's grammar, see query.ts), one sort key, one page. */
export type Query = {
  filter: string
  sort: `${'sortAsc' | 'sortDesc'}=${string}`
  pageSize: number
  page: number
}

/** Query pages are at most `pageSize` entities of a few kB. */
const MAX_QUERY_BYTES = 4 * 1024 * 1024

/**
 * The BFF's reads from EM: builds the handful of paths it may call from validated GUIDs and its own query
 * strings, and decodes the answers. It never follows an href from a response.
 */
export class EmClient {
  constructor(readonly em: EmConnection) {}

  taskSession(caller: EmCaller, kind: TaskSessionKind, id: string, trace: Trace): Promise<TaskSession> {
    return this.read(caller, kind, `${entityPath(kind, id)}`, trace, MAX_BYTES.session, (p) =>
      decodeTaskSession(p, kind, id),
    )
  }

  jobSession(caller: EmCaller, kind: JobSessionKind, id: string, trace: Trace): Promise<JobSession> {
    return this.read(caller, kind, entityPath(kind, id), trace, MAX_BYTES.session, (p) =>
      decodeJobSession(p, kind, id),
    )
  }

  taskList(caller: EmCaller, kind: JobSessionKind, id: string, trace: Trace): Promise<TaskSession[]> {
    const { segment, taskKind } = TASK_LIST[kind]
    const path = `/api/${RESOURCES[kind].segment}/${id}/${segment}?format=Entity`
    return this.read(caller, kind, path, trace, MAX_BYTES.list, (p) => decodeTaskSessionList(p, taskKind))
  }

  /** The per-computer (AgentManagement) sessions of an agent backup job session. */
  agentSessions(caller: EmCaller, id: string, trace: Trace): Promise<JobSession[]> {
    const path = `/api/${RESOURCES.backupJobSession.segment}/${id}/agentManagementSessions?format=Entity`
    return this.read(caller, 'backupJobSession', path, trace, MAX_BYTES.list, (p) =>
      decodeJobSessionList(p, 'backupJobSession'),
    )
  }

  backupServer(caller: EmCaller, id: string, trace: Trace): Promise<BackupServer> {
    return this.read(caller, 'backupServer', entityPath('backupServer', id), trace, MAX_BYTES.session, (p) =>
      decodeBackupServer(p, id),
    )
  }

  taskQuery(
    caller: EmCaller,
    kind: TaskSessionKind,
    q: Query,
    trace: Trace,
  ): Promise<QueryPage<TaskSession>> {
    return this.query(caller, kind, q, trace, (p) => decodeTaskQuery(p, kind))
  }

  jobQuery(caller: EmCaller, kind: JobSessionKind, q: Query, trace: Trace): Promise<QueryPage<JobSession>> {
    return this.query(caller, kind, q, trace, (p) => decodeJobQuery(p, kind))
  }

  /** EM's answer for a resource as it came (pretty-printed), for "Raw EM answer" and "Copy as curl". */
  async raw(caller: EmCaller, kind: ResourceKind, id: string, trace: Trace): Promise<RawAnswer> {
    const path = entityPath(kind, id)
    const res = await caller.get(path, trace, MAX_BYTES.session)
    if (res.status !== 200) throw answerError(res, kind, caller)
    return {
      method: 'GET',
      url: `${this.em.transport.origin}${path}`,
      accept: this.em.accept,
      status: res.status,
      contentType: res.headers['content-type'] ?? null,
      body: prettyBody(res.body, res.headers['content-type']),
    }
  }

  private query<T>(
    caller: EmCaller,
    kind: SessionKind,
    q: Query,
    trace: Trace,
    decode: (p: Parsed) => QueryPage<T>,
  ): Promise<QueryPage<T>> {
    const type = RESOURCES[kind].urnType
    const path = `/api/query?type=${type}&format=Entities&${q.sort}&pageSize=${q.pageSize}&page=${q.page}&filter=${encodeURIComponent(q.filter)}`
    return this.read(
      caller,
      kind,
      path,
      trace,
      MAX_QUERY_BYTES,
      decode,
      `searching ${RESOURCES[kind].label}s`,
    )
  }

  private async read<T>(
    caller: EmCaller,
    kind: ResourceKind,
    path: string,
    trace: Trace,
    maxBytes: number,
    decode: (parsed: Parsed) => T,
    doing?: string,
  ): Promise<T> {
    const res = await caller.get(path, trace, maxBytes)
    if (res.status !== 200) throw answerError(res, kind, caller, doing)
    return decode(parseBody(res.body, res.headers['content-type']))
  }
}

function entityPath(kind: ResourceKind, id: string): string {
  return `/api/${RESOURCES[kind].segment}/${id}?format=Entity`
}

function answerError(res: EmResponse, kind: ResourceKind, caller: EmCaller, doing?: string): BffError {
  const label = RESOURCES[kind].label
  if (res.status === 404 && !doing) {
    const history =
      kind === 'backupServer'
        ? ''
        : ' EM keeps session history only for a limited time (its retention policy), so an older session may have been removed.'
    return new BffError(
      'not_found',
      `Enterprise Manager has no ${label} with this ID. Check the ID.${history}`,
    )
  }
  return statusError(res, doing ?? `reading this ${label}`, caller.who)
}
