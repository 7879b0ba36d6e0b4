import {
  isJobSessionKind,
  isTaskSessionKind,
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
import { bodyLimit } from 'hono/body-limit'
import { API_HEADERS, errorAnswer, errorBody, SECURITY_HEADERS } from './answers.ts'
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
  spa: Spa | null
}

type Env = { Variables: { trace: Trace; caller: EmCaller } }

/** Answered without anyone signed in, and without the caller middleware. */
const OPEN_PATHS = new Set(['/api/health', '/api/ready', '/api/session'])

/**
 * The BFF's one HTTP pipeline: request log → security headers → (API) caller → route. The JSON API is under
 * /api; everything else is the built SPA.
 */
export function createApp(deps: AppDeps) {
  const { reads, explorer, auth, logger, spa } = deps
  const app = new Hono<Env>()

  app.use(async (c, next) => {
    const started = performance.now()
    const trace: Trace = { emCalls: 0 }
    c.set('trace', trace)
    await next()
    const path = c.req.path
    logger.info(
      {
        method: c.req.method,
        path: path.length > 300 ? `${path.slice(0, 300)}…` : path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        emCalls: trace.emCalls,
      },
      'request',
    )
  })

  app.use(async (c, next) => {
    // API answers get their headers before they are built (c.json / c.body take them along, and the adapter can
    // write the answer as it is); documents, which routes may return ready-made, get theirs afterwards.
    const api = c.req.path === '/api' || c.req.path.startsWith('/api/')
    if (api) for (const [name, value] of Object.entries(API_HEADERS)) c.header(name, value)
    await next()
    if (!api) for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value)
  })

  const api = new Hono<Env>()

  api.use(async (c, next) => {
    if (!OPEN_PATHS.has(c.req.path)) c.set('caller', await auth.caller(c))
    await next()
  })

  api.get('/health', (c) => c.json({ status: 'ok' }))
  api.get('/ready', async (c) => {
    try {
      await deps.ready(c.get('trace'))
    } catch (error) {
      if (!isBffError(error)) throw error
      // Not ready is an answer, not a failure of this endpoint: 503 with what is wrong.
      return c.json(errorBody(error.code, error.message), 503)
    }
    return c.json({ status: 'ready' })
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

  const json = (c: Context<Env>, text: string) => c.body(text, 200, { 'content-type': 'application/json' })
  const idOf = (c: Context<Env>, kind: ResourceKind) => {
    const id = parseResourceId(kind, c.req.param('id') ?? '')
    if (!id) throw invalidId(kind)
    return id
  }

  for (const kind of RESOURCE_KINDS) {
    const base = `/${RESOURCES[kind].segment}/:id`
    api.get(base, async (c) => {
      const id = idOf(c, kind)
      const [caller, trace] = [c.get('caller'), c.get('trace')]
      if (isTaskSessionKind(kind)) return json(c, await reads.taskSessionJson(caller, kind, id, trace))
      if (isJobSessionKind(kind)) return json(c, await reads.jobSessionJson(caller, kind, id, trace))
      return json(c, await reads.backupServerJson(caller, id, trace))
    })
    api.get(`${base}/raw`, async (c) =>
      c.json(await reads.client.raw(c.get('caller'), kind, idOf(c, kind), c.get('trace'))),
    )
  }
  for (const kind of JOB_SESSION_KINDS) {
    const base = `/${RESOURCES[kind].segment}/:id`
    api.get(`${base}/${TASK_LIST[kind].segment}`, async (c) =>
      json(c, await reads.taskListJson(c.get('caller'), kind, idOf(c, kind), c.get('trace'))),
    )
    api.get(`${base}/runs`, async (c) => {
      const id = idOf(c, kind)
      const caller = c.get('caller')
      return json(
        c,
        await reads.query(caller, `${kind}-runs`, id, () =>
          explorer.jobRuns(caller, kind, id, c.get('trace')),
        ),
      )
    })
  }
  for (const kind of TASK_SESSION_KINDS) {
    api.get(`/${RESOURCES[kind].segment}/:id/history`, async (c) => {
      const id = idOf(c, kind)
      const caller = c.get('caller')
      const answer = () => explorer.machineHistory(caller, kind, id, c.get('trace'))
      return json(c, await reads.query(caller, `${kind}-history`, id, answer))
    })
  }
  api.get('/backupSessions/:id/agentManagementSessions', async (c) =>
    json(c, await reads.agentSessionsJson(c.get('caller'), idOf(c, 'backupJobSession'), c.get('trace'))),
  )
  api.get('/backupServers/:id/sessions', async (c) => {
    const id = idOf(c, 'backupServer')
    const days = daysOf(c)
    const caller = c.get('caller')
    const answer = () => explorer.serverSessions(caller, id, days, c.get('trace'))
    return json(c, await reads.query(caller, `server-sessions-${days}`, id, answer))
  })
  api.get('/attention', async (c) => {
    const days = daysOf(c)
    const caller = c.get('caller')
    return json(
      c,
      await reads.query(caller, 'attention', String(days), () =>
        explorer.attention(caller, days, c.get('trace')),
      ),
    )
  })
  api.get('/resolve/:id', async (c) => {
    const id = parseGuid(c.req.param('id'))
    if (!id) throw invalidId(null)
    const caller = c.get('caller')
    return json(c, await reads.resolved(caller, id, () => explorer.resolve(caller, id, c.get('trace'))))
  })

  api.all('*', (c) =>
    c.json(
      errorBody(
        'not_found',
        `There is no API endpoint at ${c.req.method} ${c.req.path.slice(0, 200)}. The API reads sessions with GET, e.g. /api/backupTaskSessions/<id>, /api/replicaSessions/<id>, /api/resolve/<guid>.`,
      ),
      404,
    ),
  )

  app.route('/api', api)

  app.on(['GET', 'HEAD'], '*', (c) => {
    const res = spa?.respond(c.req.path, c.req.raw.headers, c.req.method === 'HEAD')
    return res ?? c.text(spa ? 'Not found' : 'Not found (the dashboard is not built: run pnpm start)', 404)
  })
  app.notFound((c) => c.text('Not found', 404))
  app.onError((error, c) => {
    const { status, body } = errorAnswer(error, c.req.path, logger)
    return c.json(body, status as 400)
  })

  return app
}

function refuseCrossSite(c: Context): void {
  if (!sameOrigin(c)) {
    throw new BffError(
      'cross_site_request',
      'This request came from another site: sign in and out only from the dashboard itself.',
    )
  }
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
  if (!days)
    throw new BffError(
      'invalid_request',
      `days must be one of ${WINDOW_DAYS.join(', ')} (got "${raw.slice(0, 20)}").`,
    )
  return days
}

function invalidId(kind: ResourceKind | null): BffError {
  const urn = kind ? ` or the URN (urn:veeam:${RESOURCES[kind].urnType}:<guid>)` : ''
  const what = kind ? '' : ' Resolving finds the kind of a bare GUID; for a URN, open its kind directly.'
  return new BffError(
    'invalid_id',
    `That is not a valid ID. Use the GUID (such as 24590151-20cd-4e57-8a2f-8b65869a1879)${urn}.${what}`,
  )
}
