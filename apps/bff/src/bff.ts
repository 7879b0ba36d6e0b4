import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { createApp } from './app.ts'
import { EmClient } from './em/client.ts'
import type { Config, EmConfig } from './env.ts'
import { createLogger, type Logger } from './log.ts'
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
  const app = createApp({ em, lookups: new Lookups(em, options.lookups), logger, spa })

  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () =>
      resolve(s as Server),
    )
    s.once('error', reject)
  })
  // Keep-alive from browsers and load generators: longer than typical proxies' idle timeouts.
  server.keepAliveTimeout = 65_000
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
      })()
      return closing
    },
  }
}
