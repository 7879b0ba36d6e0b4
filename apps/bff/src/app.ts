import { apiPaths, parseResourceId, type ResourceKind } from '@ese/shared'
import { type Context, Hono } from 'hono'
import { API_HEADERS, errorAnswer, errorBody, SECURITY_HEADERS } from './answers.ts'
import type { EmClient } from './em/client.ts'
import { BffError, isBffError } from './em/errors.ts'
import type { Trace } from './em/session.ts'
import type { Logger } from './log.ts'
import type { Body, LookupRoute, Lookups } from './lookups.ts'
import type { Spa } from './static.ts'

export type AppDeps = {
  em: EmClient
  lookups: Lookups
  logger: Logger
  spa: Spa | null
}

type Env = { Variables: { trace: Trace } }

/** API answers, which carry the API's security headers; the middleware adds the documents' to all others. */
const secured = new WeakSet<Response>()

function apiJson(json: string | Body, status = 200): Response {
  const res = new Response(json, { status, headers: API_HEADERS })
  secured.add(res)
  return res
}

/** The BFF's HTTP surface: the JSON API under /api, and the built SPA for everything else. */
export function createApp(deps: AppDeps) {
  const { em, lookups, logger, spa } = deps
  const app = new Hono<Env>()

  app.use(async (c, next) => {
    const started = performance.now()
    const trace: Trace = { emCalls: 0 }
    c.set('trace', trace)
    await next()
    const res = c.res
    if (!secured.has(res)) {
      const headers = res.headers
      for (const [name, value] of SECURITY_HEADERS) headers.set(name, value)
    }
    const path = c.req.path
    logger.request({
      method: c.req.method,
      path: path.length > 300 ? `${path.slice(0, 300)}…` : path,
      status: c.res.status,
      ms: performance.now() - started,
      emCalls: trace.emCalls,
    })
  })

  const resource = (kind: ResourceKind, route: LookupRoute) => async (c: Context<Env>) => {
    const id = parseResourceId(kind, c.req.param('id') ?? '')
    if (!id) throw invalidId(kind)
    return apiJson(await lookups.load(route, id, c.get('trace')))
  }

  const api = new Hono<Env>()
    .get('/health', () => apiJson('{"status":"ok"}'))
    .get('/ready', async (c) => {
      try {
        await em.checkReady(c.get('trace'))
      } catch (error) {
        if (!isBffError(error)) throw error
        // Not ready is an answer, not a failure of this endpoint: 503 with what is wrong.
        return apiJson(errorBody(error.code, error.message), 503)
      }
      return apiJson('{"status":"ready"}')
    })
    .get('/replicaTaskSessions/:id', resource('replicaTaskSession', 'task'))
    .get('/replicaSessions/:id', resource('replicaJobSession', 'job'))
    .get('/replicaSessions/:id/replicaTaskSessions', resource('replicaJobSession', 'job-tasks'))
    .get('/backupServers/:id', resource('backupServer', 'server'))
    .all('*', (c) =>
      apiJson(
        errorBody(
          'not_found',
          `There is no API endpoint at ${c.req.method} ${c.req.path.slice(0, 200)}. The API offers GET ${apiPaths.resource('replicaTaskSession', '<id>')}, /api/replicaSessions/<id>, /api/replicaSessions/<id>/replicaTaskSessions and /api/backupServers/<id>.`,
        ),
        404,
      ),
    )

  app.route('/api', api)

  app.on(['GET', 'HEAD'], '*', (c) => {
    const res = spa?.respond(c.req.path, c.req.raw.headers, c.req.method === 'HEAD')
    if (res) return res
    return c.text(spa ? 'Not found' : 'Not found (the dashboard is not built: run pnpm start)', 404)
  })

  app.notFound((c) => c.text('Not found', 404))

  app.onError((error, c) => {
    const { status, body } = errorAnswer(error, c.req.path, logger)
    return apiJson(body, status)
  })

  return app
}

function invalidId(kind: ResourceKind): BffError {
  const urn = {
    replicaTaskSession: 'ReplicaTaskSession',
    replicaJobSession: 'ReplicaJobSession',
    backupServer: 'BackupServer',
  }[kind]
  return new BffError(
    'invalid_id',
    `That is not a valid ID. Use the GUID (such as 24590151-20cd-4e57-8a2f-8b65869a1879) or the URN (urn:veeam:${urn}:<guid>).`,
  )
}
