import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { getRequestListener } from '@hono/node-server'
import { API_HEADERS, errorBody } from './answers.ts'
import { createApp } from './app.ts'
import { EmClient } from './em/client.ts'
import type { Config, EmConfig } from './env.ts'
import { createLogger, type Logger } from './log.ts'
import { lookupFastPath } from './lookup-fast-path.ts'
import { type LookupOptions, Lookups } from './lookups.ts'
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
  em: EmClient
  /** Stops accepting, lets requests in flight finish, logs off EM and closes the pool to it. */
  close(): Promise<void>
}

const SHUTDOWN_GRACE_MS = 10_000

export async function startBff(options: StartBffOptions): Promise<RunningBff> {
  const { config } = options
  const emConfig = options.em ?? config.em
  if (!emConfig) throw new Error('startBff needs an EM configuration (EM_URL, EM_USERNAME, EM_PASSWORD)')
  const logger = options.logger ?? createLogger()
  const em = new EmClient({
    origin: emConfig.origin,
    username: emConfig.username,
    password: emConfig.password,
    format: config.emFormat,
    timeoutMs: config.emTimeoutMs,
    ca: emConfig.ca,
    insecure: emConfig.insecure,
  })
  const spa = Spa.load(config.webDist)
  if (!spa) logger.warn('the dashboard is not built; serving the API only', { webDist: config.webDist })
  const lookups = new Lookups(em, options.lookups)
  const app = createApp({ em, lookups, logger, spa })
  const fastPath = lookupFastPath(lookups, logger)

  const listener = getRequestListener(app.fetch, {
    hostname: config.host,
    // A request the adapter cannot turn into a Request (a backslash in the path, a malformed URL or Host).
    errorHandler: () => refusal(400, 'The request URL is not valid. Percent-encode the ID or use the GUID.'),
  })
  const server = createServer((req, res) => {
    if (!fastPath(req, res)) void listener(req, res)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  // Keep-alive from browsers and load generators: longer than typical proxies' idle timeouts.
  server.keepAliveTimeout = 65_000
  // Requests Node's HTTP parser refuses before the app sees them (an illegal character in the path, a request
  // line or headers too large) still get a JSON error with the security headers, like everything else.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return socket.destroy()
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW'
    const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'
    const body = errorBody(
      'invalid_id',
      tooLarge
        ? 'The request line or headers are too large. An ID is a GUID or a URN: check what was pasted.'
        : 'The request is not valid HTTP (for example, a character that is not allowed in a URL path). Percent-encode the ID or use the GUID.',
    )
    socket.end(
      `HTTP/1.1 ${status}\r\n${API_HEADER_LINES}content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    )
  })
  const { port } = server.address() as AddressInfo
  const host = config.host.includes(':') ? `[${config.host}]` : config.host

  let closing: Promise<void> | null = null
  return {
    url: `http://${host}:${port}`,
    port,
    em,
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
        const loggedOff = await em.logoff()
        if (loggedOff) logger.info('logged off Enterprise Manager')
        em.close()
        logger.flush()
      })()
      return closing
    },
  }
}

/** API_HEADERS as raw header lines, for answers written straight to the socket. */
const API_HEADER_LINES = Object.entries(API_HEADERS)
  .map(([name, value]) => `${name}: ${value}\r\n`)
  .join('')

function refusal(status: number, message: string): Response {
  return new Response(errorBody('invalid_id', message), { status, headers: API_HEADERS })
}
