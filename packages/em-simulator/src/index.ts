import { fileURLToPath } from 'node:url'

export { startSimulator } from './server.ts'
export {
  type Counters,
  DEFAULT_CREDENTIALS,
  DEFAULT_FAULTS,
  DEFAULT_USERS,
  type DemoIds,
  type DownFault,
  type Faults,
  type JsonCase,
  PAYLOAD_FAULTS,
  type PayloadFault,
  PORTAL_USER_JOB_NAMES,
  type RunningSimulator,
  type SimUser,
  type SimulatorOptions,
  type UserCounters,
  type UserRole,
} from './types.ts'

const cert = (name: string): string => fileURLToPath(new URL(`../certs/${name}`, import.meta.url))

/** Test-only TLS material: `ca` signs `cert`/`key` (localhost, 127.0.0.1, ::1); `otherCa` is unrelated. */
export const TEST_CERTS = {
  ca: cert('ca.pem'),
  cert: cert('em.pem'),
  key: cert('em.key'),
  otherCa: cert('other-ca.pem'),
} as const
