import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { isIP } from 'node:net'
import { fileURLToPath } from 'node:url'
import { startBff } from './bff.ts'
import { ConfigError, type EmConfig, loadConfig } from './env.ts'
import { createLogger } from './log.ts'

const logger = createLogger()
const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url))

async function main() {
  // `pnpm start` reads ./.env (the repo root's, or the BFF's own) when there is one; real env vars win.
  for (const file of [new URL('../../../.env', import.meta.url), new URL('../.env', import.meta.url)]) {
    if (existsSync(file)) process.loadEnvFile(fileURLToPath(file))
  }
  const config = loadConfig(process.env, { webDist: WEB_DIST })

  let em: EmConfig
  let stopSimulator: (() => Promise<void>) | null = null
  let demoLinks: string[] = []
  if (config.em) {
    em = config.em
    if (em.insecure) {
      logger.warn(
        'EM_TLS_INSECURE=true: the certificate of Enterprise Manager is NOT verified; anyone on the network path could impersonate it. Prefer EM_CA_FILE.',
      )
    }
    logger.info(
      { em: em.origin, format: config.emFormat, auth: config.auth, caFile: em.caFile ?? null },
      'using Enterprise Manager',
    )
  } else {
    // Loaded only for the demo: a deployment in front of a real EM does not carry the simulator in memory.
    const { startSimulator, DEFAULT_CREDENTIALS } = await import('@ese/em-simulator')
    // The demo: an embedded simulator on a free loopback port. With sign-in its administrator is the one the
    // README names; as the service account, it gets a throwaway password.
    const { username, password } =
      config.auth === 'em'
        ? DEFAULT_CREDENTIALS
        : { username: 'demo', password: randomBytes(18).toString('base64url') }
    const sim = await startSimulator({ host: '127.0.0.1', port: 0, username, password })
    stopSimulator = () => sim.close()
    em = { origin: sim.url, username, password, ca: undefined, caFile: undefined, insecure: false }
    demoLinks = [
      `/replicaTaskSessions/${sim.demo.failedTaskSessionId}`,
      `/replicaTaskSessions/${sim.demo.runningTaskSessionId}`,
      `/replicaSessions/${sim.demo.completedJobSessionId}`,
      `/backupServers/${sim.demo.backupServerIds[0]}`,
    ]
    logger.info(
      { em: sim.url, auth: config.auth },
      'EM_URL is not set: using the embedded EM simulator with demo data',
    )
  }
  if (config.auth === 'service' && !isLoopback(config.host)) {
    logger.warn(
      { host: config.host },
      "AUTH=service on a non-loopback HOST: everyone who reaches the dashboard reads with the service account's rights. Use AUTH=em for a team.",
    )
  }

  let bff: Awaited<ReturnType<typeof startBff>> | null = null
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    await bff?.close()
    await stopSimulator?.()
    logger.info('stopped')
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
  const running = await startBff({ config, em, logger })
  bff = running
  logger.info({ dashboard: `${running.url}/` }, 'EM Session Explorer is ready')
  if (demoLinks.length > 0) {
    process.stdout.write(
      `\n  Dashboard: ${running.url}/\n  Demo links:\n${demoLinks.map((l) => `    ${running.url}${l}`).join('\n')}\n\n`,
    )
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'))
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(
      `${error.message}\nSee the README's Configuration section; an example is in .env.example.\n`,
    )
    process.exit(2)
  }
  const code = typeof error === 'object' && error && 'code' in error ? String(error.code) : ''
  if (code === 'EADDRINUSE') {
    process.stderr.write('The port is already in use: set PORT to a free port (or stop what is using it).\n')
    process.exit(2)
  }
  logger.error(
    { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) },
    'failed to start',
  )
  process.exit(1)
})
