// The stack the browser tests run against: one EM simulator (control endpoint on, live tasks a few seconds long)
// and two BFFs on it, both serving the production build of the SPA: one reading EM with a service account
// (AUTH=service) and one where every user signs in with their own EM account (AUTH=em). Started by
// Playwright's webServer, which waits for both health URLs.
import { fileURLToPath } from 'node:url'
import { loadConfig, startBff } from '@ese/bff'
import { DEFAULT_USERS, startSimulator } from '@ese/em-simulator'
import { E2E, USERS } from './ports.ts'

const admins = [USERS.viewer, USERS.leaver, USERS.mistyper, USERS.lockout, USERS.expiry].map((u) => ({
  ...u,
  role: 'PortalAdministrator' as const,
}))
const sim = await startSimulator({
  host: '127.0.0.1',
  port: E2E.simPort,
  username: E2E.username,
  password: E2E.password,
  users: [...DEFAULT_USERS, ...admins],
  control: { port: E2E.controlPort },
  liveTaskMs: E2E.liveTaskMs,
  // One replica job session with more machines than the task table renders at once (it virtualizes above 100).
  extraJobSessions: [E2E.bigJobTasks],
})
const webDist = fileURLToPath(new URL('../apps/web/dist', import.meta.url))
const em = { origin: sim.url, ca: undefined, caFile: undefined, insecure: false }

const serviceBff = await startBff({
  config: loadConfig({
    PORT: String(E2E.bffPort),
    AUTH: 'service',
    EM_TIMEOUT_MS: '3000',
    WEB_DIST: webDist,
  }),
  em: { ...em, username: E2E.username, password: E2E.password },
})
const emBff = await startBff({
  config: loadConfig({
    PORT: String(E2E.emBffPort),
    AUTH: 'em',
    // Plain HTTP in the tests: the cookie is `ese_session` (the `__Host-` prefix needs Secure).
    COOKIE_SECURE: 'false',
    // The sign-in limits count per client address; each test sends its own X-Forwarded-For.
    TRUST_PROXY: 'true',
    EM_TIMEOUT_MS: '3000',
    WEB_DIST: webDist,
  }),
  em,
})
console.log(
  `e2e stack: dashboard ${serviceBff.url} (service account), ${emBff.url} (sign-in), EM simulator ${sim.url}, control ${sim.controlUrl}`,
)

const stop = async () => {
  await Promise.allSettled([serviceBff.close(), emBff.close()])
  await sim.close()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
