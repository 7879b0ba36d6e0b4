export type PayloadFault =
  | 'malformed'
  | 'truncated'
  | 'billion-laughs'
  | 'oversized'
  | 'deep-nesting'
  | 'html-200'
  | 'wrong-content-type'
  | 'trickle'

export const PAYLOAD_FAULTS: readonly PayloadFault[] = [
  'malformed',
  'truncated',
  'billion-laughs',
  'oversized',
  'deep-nesting',
  'html-200',
  'wrong-content-type',
  'trickle',
]

export type DownFault = null | 'refuse' | '503'

export type Faults = {
  /** Added before answering every /api request. */
  latencyMs: number
  /** 0..1: that fraction of resource calls answer 500 with an Error body. */
  failureRate: number
  /** 'refuse': the API listener is closed (ECONNREFUSED) until cleared; '503': every /api call answers 503. */
  down: DownFault
  /** Replaces the body of 200 answers to resource calls. */
  payload: null | PayloadFault
  oversizedBytes: number
}

export const DEFAULT_FAULTS: Faults = {
  latencyMs: 0,
  failureRate: 0,
  down: null,
  payload: null,
  oversizedBytes: 50 * 1024 * 1024,
}

export type Counters = {
  logons: number
  logoffs: number
  /** Logon sessions currently valid (not logged off, not expired). */
  liveSessions: number
  requests: number
  /** Keyed by "METHOD /api/path", query string removed, literal path (IDs included). */
  requestsByPath: Record<string, number>
}

export type DemoIds = {
  backupServerIds: string[]
  /** Completed / Success, within the last 30 days. */
  completedTaskSessionId: string
  warningTaskSessionId: string
  failedTaskSessionId: string
  /** In the job session running at start. */
  runningTaskSessionId: string
  runningJobSessionId: string
  completedJobSessionId: string
  /** Older than 30 days: not in collections or queries, still served by ID. */
  oldTaskSessionId: string
  oldJobSessionId: string
  /** IsRetry true. */
  retryJobSessionId: string
  extraJobSessionIds: string[]
}

export type SimulatorOptions = {
  /** Default '127.0.0.1'. */
  host?: string
  /** Default 0 (any free port); the CLI defaults to 9398. */
  port?: number
  /** HTTPS when given, HTTP otherwise. */
  tls?: { cert: string | Buffer; key: string | Buffer }
  /** Default 'restapi'. */
  username?: string
  /** Default 'Sim-Passw0rd!'. */
  password?: string
  /** A user without an Enterprise Manager role: logon succeeds, every resource call answers 403. */
  restrictedUsername?: string
  restrictedPassword?: string
  /** Sliding idle timeout of logon sessions; default 15 minutes (http_authentication.md). */
  idleTimeoutMs?: number
  /** Default 1; the same seed gives the same data given the same start time. */
  seed?: number
  /** Clock; default Date.now. The live session follows it. */
  now?: () => number
  /** Wall-clock duration of one task of the live job session; default 120 000. */
  liveTaskMs?: number
  /** Enable the control endpoint (off by default). */
  control?: boolean | { port?: number }
  /** Initial faults. */
  faults?: Partial<Faults>
  /** Extra completed job sessions with exactly these task counts (benchmarks). */
  extraJobSessions?: number[]
}

export type RunningSimulator = {
  /** Origin, e.g. 'https://127.0.0.1:53211' (no trailing slash, no /api). */
  url: string
  port: number
  /** Origin of the control endpoint when enabled. */
  controlUrl: string | null
  demo: DemoIds
  setFaults(f: Partial<Faults>): void
  clearFaults(): void
  /** Every logon session becomes invalid (the next call with its token gets 401). */
  expireAllSessions(): void
  /** Like an EM service restart: connections dropped, logon sessions lost, same port, same data. */
  restart(): Promise<void>
  counters(): Counters
  resetCounters(): void
  close(): Promise<void>
}

export const DEFAULT_CREDENTIALS = {
  username: 'restapi',
  password: 'Sim-Passw0rd!',
  restrictedUsername: 'restricted',
  restrictedPassword: 'Restricted-Passw0rd!',
} as const
