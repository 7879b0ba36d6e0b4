import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { getRequestListener } from '@hono/node-server'
import { API_HEADERS, errorBody } from './answers.ts'
import { createApp } from './app.ts'
import { Auth } from './auth/auth.ts'
import { type Limiter, MemoryLimiter, RedisLimiter } from './auth/limiter.ts'
import { MemoryStore, RedisStore, type SessionStore, TokenCipher } from './auth/sessions.ts'
import { EmClient } from './em/client.ts'
import { EmConnection, ServiceSession, statusError } from './em/session.ts'
import { EmTransport } from './em/transport.ts'
import type { Config, EmConfig } from './env.ts'
import { Explorer } from './explorer.ts'
import { createLogger, type Logger } from './log.ts'
import { type LookupOptions, Lookups } from './lookups.ts'
import { Reads } from './reads.ts'
import { Spa } from './static.ts'

export type StartBffOptions = {
  config: Config
  /** The EM to use; defaults to `config.em`. */
  em?: EmConfig
  logger?: Logger
  lookups?: LookupOptions
}

export type RunningBff = {
  url: string
  port: number
  /** The service account's session (AUTH=service), for tests and logs. */
  service: ServiceSession | null
  /** Stops accepting, lets requests in flight finish, logs off EM and closes the connections to it. */
  close(): Promise<void>
}

const SHUTDOWN_GRACE_MS = 10_000
const JSON_HEADERS = { ...API_HEADERS, 'content-type': 'application/json' }
const HEADERS_TOO_LARGE =
  'The request line or headers are too large. An ID is a GUID or a URN: check what was pasted.'
const NOT_HTTP =
  'The request is not valid HTTP (for example, a character that is not allowed in a URL path). Percent-encode the ID or use the GUID.'
/**
 * Failed sign-ins allowed per minute: 5 per user name (guessing one password), 20 per client address (trying
 * many names), so that one person's typos do not lock out colleagues behind the same NAT or jump host.
 */
const SIGN_IN_LIMIT = { limits: { user: 5, address: 20 }, windowMs: 60_000 }

export async function startBff(options: StartBffOptions): Promise<RunningBff> {
  const { config } = options
  const emConfig = options.em ?? config.em
  if (!emConfig) throw new Error('startBff needs an EM configuration (EM_URL)')
  const logger = options.logger ?? createLogger()
  const transport = new EmTransport({
    origin: emConfig.origin,
    ca: emConfig.ca,
    insecure: emConfig.insecure,
    timeoutMs: config.emTimeoutMs,
    maxConnections: config.emMaxConnections,
  })
  const em = new EmConnection(transport, config.emFormat)
  // ioredis is loaded only with REDIS_URL.
  const redis = config.redisUrl
    ? new (await import('ioredis')).Redis(config.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true })
    : null
  redis?.on('error', (error: Error) => logger.warn({ error: error.message }, 'redis connection problem'))
  await redis?.connect()

  // Pages refresh a running session once per shared window, a little after it ends (so a single viewer always
  // finds it expired, never half the time); with no window, every 5 s.
  const refreshMs = config.runningCacheMs >= 1000 ? Math.round(config.runningCacheMs * 1.1) : 5000
  let service: ServiceSession | null = null
  let auth: Auth
  if (config.auth === 'service') {
    const { username = '', password = '' } = emConfig
    service = new ServiceSession(em, username, password)
    auth = new Auth({ mode: 'service', service, serviceUser: username, refreshMs })
  } else {
    const cipher = new TokenCipher(config.sessionSecret ?? randomBytes(32).toString('base64'))
    // A sign-in pushed out of the memory store at its bound is logged off EM.
    const store: SessionStore = redis
      ? new RedisStore(cipher, redis)
      : new MemoryStore(cipher, (session) => void em.logoff(session))
    const limiter: Limiter = redis
      ? new RedisLimiter(redis, SIGN_IN_LIMIT.limits, SIGN_IN_LIMIT.windowMs)
      : new MemoryLimiter(SIGN_IN_LIMIT.limits, SIGN_IN_LIMIT.windowMs)
    auth = new Auth({
      refreshMs,
      mode: 'em',
      em,
      store,
      limiter,
      cookieSecure: config.cookieSecure,
      sessionMaxHours: config.sessionMaxHours,
      trustProxy: config.trustProxy,
    })
  }

  const spa = Spa.load(config.webDist)
  if (!spa) logger.warn({ webDist: config.webDist }, 'the dashboard is not built; serving the API only')
  const reads = new Reads(
    new EmClient(em),
    new Lookups({ runningTtlMs: config.runningCacheMs, ...options.lookups }),
  )
  const app = createApp({
    reads,
    explorer: new Explorer(reads),
    auth,
    logger,
    spa,
    ready: async (trace) => {
      await service?.ensure(trace)
      trace.emCalls++
      const res = await transport.request({
        method: 'GET',
        path: '/api/',
        headers: { Accept: em.accept },
        maxBytes: 1024 * 1024,
      })
      if (res.status !== 200) throw statusError(res, 'answering its entry point', 'the account')
    },
  })

  // Requests the adapter cannot turn into a Request (a backslash in the path, a malformed URL or Host), and those
  // Node's HTTP parser refuses before the app sees them, still get a JSON error with the API's headers.
  const invalid = 'The request URL is not valid. Percent-encode the ID or use the GUID.'
  const listener = getRequestListener(app.fetch, {
    hostname: config.host,
    errorHandler: () =>
      new Response(JSON.stringify(errorBody('invalid_id', invalid)), { status: 400, headers: JSON_HEADERS }),
  })
  const server = config.tls ? createHttpsServer(config.tls, listener) : createServer(listener)
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return socket.destroy()
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW'
    const body = JSON.stringify(errorBody('invalid_id', tooLarge ? HEADERS_TOO_LARGE : NOT_HTTP))
    const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'
    const headers = Object.entries(JSON_HEADERS).map(([name, value]) => `${name}: ${value}\r\n`)
    socket.end(
      `HTTP/1.1 ${status}\r\n${headers.join('')}content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  // Keep-alive from browsers and proxies: longer than typical proxies' idle timeouts.
  server.keepAliveTimeout = 65_000
  const { port } = server.address() as AddressInfo
  const host = config.host.includes(':') ? `[${config.host}]` : config.host

  let closing: Promise<void> | null = null
  return {
    url: `${config.tls ? 'https' : 'http'}://${host}:${port}`,
    port,
    service,
    close: () => {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          const idle = setInterval(() => server.closeIdleConnections(), 100)
          const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS)
          server.close(() => {
            clearInterval(idle)
            clearTimeout(force)
            resolve()
          })
          server.closeIdleConnections()
        })
        const loggedOff = await auth.close()
        if (loggedOff > 0) logger.info({ sessions: loggedOff }, 'logged off Enterprise Manager')
        await transport.close()
        await reads.client.lists.close()
        if (redis) await redis.quit().catch(() => redis.disconnect())
        logger.flush()
      })()
      return closing
    },
  }
}
