import { apiPaths, ERROR_STATUS, parseResourceId, type ResourceKind } from '@ese/shared'
import { type Context, Hono } from 'hono'
import type { EmClient } from './em/client.ts'
import { BffError, isBffError } from './em/errors.ts'
import type { Trace } from './em/session.ts'
import type { Logger } from './log.ts'
import type { Lookups } from './lookups.ts'
import type { Spa } from './static.ts'

export type AppDeps = {
  em: EmClient
  lookups: Lookups
  logger: Logger
  spa: Spa | null
}

type Env = { Variables: { trace: Trace; errorCode: string } }

/** A strict policy: the SPA is plain files from this origin, with no inline script or style. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

export const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['content-security-policy', CONTENT_SECURITY_POLICY],
  ['x-content-type-options', 'nosniff'],
  ['referrer-policy', 'no-referrer'],
  ['x-frame-options', 'DENY'],
  ['cross-origin-opener-policy', 'same-origin'],
  ['cross-origin-resource-policy', 'same-origin'],
  ['permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()'],
]

/**
 * The headers of an API answer, security headers included, as one plain object: written as it is, without
 * building a Headers object per response (which, with the middleware's seven `set`s, cost about as much as
 * decoding EM's answer; bench/RESULTS.md).
 */
export const API_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  ...Object.fromEntries(SECURITY_HEADERS),
})

/** Responses that already carry every security header; the middleware adds them to all others. */
const secured = new WeakSet<Response>()

function apiJson(json: string): Response {
  const res = new Response(json, { status: 200, headers: API_HEADERS })
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

  const resource =
    (kind: ResourceKind, load: (id: string, trace: Trace) => Promise<string>) => async (c: Context<Env>) => {
      const id = parseResourceId(kind, c.req.param('id') ?? '')
      if (!id) throw invalidId(kind)
      return apiJson(await load(id, c.get('trace')))
    }

  const api = new Hono<Env>()
    .get('/health', (c) => c.json({ status: 'ok' }, 200, { 'cache-control': 'no-store' }))
    .get('/ready', async (c) => {
      try {
        await em.checkReady(c.get('trace'))
      } catch (error) {
        if (!isBffError(error)) throw error
        // Not ready is an answer, not a failure of this endpoint: 503 with what is wrong.
        c.set('errorCode', error.code)
        return c.json({ error: { code: error.code, message: error.message } }, 503, {
          'cache-control': 'no-store',
        })
      }
      return c.json({ status: 'ready' }, 200, { 'cache-control': 'no-store' })
    })
    .get(
      '/replicaTaskSessions/:id',
      resource('replicaTaskSession', (id, t) => lookups.replicaTaskSession(id, t)),
    )
    .get(
      '/replicaSessions/:id',
      resource('replicaJobSession', (id, t) => lookups.replicaJobSession(id, t)),
    )
    .get(
      '/replicaSessions/:id/replicaTaskSessions',
      resource('replicaJobSession', (id, t) => lookups.replicaJobSessionTaskSessions(id, t)),
    )
    .get(
      '/backupServers/:id',
      resource('backupServer', (id, t) => lookups.backupServer(id, t)),
    )
    .all('*', (c) =>
      c.json(
        {
          error: {
            code: 'not_found',
            message: `There is no API endpoint at ${c.req.method} ${c.req.path.slice(0, 200)}. The API offers GET ${apiPaths.resource('replicaTaskSession', '<id>')}, /api/replicaSessions/<id>, /api/replicaSessions/<id>/replicaTaskSessions and /api/backupServers/<id>.`,
          },
        },
        404,
        { 'cache-control': 'no-store' },
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
    if (isBffError(error)) {
      c.set('errorCode', error.code)
      if (error.status >= 500) {
        logger.warn('em call failed', {
          code: error.code,
          cause: describeCause(error.cause),
          path: c.req.path,
        })
      }
      return c.json({ error: { code: error.code, message: error.message } }, error.status as 500, {
        'cache-control': 'no-store',
      })
    }
    logger.error('unexpected error', { error: describeCause(error), path: c.req.path })
    return c.json(
      {
        error: {
          code: 'internal',
          message:
            "Something went wrong in the dashboard's server. Try again; if it persists, check the server log.",
        },
      },
      ERROR_STATUS.internal,
      { 'cache-control': 'no-store' },
    )
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

/** What went wrong underneath, for the server log: name, code and message, no stack, no request data. */
function describeCause(error: unknown): string | undefined {
  if (!(error instanceof Error)) return error === undefined ? undefined : String(error)
  const code = 'code' in error ? ` ${String(error.code)}` : ''
  return `${error.name}${code}: ${error.message}`
}
