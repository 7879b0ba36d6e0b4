// The stack the browser tests run against: the EM simulator (control endpoint on, live tasks a few seconds
// long) and the BFF serving the production build of the SPA. Started by Playwright's webServer.
import { fileURLToPath } from 'node:url'
import { loadConfig, startBff } from '@ese/bff'
import { startSimulator } from '@ese/em-simulator'
import { E2E } from './ports.ts'

const sim = await startSimulator({
  host: '127.0.0.1',
  port: E2E.simPort,
  username: E2E.username,
  password: E2E.password,
  control: { port: E2E.controlPort },
  liveTaskMs: E2E.liveTaskMs,
})
const config = loadConfig({
  PORT: String(E2E.bffPort),
  EM_TIMEOUT_MS: '3000',
  WEB_DIST: fileURLToPath(new URL('../apps/web/dist', import.meta.url)),
})
const bff = await startBff({
  config,
  em: {
    origin: sim.url,
    username: E2E.username,
    password: E2E.password,
    ca: undefined,
    caFile: undefined,
    insecure: false,
  },
})
console.log(`e2e stack: dashboard ${bff.url}, EM simulator ${sim.url}, control ${sim.controlUrl}`)

const stop = async () => {
  await bff.close()
  await sim.close()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
