/**
 * The `/api` request pipeline: counting, latency, outage, routing (404/405), authentication (401), the account's
 * role (403), injected failures (500), the handler (which applies a Portal User's job scope), then payload faults
 * on 200 answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  type Account,
  findAccount,
  type LogonSession,
  parseBasic,
  presentedToken,
  type SessionStore,
  TOKEN_NAME,
} from './auth.ts'
import { type DemoStore, RETENTION_MS } from './data/demo.ts'
import {
  type JobSessionPlan,
  type JobSessionView,
  rootJob,
  type SessionKind,
  type TaskSessionView,
  viewJobSession,
  viewTask,
} from './data/model.ts'
import { jobSchedule } from './data/schedule.ts'
import {
  BACKUP_SERVER,
  collection,
  type Doc,
  entryPointDoc,
  errorDoc,
  JOB_SESSION,
  jobKind,
  logonSessionDoc,
  logonSessionsDoc,
  queryResult,
  single,
  TASK_SESSION,
} from './docs.ts'
import { type ActiveStreams, writePayloadFault } from './faults.ts'
import { errorInfo, type Format, formatOf, render, send, sendError } from './http.ts'
import { type Ctx, VOCAB } from './links.ts'
import { BACKUP_SERVER_FIELDS, JOB_FIELDS, JOB_SESSION_FIELDS, TASK_SESSION_FIELDS } from './query/fields.ts'
import { QueryError } from './query/filter.ts'
import { type Params, paramsOf } from './query/params.ts'
import { runQuery } from './query/run.ts'
import type { Faults, JsonCase, UserCounters, UserRole } from './types.ts'
import { parseGuid } from './util/guid.ts'

export class CounterState {
  logons = 0
  logoffs = 0
  failedLogons = 0
  requests = 0
  byPath: Record<string, number> = {}
  byUser: Record<string, UserCounters> = {}

  request(method: string, path: string): void {
    this.requests += 1
    const key = `${method} ${path}`
    this.byPath[key] = (this.byPath[key] ?? 0) + 1
  }

  user(name: string): UserCounters {
    let c = this.byUser[name]
    if (!c) {
      c = { logons: 0, logoffs: 0, failedLogons: 0 }
      this.byUser[name] = c
    }
    return c
  }

  reset(): void {
    this.logons = 0
    this.logoffs = 0
    this.failedLogons = 0
    this.requests = 0
    this.byPath = {}
    this.byUser = {}
  }
}

export type ApiDeps = {
  store: DemoStore
  sessions: SessionStore
  now: () => number
  accounts: readonly Account[]
  faults: () => Faults
  /** The JSON key casing in force (switchable at run time). */
  jsonCase: () => JsonCase
  counters: CounterState
  /** Uniform [0, 1) used for failureRate (seeded, so a run is reproducible). */
  random: () => number
  streams: ActiveStreams
  tls: boolean
  /** host:port of the listener, used when a request has no usable Host header. */
  fallbackHost: () => string
  /** Pending latency timers, cleared on close. */
  sleep: (ms: number) => Promise<void>
}

/**
 * What a resource route reads, for the role table (security_roles_concept; SESSIONS_QUERIES_ROLES §4.1):
 * backup and replica sessions, backup servers, jobs, or the query service (decided per query type).
 */
type Right = 'sessions' | 'servers' | 'jobs' | 'query'

/**
 * Who may call a route: `public` (entry point, logon), `session` (logonSessions: needs a token but is not a
 * resource call, so faults and roles do not apply), or a resource right.
 */
type Access = 'public' | 'session' | Right

const RIGHTS: Record<UserRole, ReadonlySet<Right>> = {
  PortalAdministrator: new Set(['sessions', 'servers', 'jobs', 'query']),
  PortalUser: new Set(['sessions', 'servers', 'query']),
  // Restore operators may query RestoreSession only, which the simulator does not serve.
  RestoreOperator: new Set(['query']),
  None: new Set(),
}

type Request = {
  ctx: Ctx
  params: Params
  ids: string[]
  now: number
  format: Format
  session: LogonSession | null
  req: IncomingMessage
}

type Answer = { status: number; doc?: Doc; headers?: Record<string, string> }
type Handler = (r: Request) => Answer

type Route = { pattern: RegExp; access: Access; methods: Record<string, Handler> }

const UNAUTHORIZED_HEADERS = { 'WWW-Authenticate': 'Basic Realm=RestSvc' }
/** "Access denied error with the 403 Forbidden status code" (authentication_and_security.md). */
const ACCESS_DENIED = 'Access denied.'

export function createApiHandler(deps: ApiDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const routes = buildRoutes(deps)
  return (req, res) => {
    handle(deps, routes, req, res).catch((err: unknown) => {
      console.error('em-simulator: request failed', err)
      if (!res.headersSent)
        sendError(res, formatOf(req.headers, deps.jsonCase()), 500, 'Internal simulator error.')
      else res.destroy()
    })
  }
}

async function handle(
  deps: ApiDeps,
  routes: Route[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = req.method ?? 'GET'
  const rawUrl = req.url ?? '/'
  const queryAt = rawUrl.indexOf('?')
  const pathname = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt)
  deps.counters.request(method, pathname)
  const format = formatOf(req.headers, deps.jsonCase())
  // Drain any request body: EM's GETs have none, and logon takes no body for plain accounts.
  req.resume()

  if (!/^\/api(\/|$)/i.test(pathname)) {
    sendError(res, format, 404, `The resource '${pathname}' does not exist.`)
    return
  }
  const faults = deps.faults()
  if (faults.latencyMs > 0) await deps.sleep(faults.latencyMs)
  if (res.destroyed) return
  if (faults.down === '503') {
    sendError(res, format, 503, 'The Veeam Backup Enterprise Manager REST API service is unavailable.')
    return
  }

  const rest = pathname.replace(/^\/api\/?/i, '').replace(/\/+$/, '')
  let match: { route: Route; ids: string[] } | null = null
  for (const route of routes) {
    const m = route.pattern.exec(rest)
    if (m) {
      match = { route, ids: m.slice(1).map((s) => safeDecode(s)) }
      break
    }
  }
  if (!match) {
    sendError(res, format, 404, `The resource '${pathname}' does not exist.`)
    return
  }
  const handler = match.route.methods[method]
  if (!handler) {
    sendError(res, format, 405, `Method '${method}' is not allowed for '${pathname}'.`, {
      Allow: Object.keys(match.route.methods).join(', '),
    })
    return
  }

  const { access } = match.route
  let session: LogonSession | null = null
  if (access !== 'public') {
    const token = presentedToken(req.headers)
    session = token ? deps.sessions.authenticate(token) : null
    if (!session) {
      sendError(
        res,
        format,
        401,
        token
          ? 'The logon session has expired or does not exist. Log on again.'
          : `The authorization header has been expected but not found: send the ${TOKEN_NAME} header.`,
        UNAUTHORIZED_HEADERS,
      )
      return
    }
  }
  const resource = access !== 'public' && access !== 'session'
  if (resource && session) {
    const { role } = session.account
    if (role === 'None') {
      sendError(
        res,
        format,
        403,
        `Access denied. The account '${session.userName}' has no role in Veeam Backup Enterprise Manager.`,
      )
      return
    }
    if (!RIGHTS[role].has(access)) {
      sendError(res, format, 403, ACCESS_DENIED)
      return
    }
  }
  if (resource && faults.failureRate > 0 && deps.random() < faults.failureRate) {
    const message = 'Object reference not set to an instance of an object.'
    sendError(res, format, 500, message, {}, message)
    return
  }

  const host = req.headers.host
  const ctx: Ctx = {
    origin: `${deps.tls ? 'https' : 'http'}://${host && /^[A-Za-z0-9.\-:[\]]+$/.test(host) ? host : deps.fallbackHost()}`,
  }
  const params = paramsOf(new URL(rawUrl, 'http://localhost').searchParams)
  let answer: Answer
  try {
    answer = handler({ ctx, params, ids: match.ids, now: deps.now(), format, session, req })
  } catch (err) {
    if (err instanceof QueryError) {
      sendError(res, format, 400, err.message)
      return
    }
    throw err
  }
  if (!answer.doc) {
    send(res, answer.status, null, answer.headers)
    return
  }
  const body = render(answer.doc, format)
  if (resource && answer.status === 200 && faults.payload) {
    writePayloadFault(
      res,
      faults.payload,
      { ...body, json: format !== 'xml' },
      { Server: 'Microsoft-HTTPAPI/2.0', ...answer.headers },
      faults.oversizedBytes,
      deps.streams,
    )
    return
  }
  send(res, answer.status, body, answer.headers)
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

const ok = (doc: Doc): Answer => ({ status: 200, doc })

function error(status: number, message: string): Doc {
  return errorDoc(errorInfo(status, message))
}

const fail = (status: number, message: string): Answer => ({ status, doc: error(status, message) })
const denied = (): Answer => fail(403, ACCESS_DENIED)

/** The `{ID}` of a resource path: a malformed one is a 400 (DECISIONS), a lower-cased GUID otherwise. */
function idOf(r: Request, i = 0): string {
  const raw = r.ids[i] ?? ''
  const id = parseGuid(raw)
  if (!id) throw new BadId(raw)
  return id
}

class BadId extends Error {
  constructor(readonly raw: string) {
    super(`'${raw}' is not a valid ID: a GUID such as 24590151-20cd-4e57-8a2f-8b65869a1879 is expected.`)
  }
}

/** `?format=Entity` (value case-insensitive) asks for the entity; anything else gives the reference. */
function wantsEntity(params: Params): boolean {
  const f = params.get('format')?.toLowerCase()
  return f === 'entity' || f === 'entities'
}

/**
 * Whether the caller may read a session: every session for a Portal Administrator, the sessions of its jobs for
 * a Portal User limited to some (an agent computer's session counts under its AgentBackup job).
 */
function visible(r: Request, session: JobSessionPlan): boolean {
  const scope = r.session?.account.jobNames
  return !scope || scope.has(rootJob(session.job).name.toLowerCase())
}

const LABELS: Record<SessionKind, { task: string; job: string }> = {
  replica: { task: 'Replica task session', job: 'Replica job session' },
  backup: { task: 'Backup task session', job: 'Backup job session' },
}

/** The query types the simulator answers, with the roles that may run each (SESSIONS_QUERIES_ROLES §4.1). */
const SESSION_QUERY_ROLES: readonly UserRole[] = ['PortalAdministrator', 'PortalUser']
const QUERY_ROLES: Record<string, readonly UserRole[]> = {
  replicatasksession: SESSION_QUERY_ROLES,
  replicajobsession: SESSION_QUERY_ROLES,
  backuptasksession: SESSION_QUERY_ROLES,
  backupjobsession: SESSION_QUERY_ROLES,
  backupserver: SESSION_QUERY_ROLES,
  job: ['PortalAdministrator'],
}
/** An admin-only type the simulator does not serve: a 403 for everyone else, as EM would answer; 400 for admins. */
const ADMIN_ONLY_QUERY_TYPES = new Set(['objectinjob'])

function buildRoutes(deps: ApiDeps): Route[] {
  const { store, sessions } = deps
  const withIds =
    (h: Handler): Handler =>
    (r) => {
      try {
        return h(r)
      } catch (err) {
        if (err instanceof BadId) return fail(400, err.message)
        throw err
      }
    }

  /** The job sessions of a kind the caller may read that exist at `now`. */
  const readable = (r: Request, kind: SessionKind): JobSessionPlan[] => {
    const all = store.jobSessions(r.now, kind)
    return r.session?.account.jobNames ? all.filter((s) => visible(r, s)) : all
  }
  /** Task sessions created within the last 30 days that exist at `now`, of the given job sessions. */
  const recentTasks = (r: Request, sessionsOf: JobSessionPlan[]): TaskSessionView[] => {
    const cutoff = r.now - RETENTION_MS
    const out: TaskSessionView[] = []
    for (const session of sessionsOf) {
      for (const task of session.tasks) {
        if (task.created < cutoff) continue
        const v = viewTask(session, task, r.now)
        if (v) out.push(v)
      }
    }
    return out
  }
  const recentJobSessions = (r: Request, sessionsOf: JobSessionPlan[]): JobSessionView[] => {
    const cutoff = r.now - RETENTION_MS
    const out: JobSessionView[] = []
    for (const s of sessionsOf) {
      if (s.created < cutoff) continue
      const v = viewJobSession(s, r.now)
      if (v) out.push(v)
    }
    return out
  }
  const findJobSession = (r: Request, kind: SessionKind): JobSessionPlan | null => {
    const s = store.findJobSession(idOf(r), r.now)
    return s && s.job.kind === kind ? s : null
  }

  const taskSessionRoutes = (kind: SessionKind): Route[] => {
    const { taskPath } = VOCAB[kind]
    return [
      route(taskPath, 'sessions', {
        GET: (r) =>
          ok(collection(TASK_SESSION[kind], r.ctx, recentTasks(r, readable(r, kind)), wantsEntity(r.params))),
      }),
      route(`${taskPath}/${ID}`, 'sessions', {
        GET: (r) => {
          const hit = store.findTask(idOf(r), r.now)
          const v = hit && hit.session.job.kind === kind ? viewTask(hit.session, hit.task, r.now) : null
          if (!v) return fail(404, `${LABELS[kind].task} '${r.ids[0]}' was not found.`)
          if (!visible(r, v.session)) return denied()
          return ok(single(TASK_SESSION[kind], r.ctx, v, wantsEntity(r.params)))
        },
      }),
    ]
  }

  const jobSessionRoutes = (kind: SessionKind): Route[] => {
    const { jobPath, childPath } = VOCAB[kind]
    const notFound = (r: Request): Answer => fail(404, `${LABELS[kind].job} '${r.ids[0]}' was not found.`)
    return [
      route(jobPath, 'sessions', {
        GET: (r) =>
          ok(
            collection(
              JOB_SESSION[kind],
              r.ctx,
              recentJobSessions(r, readable(r, kind)),
              wantsEntity(r.params),
            ),
          ),
      }),
      route(`${jobPath}/${ID}`, 'sessions', {
        GET: (r) => {
          const s = findJobSession(r, kind)
          const v = s && viewJobSession(s, r.now)
          if (!s || !v) return notFound(r)
          if (!visible(r, s)) return denied()
          return ok(single(JOB_SESSION[kind], r.ctx, v, wantsEntity(r.params)))
        },
      }),
      route(`${jobPath}/${ID}/${childPath}`, 'sessions', {
        GET: (r) => {
          const s = findJobSession(r, kind)
          if (!s) return notFound(r)
          if (!visible(r, s)) return denied()
          // The 30-day rule applies to the child list too (get_replicasessions_id_replicatasksessions.md). An
          // AgentBackup session owns no tasks: its computers' AgentManagement sessions do.
          return ok(collection(TASK_SESSION[kind], r.ctx, recentTasks(r, [s]), wantsEntity(r.params)))
        },
      }),
    ]
  }

  /** A backup session collection restricted to some job types (agents, file shares). */
  const backupSessionsOfType = (types: readonly string[]): Handler => {
    const set = new Set(types)
    return (r) =>
      ok(
        collection(
          JOB_SESSION.backup,
          r.ctx,
          recentJobSessions(
            r,
            readable(r, 'backup').filter((s) => set.has(s.job.jobType)),
          ),
          wantsEntity(r.params),
        ),
      )
  }

  /** `/jobs/{ID}/backupSessions` and `/jobs/{ID}/replicaSessions`: a job's sessions (empty for the other kind). */
  const sessionsOfJob =
    (kind: SessionKind): Handler =>
    (r) => {
      const job = store.findJob(idOf(r))
      if (!job) return fail(404, `Job '${r.ids[0]}' was not found.`)
      const own = job.kind === kind ? store.jobSessions(r.now, kind).filter((s) => s.job.id === job.id) : []
      return ok(collection(JOB_SESSION[kind], r.ctx, recentJobSessions(r, own), wantsEntity(r.params)))
    }

  const logon: Handler = (r) => {
    // The entry point advertises v1_5, v1_6 and v1_7 (plus `latest`); no `v` means latest (DECISIONS). Any
    // other version is refused with 400, our choice where the docs are silent (EM_API_FACTS §9 q9).
    const v = r.params.get('v')
    if (v !== null && !['latest', 'v1_5', 'v1_6', 'v1_7'].includes(v.toLowerCase())) {
      return fail(
        400,
        `The REST API version '${v}' is not supported. Supported versions: v1_5, v1_6, v1_7, latest.`,
      )
    }
    const basic = parseBasic(r.req.headers.authorization)
    const account = basic ? findAccount(deps.accounts, basic.user) : null
    // Account names compare case-insensitively (Windows accounts); passwords do not.
    if (!basic || !account || basic.password !== account.password) {
      deps.counters.failedLogons += 1
      if (account) deps.counters.user(account.name).failedLogons += 1
      return {
        status: 401,
        doc: error(
          401,
          basic
            ? 'The user name or password is incorrect.'
            : 'The authorization header has been expected but not found.',
        ),
        headers: UNAUTHORIZED_HEADERS,
      }
    }
    const session = sessions.create(account)
    deps.counters.logons += 1
    deps.counters.user(account.name).logons += 1
    return {
      status: 201,
      doc: logonSessionDoc(r.ctx, session.id, session.userName),
      headers: {
        [TOKEN_NAME]: session.token,
        'Set-Cookie': `${TOKEN_NAME}=${session.token}; Path=/api`,
        Location: `${r.ctx.origin}/api/logonSessions/${session.id}`,
      },
    }
  }

  const query: Handler = (r) => {
    const type = r.params.get('type')
    if (!type) throw new QueryError('The type parameter is required, for example type=ReplicaTaskSession.')
    const lower = type.toLowerCase()
    const role = r.session?.account.role ?? 'None'
    const allowed =
      QUERY_ROLES[lower]?.includes(role) ??
      (!ADMIN_ONLY_QUERY_TYPES.has(lower) || role === 'PortalAdministrator')
    if (!allowed) return denied()
    const taskQuery = (kind: SessionKind): Answer => {
      const q = runQuery(
        r.ctx,
        VOCAB[kind].task,
        recentTasks(r, readable(r, kind)),
        TASK_SESSION_FIELDS[kind],
        r.params,
      )
      return ok(queryResult(TASK_SESSION[kind], r.ctx, q.items, q.entity, q.paging))
    }
    const jobSessionQuery = (kind: SessionKind): Answer => {
      const q = runQuery(
        r.ctx,
        VOCAB[kind].job,
        recentJobSessions(r, readable(r, kind)),
        JOB_SESSION_FIELDS[kind],
        r.params,
      )
      return ok(queryResult(JOB_SESSION[kind], r.ctx, q.items, q.entity, q.paging))
    }
    switch (lower) {
      case 'replicatasksession':
        return taskQuery('replica')
      case 'replicajobsession':
        return jobSessionQuery('replica')
      case 'backuptasksession':
        return taskQuery('backup')
      case 'backupjobsession':
        return jobSessionQuery('backup')
      case 'backupserver': {
        const q = runQuery(r.ctx, 'BackupServer', store.servers, BACKUP_SERVER_FIELDS, r.params)
        return ok(queryResult(BACKUP_SERVER, r.ctx, q.items, q.entity, q.paging))
      }
      case 'job': {
        const jobs = store.jobs.map((job) => ({ job, nextRun: jobSchedule(job, r.now).nextRun }))
        const q = runQuery(r.ctx, 'Job', jobs, JOB_FIELDS, r.params)
        return ok(
          queryResult(
            jobKind(r.now),
            r.ctx,
            q.items.map((j) => j.job),
            q.entity,
            q.paging,
          ),
        )
      }
      default:
        throw new QueryError(
          `Query type '${type}' is not supported by this simulator (ReplicaTaskSession, ReplicaJobSession, BackupTaskSession, BackupJobSession, BackupServer, Job).`,
        )
    }
  }

  const ID = '([^/]+)'
  function route(path: string, access: Access, methods: Record<string, Handler>): Route {
    return {
      // WCF matches literal path segments case-insensitively (the docs themselves write /backupservers/{ID}).
      pattern: new RegExp(`^${path}$`, 'i'),
      access,
      methods: Object.fromEntries(Object.entries(methods).map(([m, h]) => [m, withIds(h)])),
    }
  }

  return [
    route('', 'public', { GET: (r) => ok(entryPointDoc(r.ctx)) }),
    route('sessionMngr', 'public', { POST: logon }),
    route('logonSessions', 'session', {
      // "A collection of currently existing logon sessions" (get_loginsessions.md): all of them, not only
      // the caller's.
      GET: (r) =>
        ok(
          logonSessionsDoc(
            r.ctx,
            sessions.list().map((s) => ({ id: s.id, userName: s.userName })),
          ),
        ),
    }),
    route(`logonSessions/${ID}`, 'session', {
      GET: (r) => {
        const s = sessions.get(idOf(r))
        return s
          ? ok(logonSessionDoc(r.ctx, s.id, s.userName))
          : fail(404, `Logon session '${r.ids[0]}' was not found.`)
      },
      DELETE: (r) => {
        const removed = sessions.remove(idOf(r))
        if (!removed) return fail(404, `Logon session '${r.ids[0]}' was not found.`)
        deps.counters.logoffs += 1
        deps.counters.user(removed.account.name).logoffs += 1
        return { status: 204 }
      },
    }),
    ...taskSessionRoutes('replica'),
    ...jobSessionRoutes('replica'),
    ...taskSessionRoutes('backup'),
    ...jobSessionRoutes('backup'),
    route(`backupSessions/${ID}/agentManagementSessions`, 'sessions', {
      GET: (r) => {
        const s = findJobSession(r, 'backup')
        if (!s) return fail(404, `Backup job session '${r.ids[0]}' was not found.`)
        if (!visible(r, s)) return denied()
        // Empty for any session that is not an AgentBackup container (it has no children).
        return ok(
          collection(JOB_SESSION.backup, r.ctx, recentJobSessions(r, s.children), wantsEntity(r.params)),
        )
      },
    }),
    route('agents/backupSessions', 'sessions', {
      // Parents and their per-computer sessions alike, as the agents_backupsessions.md example lists them.
      GET: backupSessionsOfType(['AgentBackup', 'AgentManagement']),
    }),
    route('nas/backupSessions', 'sessions', { GET: backupSessionsOfType(['NasBackup']) }),
    route('backupServers', 'servers', {
      GET: (r) => ok(collection(BACKUP_SERVER, r.ctx, store.servers, wantsEntity(r.params))),
    }),
    route(`backupServers/${ID}`, 'servers', {
      GET: (r) => {
        const s = store.findServer(idOf(r))
        return s
          ? ok(single(BACKUP_SERVER, r.ctx, s, wantsEntity(r.params)))
          : fail(404, `Backup server '${r.ids[0]}' was not found.`)
      },
    }),
    route('jobs', 'jobs', {
      GET: (r) => ok(collection(jobKind(r.now), r.ctx, store.jobs, wantsEntity(r.params))),
    }),
    route(`jobs/${ID}`, 'jobs', {
      GET: (r) => {
        const j = store.findJob(idOf(r))
        return j
          ? ok(single(jobKind(r.now), r.ctx, j, wantsEntity(r.params)))
          : fail(404, `Job '${r.ids[0]}' was not found.`)
      },
    }),
    route(`jobs/${ID}/backupSessions`, 'jobs', { GET: sessionsOfJob('backup') }),
    route(`jobs/${ID}/replicaSessions`, 'jobs', { GET: sessionsOfJob('replica') }),
    route('query', 'query', { GET: query }),
  ]
}
