/**
 * The `/api` request pipeline: counting, latency, outage, routing (404/405), authentication (401), the
 * restricted account (403), injected failures (500), the handler, then payload faults on 200 answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { type LogonSession, parseBasic, presentedToken, type SessionStore, TOKEN_NAME } from './auth.ts'
import { type DemoStore, RETENTION_MS } from './data/demo.ts'
import { type JobSessionView, type TaskSessionView, viewJobSession, viewTask } from './data/model.ts'
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
import { errorInfo, render, send, sendError, wantsJson } from './http.ts'
import type { Ctx } from './links.ts'
import { JOB_SESSION_FIELDS, TASK_SESSION_FIELDS } from './query/fields.ts'
import { QueryError } from './query/filter.ts'
import { type Params, paramsOf } from './query/params.ts'
import { runQuery } from './query/run.ts'
import type { Faults } from './types.ts'
import { parseGuid } from './util/guid.ts'

export type Credentials = {
  username: string
  password: string
  restrictedUsername: string
  restrictedPassword: string
}

export class CounterState {
  logons = 0
  logoffs = 0
  requests = 0
  byPath: Record<string, number> = {}

  request(method: string, path: string): void {
    this.requests += 1
    const key = `${method} ${path}`
    this.byPath[key] = (this.byPath[key] ?? 0) + 1
  }

  reset(): void {
    this.logons = 0
    this.logoffs = 0
    this.requests = 0
    this.byPath = {}
  }
}

export type ApiDeps = {
  store: DemoStore
  sessions: SessionStore
  now: () => number
  credentials: Credentials
  faults: () => Faults
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
 * Who may call a route: `public` (entry point, logon), `session` (logonSessions: needs a token but is not a
 * resource call, so faults and the 403 do not apply), `resource` (everything else).
 */
type Access = 'public' | 'session' | 'resource'

type Request = {
  ctx: Ctx
  params: Params
  ids: string[]
  now: number
  json: boolean
  session: LogonSession | null
  req: IncomingMessage
}

type Answer = { status: number; doc?: Doc; headers?: Record<string, string> }
type Handler = (r: Request) => Answer

type Route = { pattern: RegExp; access: Access; methods: Record<string, Handler> }

const UNAUTHORIZED_HEADERS = { 'WWW-Authenticate': 'Basic Realm=RestSvc' }

export function createApiHandler(deps: ApiDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const routes = buildRoutes(deps)
  return (req, res) => {
    handle(deps, routes, req, res).catch((err: unknown) => {
      console.error('em-simulator: request failed', err)
      if (!res.headersSent) sendError(res, wantsJson(req.headers), 500, 'Internal simulator error.')
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
  const json = wantsJson(req.headers)
  // Drain any request body: EM's GETs have none, and logon takes no body for plain accounts.
  req.resume()

  if (!/^\/api(\/|$)/i.test(pathname)) {
    sendError(res, json, 404, `The resource '${pathname}' does not exist.`)
    return
  }
  const faults = deps.faults()
  if (faults.latencyMs > 0) await deps.sleep(faults.latencyMs)
  if (res.destroyed) return
  if (faults.down === '503') {
    sendError(res, json, 503, 'The Veeam Backup Enterprise Manager REST API service is unavailable.')
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
    sendError(res, json, 404, `The resource '${pathname}' does not exist.`)
    return
  }
  const handler = match.route.methods[method]
  if (!handler) {
    sendError(res, json, 405, `Method '${method}' is not allowed for '${pathname}'.`, {
      Allow: Object.keys(match.route.methods).join(', '),
    })
    return
  }

  let session: LogonSession | null = null
  if (match.route.access !== 'public') {
    const token = presentedToken(req.headers)
    session = token ? deps.sessions.authenticate(token) : null
    if (!session) {
      sendError(
        res,
        json,
        401,
        token
          ? 'The logon session has expired or does not exist. Log on again.'
          : `The authorization header has been expected but not found: send the ${TOKEN_NAME} header.`,
        UNAUTHORIZED_HEADERS,
      )
      return
    }
  }
  const resource = match.route.access === 'resource'
  if (resource && session?.restricted) {
    sendError(
      res,
      json,
      403,
      `Access denied. The account '${session.userName}' has no role in Veeam Backup Enterprise Manager.`,
    )
    return
  }
  if (resource && faults.failureRate > 0 && deps.random() < faults.failureRate) {
    const message = 'Object reference not set to an instance of an object.'
    sendError(res, json, 500, message, {}, message)
    return
  }

  const host = req.headers.host
  const ctx: Ctx = {
    origin: `${deps.tls ? 'https' : 'http'}://${host && /^[A-Za-z0-9.\-:[\]]+$/.test(host) ? host : deps.fallbackHost()}`,
  }
  const params = paramsOf(new URL(rawUrl, 'http://localhost').searchParams)
  let answer: Answer
  try {
    answer = handler({ ctx, params, ids: match.ids, now: deps.now(), json, session, req })
  } catch (err) {
    if (err instanceof QueryError) {
      sendError(res, json, 400, err.message)
      return
    }
    throw err
  }
  if (!answer.doc) {
    send(res, answer.status, null, answer.headers)
    return
  }
  const body = render(answer.doc, json)
  if (resource && answer.status === 200 && faults.payload) {
    writePayloadFault(
      res,
      faults.payload,
      { ...body, json },
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

  /** Task sessions created within the last 30 days that exist at `now`, of every session or of one. */
  const recentTasks = (now: number, sessions = store.jobSessions(now)): TaskSessionView[] => {
    const cutoff = now - RETENTION_MS
    const out: TaskSessionView[] = []
    for (const session of sessions) {
      for (const task of session.tasks) {
        if (task.created < cutoff) continue
        const v = viewTask(session, task, now)
        if (v) out.push(v)
      }
    }
    return out
  }
  const recentJobSessions = (now: number): JobSessionView[] => {
    const cutoff = now - RETENTION_MS
    const out: JobSessionView[] = []
    for (const s of store.jobSessions(now)) {
      if (s.created < cutoff) continue
      const v = viewJobSession(s, now)
      if (v) out.push(v)
    }
    return out
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
    const { credentials: c } = deps
    // Windows account names compare case-insensitively; passwords do not.
    const user = basic?.user.replace(/^(\.|SIMULATOR)\\/i, '').toLowerCase()
    let account: { name: string; restricted: boolean } | null = null
    if (basic && user === c.username.toLowerCase() && basic.password === c.password) {
      account = { name: c.username, restricted: false }
    } else if (
      basic &&
      user === c.restrictedUsername.toLowerCase() &&
      basic.password === c.restrictedPassword
    ) {
      account = { name: c.restrictedUsername, restricted: true }
    }
    if (!account) {
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
    const session = sessions.create(account.name, account.restricted)
    deps.counters.logons += 1
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

  const ID = '([^/]+)'
  const route = (path: string, access: Access, methods: Record<string, Handler>): Route => ({
    // WCF matches literal path segments case-insensitively (the docs themselves write /backupservers/{ID}).
    pattern: new RegExp(`^${path}$`, 'i'),
    access,
    methods: Object.fromEntries(Object.entries(methods).map(([m, h]) => [m, withIds(h)])),
  })

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
        if (!sessions.remove(idOf(r))) return fail(404, `Logon session '${r.ids[0]}' was not found.`)
        deps.counters.logoffs += 1
        return { status: 204 }
      },
    }),
    route('replicaTaskSessions', 'resource', {
      GET: (r) => ok(collection(TASK_SESSION, r.ctx, recentTasks(r.now), wantsEntity(r.params))),
    }),
    route(`replicaTaskSessions/${ID}`, 'resource', {
      GET: (r) => {
        const hit = store.findTask(idOf(r), r.now)
        const v = hit && viewTask(hit.session, hit.task, r.now)
        return v
          ? ok(single(TASK_SESSION, r.ctx, v, wantsEntity(r.params)))
          : fail(404, `Replica task session '${r.ids[0]}' was not found.`)
      },
    }),
    route('replicaSessions', 'resource', {
      GET: (r) => ok(collection(JOB_SESSION, r.ctx, recentJobSessions(r.now), wantsEntity(r.params))),
    }),
    route(`replicaSessions/${ID}`, 'resource', {
      GET: (r) => {
        const s = store.findJobSession(idOf(r), r.now)
        const v = s && viewJobSession(s, r.now)
        return v
          ? ok(single(JOB_SESSION, r.ctx, v, wantsEntity(r.params)))
          : fail(404, `Replica job session '${r.ids[0]}' was not found.`)
      },
    }),
    route(`replicaSessions/${ID}/replicaTaskSessions`, 'resource', {
      GET: (r) => {
        const session = store.findJobSession(idOf(r), r.now)
        if (!session) return fail(404, `Replica job session '${r.ids[0]}' was not found.`)
        // The 30-day rule applies to the child list too (get_replicasessions_id_replicatasksessions.md).
        return ok(collection(TASK_SESSION, r.ctx, recentTasks(r.now, [session]), wantsEntity(r.params)))
      },
    }),
    route('backupServers', 'resource', {
      GET: (r) => ok(collection(BACKUP_SERVER, r.ctx, store.servers, wantsEntity(r.params))),
    }),
    route(`backupServers/${ID}`, 'resource', {
      GET: (r) => {
        const s = store.findServer(idOf(r))
        return s
          ? ok(single(BACKUP_SERVER, r.ctx, s, wantsEntity(r.params)))
          : fail(404, `Backup server '${r.ids[0]}' was not found.`)
      },
    }),
    route('jobs', 'resource', {
      GET: (r) => ok(collection(jobKind(r.now), r.ctx, store.jobs, wantsEntity(r.params))),
    }),
    route(`jobs/${ID}`, 'resource', {
      GET: (r) => {
        const j = store.findJob(idOf(r))
        return j
          ? ok(single(jobKind(r.now), r.ctx, j, wantsEntity(r.params)))
          : fail(404, `Job '${r.ids[0]}' was not found.`)
      },
    }),
    route('query', 'resource', {
      GET: (r) => {
        const type = r.params.get('type')
        if (!type)
          throw new QueryError('The type parameter is required, for example type=ReplicaTaskSession.')
        switch (type.toLowerCase()) {
          case 'replicatasksession': {
            const q = runQuery(r.ctx, 'ReplicaTaskSession', recentTasks(r.now), TASK_SESSION_FIELDS, r.params)
            return ok(queryResult(TASK_SESSION, r.ctx, q.items, q.entity, q.paging))
          }
          case 'replicajobsession': {
            const q = runQuery(
              r.ctx,
              'ReplicaJobSession',
              recentJobSessions(r.now),
              JOB_SESSION_FIELDS,
              r.params,
            )
            return ok(queryResult(JOB_SESSION, r.ctx, q.items, q.entity, q.paging))
          }
          default:
            throw new QueryError(
              `Query type '${type}' is not supported by this simulator (ReplicaTaskSession, ReplicaJobSession).`,
            )
        }
      },
    }),
  ]
}
