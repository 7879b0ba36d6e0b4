import { promisify } from 'node:util'
import { gunzip } from 'node:zlib'
import {
  apiPaths,
  isJobSessionKind,
  JOB_SESSION_KINDS,
  parseGuid,
  parseResourceId,
  RESOURCE_KINDS,
  RESOURCES,
  type ResourceKind,
  TASK_LIST,
  TASK_SESSION_KINDS,
  WINDOW_DAYS,
} from '@ese/shared'
import { type Context, Hono } from 'hono'
import { accepts } from 'hono/accepts'
import { bodyLimit } from 'hono/body-limit'
import { type Answer, API_HEADERS, errorAnswer, errorBody, SECURITY_HEADERS } from './answers.ts'
import { type Auth, sameOrigin } from './auth/auth.ts'
import { BffError, isBffError } from './em/errors.ts'
import type { EmCaller, Trace } from './em/session.ts'
import type { Explorer } from './explorer.ts'
import type { Logger } from './log.ts'
import type { Reads } from './reads.ts'
import type { Spa } from './static.ts'

export type AppDeps = {
  reads: Reads
  explorer: Explorer
  auth: Auth
  /** Whether EM answers (and, with a service account, whether it logs on): for the readiness probe. */
  ready: (trace: Trace) => Promise<void>
  logger: Logger
  /** The built SPA, or null when it is not built. */
  spa: Spa | null
}

type Env = { Variables: { trace: Trace; caller: EmCaller } }
type Read = (caller: EmCaller, id: string, trace: Trace, c: Context<Env>) => Promise<Answer>

/** Answered without anyone signed in, and without the caller middleware. */
const OPEN_PATHS = new Set(['/api/health', '/api/ready', '/api/session'])
/** EM's resource collections, whose paths are the dashboard's pages. */
const PAGE_SEGMENTS = new Set(RESOURCE_KINDS.map((kind) => RESOURCES[kind].segment))
const JSON_TYPE = { 'content-type': 'application/json' }
const PRELOAD = 'rel=preload; as=fetch; crossorigin'
const gunzipAsync = promisify(gunzip)

/**
 * The BFF's one HTTP pipeline: request log → security headers → (API) caller → route. The JSON API is under
 * /api; everything else is the built SPA.
 */
export function createApp({ reads, explorer, auth, ready, logger, spa }: AppDeps) {
  const app = new Hono<Env>()

  app.use(async (c, next) => {
    const started = performance.now()
    const trace: Trace = { emCalls: 0 }
    c.set('trace', trace)
    await next()
    const path = c.req.path.length > 300 ? `${c.req.path.slice(0, 300)}…` : c.req.path
    const ms = Math.round((performance.now() - started) * 10) / 10
    logger.info({ method: c.req.method, path, status: c.res.status, ms, emCalls: trace.emCalls }, 'request')
  })

  app.use(async (c, next) => {
    // API answers get their headers before they are built (c.json / c.body take them along); documents, which
    // handlers return ready-made, get theirs afterwards.
    const api = c.req.path === '/api' || c.req.path.startsWith('/api/')
    if (api) for (const [name, value] of Object.entries(API_HEADERS)) c.header(name, value)
    await next()
    if (!api) for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value)
  })

  const api = new Hono<Env>()
  api.use(async (c, next) => {
    // An EM link with only its host changed (…/api/replicaTaskSessions/<id>?format=Entity), opened in a browser,
    // goes to the dashboard's page of it rather than to the JSON.
    const page = c.req.path.slice('/api'.length)
    if (c.req.header('sec-fetch-dest') === 'document' && PAGE_SEGMENTS.has(page.split('/')[1] ?? ''))
      return c.redirect(page, 302)
    if (!OPEN_PATHS.has(c.req.path)) c.set('caller', await auth.caller(c))
    await next()
  })

  api.get('/health', (c) => c.json({ status: 'ok' }))
  api.get('/ready', async (c) => {
    try {
      await ready(c.get('trace'))
      return c.json({ status: 'ready' })
    } catch (error) {
      // Not ready is an answer, not a failure of this endpoint: 503 with what is wrong.
      if (!isBffError(error)) throw error
      return c.json(errorBody(error.code, error.message), 503)
    }
  })
  api.get('/session', async (c) => c.json(await auth.whoAmI(c)))
  api.post('/session', bodyLimit({ maxSize: 8 * 1024, onError: tooLarge }), async (c) => {
    refuseCrossSite(c)
    return c.json(await auth.signIn(c, c.get('trace')))
  })
  api.delete('/session', async (c) => {
    refuseCrossSite(c)
    await auth.signOut(c)
    return c.body(null, 204)
  })

  /** A read: the ID checked as one of `kind`, the answer sent as the JSON it is cached as. */
  const read = (path: string, kind: ResourceKind, answer: Read) =>
    api.get(path, async (c) => {
      const id = parseResourceId(kind, c.req.param('id') ?? '')
      if (!id) throw invalidId(kind)
      return send(c, await answer(c.get('caller'), id, c.get('trace'), c))
    })

  for (const kind of RESOURCE_KINDS) {
    const base = `/${RESOURCES[kind].segment}/:id`
    read(base, kind, (caller, id, trace) => reads.resource(caller, kind, id, trace))
    read(`${base}/raw`, kind, async (caller, id, trace) =>
      JSON.stringify(await reads.client.raw(caller, kind, id, trace)),
    )
  }
  for (const kind of JOB_SESSION_KINDS) {
    const base = `/${RESOURCES[kind].segment}/:id`
    read(`${base}/${TASK_LIST[kind].segment}`, kind, (caller, id, trace) =>
      reads.taskList(caller, kind, id, trace),
    )
    read(`${base}/runs`, kind, (caller, id, trace) =>
      reads.query(caller, `${kind}-runs`, id, () => explorer.jobRuns(caller, kind, id, trace)),
    )
  }
  for (const kind of TASK_SESSION_KINDS) {
    read(`/${RESOURCES[kind].segment}/:id/history`, kind, (caller, id, trace) =>
      reads.query(caller, `${kind}-history`, id, () => explorer.machineHistory(caller, kind, id, trace)),
    )
  }
  read('/backupSessions/:id/agentManagementSessions', 'backupJobSession', (caller, id, trace) =>
    reads.agentSessions(caller, id, trace),
  )
  read('/backupServers/:id/sessions', 'backupServer', (caller, id, trace, c) => {
    const days = daysOf(c)
    const answer = () => explorer.serverSessions(caller, id, days, trace)
    return reads.query(caller, `server-sessions-${days}`, id, answer)
  })
  api.get('/attention', async (c) => {
    const [days, caller, trace] = [daysOf(c), c.get('caller'), c.get('trace')]
    const answer = () => explorer.attention(caller, days, trace)
    return send(c, await reads.query(caller, 'attention', String(days), answer))
  })
  api.get('/resolve/:id', async (c) => {
    const id = parseGuid(c.req.param('id'))
    if (!id) throw invalidId(null)
    const [caller, trace] = [c.get('caller'), c.get('trace')]
    const answer = () => explorer.resolve(caller, id, trace)
    return send(c, await reads.resolved(caller, id, answer))
  })
  api.all('*', (c) => {
    const where = `${c.req.method} ${c.req.path.slice(0, 200)}`
    const message = `There is no API endpoint at ${where}. The API reads sessions with GET, e.g. /api/backupTaskSessions/<id>, /api/replicaSessions/<id>, /api/resolve/<guid>.`
    return c.json(errorBody('not_found', message), 404)
  })
  app.route('/api', api)

  app.on(['GET', 'HEAD'], '*', async (c) => {
    const res = spa?.respond(c.req.path, c.req.raw.headers, c.req.method === 'HEAD')
    if (res?.headers.get('content-type')?.startsWith('text/html'))
      res.headers.set('link', (await preloadsOf(c, auth)).map((path) => `<${path}>; ${PRELOAD}`).join(', '))
    return res ?? c.text(spa ? 'Not found' : 'Not found (the dashboard is not built: run pnpm start)', 404)
  })
  app.notFound((c) => c.text('Not found', 404))
  app.onError((error, c) => {
    const { status, body } = errorAnswer(error, c.req.path, logger)
    return c.json(body, status as 400)
  })
  return app
}

/**
 * What a page's document has the browser fetch while it still loads and runs the SPA: who is signed in, which
 * every page asks first; and on a session's or backup server's page, for someone signed in, what its route loads
 * at once (a job session's task list too), so EM's time passes while the SPA starts. Signed out, the route never
 * asks, and an unused preload would answer the page's first request after sign-in with its stale 401.
 */
async function preloadsOf(c: Context<Env>, auth: Auth): Promise<string[]> {
  const [, segment, id = '', ...rest] = c.req.path.split('/')
  const kind = RESOURCE_KINDS.find((k) => RESOURCES[k].segment === segment)
  // Only the canonical URL: the SPA sends any other form (a URN, upper case) there before it loads anything.
  if (!kind || rest.length > 0 || parseResourceId(kind, id) !== id) return [apiPaths.session]
  const signedIn = await auth.caller(c).then(
    () => true,
    () => false,
  )
  if (!signedIn) return [apiPaths.session]
  const list = isJobSessionKind(kind) ? [apiPaths.jobSessionTaskSessions(kind, id)] : []
  return [apiPaths.session, apiPaths.resource(kind, id), ...list]
}

/** A cached answer: JSON, or gzipped JSON (a large one) as it is to a client that accepts gzip. */
async function send(c: Context, answer: Answer): Promise<Response> {
  if (typeof answer === 'string') return c.body(answer, 200, JSON_TYPE)
  c.header('vary', 'Accept-Encoding')
  const encoding = accepts(c, { header: 'Accept-Encoding', supports: ['gzip'], default: 'identity' })
  if (encoding !== 'gzip') return c.body(await gunzipAsync(answer), 200, JSON_TYPE)
  return c.body(new Uint8Array(answer), 200, { ...JSON_TYPE, 'content-encoding': 'gzip' })
}

/** Sign-in and sign-out only from the dashboard itself (CSRF). */
function refuseCrossSite(c: Context): void {
  if (sameOrigin(c)) return
  const message = 'This request came from another site: sign in and out only from the dashboard itself.'
  throw new BffError('cross_site_request', message)
}

function tooLarge(): never {
  throw new BffError(
    'invalid_request',
    'The request body is too large: send only a user name and a password.',
  )
}

function daysOf(c: Context): number {
  const raw = c.req.query('days') ?? '1'
  const days = WINDOW_DAYS.find((d) => String(d) === raw)
  if (days) return days
  throw new BffError(
    'invalid_request',
    `days must be one of ${WINDOW_DAYS.join(', ')} (got "${raw.slice(0, 20)}").`,
  )
}

function invalidId(kind: ResourceKind | null): BffError {
  const urn = kind ? ` or the URN (urn:veeam:${RESOURCES[kind].urnType}:<guid>)` : ''
  const what = kind ? '' : ' Resolving finds the kind of a bare GUID; for a URN, open its kind directly.'
  return new BffError(
    'invalid_id',
    `That is not a valid ID. Use the GUID (such as 24590151-20cd-4e57-8a2f-8b65869a1879)${urn}.${what}`,
  )
}
