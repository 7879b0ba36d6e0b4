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
  decodeQuery,
  decodeSession,
  type Parsed,
  parseBody,
  prettyBody,
  type QueryPage,
} from './decode.ts'
import { BffError } from './errors.ts'
import { type ListAnswer, ListReader } from './lists.ts'
import { type EmCaller, type EmConnection, statusError, type Trace } from './session.ts'
import { type EmResponse, MAX_BYTES } from './transport.ts'

/** A query of EM's query service: type, filter (EM's grammar, see query.ts), one sort key, one page. */
export type Query = {
  filter: string
  sort: `${'sortAsc' | 'sortDesc'}=${string}`
  pageSize: number
  page: number
}

/** One GET: what it reads (for error messages), where, and its body cap. `doing` marks a search. */
type Read = { kind: ResourceKind; path: string; maxBytes: number; doing?: string }

/** The BFF's reads from EM, on paths built only from validated GUIDs and its own queries (never an href). */
export class EmClient {
  /** Reads task lists, the big ones in a worker thread. */
  readonly lists = new ListReader()

  constructor(readonly em: EmConnection) {}

  taskSession(caller: EmCaller, kind: TaskSessionKind, id: string, trace: Trace): Promise<TaskSession> {
    return read(caller, entity(kind, id), trace).then((parsed) => decodeSession(parsed, kind, id))
  }

  jobSession(caller: EmCaller, kind: JobSessionKind, id: string, trace: Trace): Promise<JobSession> {
    return read(caller, entity(kind, id), trace).then((parsed) => decodeSession(parsed, kind, id))
  }

  /** A job session's task sessions, as the API answers it. */
  taskList(caller: EmCaller, kind: JobSessionKind, id: string, trace: Trace): Promise<ListAnswer> {
    const { segment, taskKind } = TASK_LIST[kind]
    const path = `/api/${RESOURCES[kind].segment}/${id}/${segment}?format=Entity`
    return this.list(caller, { kind, path, maxBytes: MAX_BYTES.list }, trace, taskKind)
  }

  /** The per-computer (AgentManagement) sessions of an agent backup job session, as the API answers it. */
  agentSessions(caller: EmCaller, id: string, trace: Trace): Promise<ListAnswer> {
    const kind = 'backupJobSession'
    const path = `/api/${RESOURCES[kind].segment}/${id}/agentManagementSessions?format=Entity`
    return this.list(caller, { kind, path, maxBytes: MAX_BYTES.list }, trace, kind)
  }

  private async list(caller: EmCaller, what: Read, trace: Trace, itemKind: SessionKind): Promise<ListAnswer> {
    const res = await get(caller, what, trace)
    return this.lists.read(res.body, res.headers['content-type'], itemKind)
  }

  backupServer(caller: EmCaller, id: string, trace: Trace): Promise<BackupServer> {
    return read(caller, entity('backupServer', id), trace).then((parsed) => decodeBackupServer(parsed, id))
  }

  taskQuery(
    caller: EmCaller,
    kind: TaskSessionKind,
    q: Query,
    trace: Trace,
  ): Promise<QueryPage<TaskSession>> {
    return read(caller, search(kind, q), trace).then((parsed) => decodeQuery(parsed, kind))
  }

  jobQuery(caller: EmCaller, kind: JobSessionKind, q: Query, trace: Trace): Promise<QueryPage<JobSession>> {
    return read(caller, search(kind, q), trace).then((parsed) => decodeQuery(parsed, kind))
  }

  /** EM's answer for a resource as it came (pretty-printed), for "Raw EM answer" and "Copy as curl". */
  async raw(caller: EmCaller, kind: ResourceKind, id: string, trace: Trace): Promise<RawAnswer> {
    const res = await get(caller, entity(kind, id), trace)
    return {
      method: 'GET',
      url: `${this.em.transport.origin}${entity(kind, id).path}`,
      accept: this.em.accept,
      status: res.status,
      contentType: res.headers['content-type'] ?? null,
      body: prettyBody(res.body, res.headers['content-type']),
    }
  }
}

function entity(kind: ResourceKind, id: string): Read {
  return { kind, path: `/api/${RESOURCES[kind].segment}/${id}?format=Entity`, maxBytes: MAX_BYTES.session }
}

/** Query pages are at most `pageSize` entities of a few kB: 4 MiB. */
function search(kind: SessionKind, q: Query): Read {
  const { urnType, label } = RESOURCES[kind]
  const path = `/api/query?type=${urnType}&format=Entities&${q.sort}&pageSize=${q.pageSize}&page=${q.page}&filter=${encodeURIComponent(q.filter)}`
  return { kind, path, maxBytes: 4 * 1024 * 1024, doing: `searching ${label}s` }
}

function read(caller: EmCaller, what: Read, trace: Trace): Promise<Parsed> {
  return get(caller, what, trace).then((res) => parseBody(res.body, res.headers['content-type']))
}

/** A 200, or the error for the answer: a 404 of an entity is not_found; the rest is statusError's. */
async function get(
  caller: EmCaller,
  { kind, path, maxBytes, doing }: Read,
  trace: Trace,
): Promise<EmResponse> {
  const res = await caller.get(path, trace, maxBytes)
  if (res.status === 200) return res
  const label = RESOURCES[kind].label
  if (res.status !== 404 || doing) throw statusError(res, doing ?? `reading this ${label}`, caller.who)
  const history =
    kind === 'backupServer'
      ? ''
      : ' EM keeps session history only for a limited time (its retention policy), so an older session may have been removed.'
  throw new BffError('not_found', `Enterprise Manager has no ${label} with this ID. Check the ID.${history}`)
}
