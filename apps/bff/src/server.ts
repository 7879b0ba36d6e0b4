import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startSimulator } from '@ese/em-simulator'
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
    logger.info('using Enterprise Manager', {
      em: em.origin,
      format: config.emFormat,
      caFile: em.caFile ?? null,
    })
  } else {
    // The demo: an embedded simulator on a free loopback port, with a throwaway password.
    const password = randomBytes(18).toString('base64url')
    const sim = await startSimulator({ host: '127.0.0.1', port: 0, username: 'demo', password })
    stopSimulator = () => sim.close()
    em = { origin: sim.url, username: 'demo', password, ca: undefined, caFile: undefined, insecure: false }
    demoLinks = [
      `/replicaTaskSessions/${sim.demo.failedTaskSessionId}`,
      `/replicaTaskSessions/${sim.demo.runningTaskSessionId}`,
      `/replicaSessions/${sim.demo.completedJobSessionId}`,
      `/backupServers/${sim.demo.backupServerIds[0]}`,
    ]
    logger.info('EM_URL is not set: using the embedded EM simulator with demo data', { em: sim.url })
  }

  const bff = await startBff({ config, em, logger })
  logger.info('EM Session Explorer is ready', { dashboard: `${bff.url}/` })
  if (demoLinks.length > 0) {
    process.stdout.write(
      `\n  Dashboard: ${bff.url}/\n  Demo links:\n${demoLinks.map((l) => `    ${bff.url}${l}`).join('\n')}\n\n`,
    )
  }

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info('shutting down', { signal })
    await bff.close()
    await stopSimulator?.()
    logger.info('stopped')
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
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
  logger.error('failed to start', {
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  })
  process.exit(1)
})
