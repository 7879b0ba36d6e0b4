import { fileURLToPath } from 'node:url'

export { startSimulator } from './server.ts'
export {
  type Counters,
  DEFAULT_CREDENTIALS,
  DEFAULT_FAULTS,
  type DemoIds,
  type DownFault,
  type Faults,
  PAYLOAD_FAULTS,
  type PayloadFault,
  type RunningSimulator,
  type SimulatorOptions,
} from './types.ts'

const cert = (name: string): string => fileURLToPath(new URL(`../certs/${name}`, import.meta.url))

/** Test-only TLS material: `ca` signs `cert`/`key` (localhost, 127.0.0.1, ::1); `otherCa` is unrelated. */
export const TEST_CERTS = {
  ca: cert('ca.pem'),
  cert: cert('em.pem'),
  key: cert('em.key'),
  otherCa: cert('other-ca.pem'),
} as const
