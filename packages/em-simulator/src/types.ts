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

export type UserCounters = {
  logons: number
  logoffs: number
  /** 401 answers to a logon with this account's name (wrong password). */
  failedLogons: number
}

export type Counters = {
  /** Successful logons (201), all accounts. */
  logons: number
  logoffs: number
  /** Logons answered 401 (unknown account, wrong password, no or non-Basic Authorization); not logons. */
  failedLogons: number
  /** Logon sessions currently valid (not logged off, not expired). */
  liveSessions: number
  requests: number
  /** Keyed by "METHOD /api/path", query string removed, literal path (IDs included). */
  requestsByPath: Record<string, number>
  /** Keyed by the configured account name (e.g. `portal`); an account appears once it logged on or failed to. */
  byUser: Record<string, UserCounters>
}

/**
 * EM roles as the REST API sees them (security_roles_concept; SESSIONS_QUERIES_ROLES §4.1). `None` is an account
 * that can log on but holds no EM role, so every resource call answers 403.
 */
export type UserRole = 'PortalAdministrator' | 'PortalUser' | 'RestoreOperator' | 'None'

export type SimUser = {
  username: string
  password: string
  role: UserRole
  /**
   * PortalUser only: the jobs whose sessions the account may read (names, case-insensitive; an agent job's
   * per-machine sessions follow their parent job). Absent: every job.
   */
  jobNames?: string[]
}

/** JSON key casing: EM v12 writes PascalCase keys, EM v13 camelCase (SESSIONS_QUERIES_ROLES §0.4). */
export type JsonCase = 'pascal' | 'camel'

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
  /** A Failed replica task created within the 24 hours before the simulator started (SQL Replication). */
  recentFailedReplicaTaskSessionId: string

  // Backup sessions. The completed/warning/failed tasks belong to one run of 'SQL Server Backup' that ended within
  // the 24 hours before the start (so a "last 24 h" view is never empty); its failed VM failed again on retry.
  backupCompletedTaskSessionId: string
  backupWarningTaskSessionId: string
  backupFailedTaskSessionId: string
  /** The (Failed) job session of the three tasks above. */
  backupFailedJobSessionId: string
  /** Stopped / Success, with a Related restore point ('Web and App Servers Backup'). */
  backupCompletedJobSessionId: string
  /** The live backup job ('Tier-1 Hourly Backup'): a session is always running, driven by liveTaskMs. */
  backupRunningTaskSessionId: string
  backupRunningJobSessionId: string
  /** A Failed backup task whose VM the retry session fixed, the retry's Success task and the retry job session. */
  retryFixedFailedTaskSessionId: string
  retryFixedTaskSessionId: string
  retryFixedJobSessionId: string
  /** JobType AgentBackup (the parent), one of its AgentManagement children, and that child's task. */
  agentBackupJobSessionId: string
  agentManagementJobSessionId: string
  agentTaskSessionId: string
  /** JobType NasBackup (file share backup). */
  nasBackupJobSessionId: string
  /**
   * A replica run ('File Servers Replica', within the 24 hours before the start) that failed as a whole before
   * any machine: Failed, with a FailureMessage and no task sessions.
   */
  jobFailedJobSessionId: string
  /** A VM that failed in 'Infrastructure Backup' (and its retries) several days running, then succeeded. */
  failureStreak: {
    vmName: string
    jobName: string
    /** Every failed task of the streak, retries included, oldest first. */
    failedTaskSessionIds: string[]
    /** The first Success task after the streak. */
    recoveredTaskSessionId: string
  }
  /** A VM processed by replica and backup jobs alike (history across jobs and kinds). */
  sharedVmName: string

  // Sessions inside and outside the default Portal User's scope (DEFAULT_USERS[0].jobNames).
  portalUserVisibleTaskSessionId: string
  portalUserVisibleJobSessionId: string
  portalUserForbiddenTaskSessionId: string
  portalUserForbiddenJobSessionId: string
  portalUserVisibleBackupTaskSessionId: string
  portalUserForbiddenBackupTaskSessionId: string
  portalUserForbiddenBackupJobSessionId: string
}

export type SimulatorOptions = {
  /** Default '127.0.0.1'. */
  host?: string
  /** Default 0 (any free port); the CLI defaults to 9398. */
  port?: number
  /** HTTPS when given, HTTP otherwise. */
  tls?: { cert: string | Buffer; key: string | Buffer }
  /** The Portal Administrator (sees everything). Default 'restapi'. */
  username?: string
  /** Default 'Sim-Passw0rd!'. */
  password?: string
  /** A user without an Enterprise Manager role: logon succeeds, every resource call answers 403. */
  restrictedUsername?: string
  restrictedPassword?: string
  /**
   * More accounts, besides the administrator and the restricted account above; replaces DEFAULT_USERS (a Portal
   * User and a Restore Operator). Names must be unique, case-insensitively.
   */
  users?: SimUser[]
  /** JSON key casing; default 'pascal' (EM v12). 'camel' is EM v13. Switchable at run time. */
  jsonCase?: JsonCase
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
  /** Extra completed replica job sessions with exactly these task counts (benchmarks). */
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
  /** The JSON key casing now in force. */
  jsonCase(): JsonCase
  setJsonCase(c: JsonCase): void
  close(): Promise<void>
}

export const DEFAULT_CREDENTIALS = {
  username: 'restapi',
  password: 'Sim-Passw0rd!',
  restrictedUsername: 'restricted',
  restrictedPassword: 'Restricted-Passw0rd!',
  portalUsername: 'portal',
  portalPassword: 'Portal-Passw0rd!',
  operatorUsername: 'operator',
  operatorPassword: 'Restore-Passw0rd!',
} as const

/** The jobs whose sessions the default Portal User may read: one replica and one backup job, each with its live twin. */
export const PORTAL_USER_JOB_NAMES: readonly string[] = [
  'SQL Replication',
  'Tier-1 Continuous Replication',
  'SQL Server Backup',
  'Tier-1 Hourly Backup',
]

/** The accounts that exist unless `users` says otherwise. */
export const DEFAULT_USERS: readonly SimUser[] = [
  {
    username: DEFAULT_CREDENTIALS.portalUsername,
    password: DEFAULT_CREDENTIALS.portalPassword,
    role: 'PortalUser',
    jobNames: [...PORTAL_USER_JOB_NAMES],
  },
  {
    username: DEFAULT_CREDENTIALS.operatorUsername,
    password: DEFAULT_CREDENTIALS.operatorPassword,
    role: 'RestoreOperator',
  },
]
