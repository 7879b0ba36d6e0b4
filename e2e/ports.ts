export const E2E = {
  /** The dashboard reading EM with one service account (AUTH=service), as most deployments start. */
  bffPort: 4317,
  simPort: 4318,
  controlPort: 4319,
  /** The dashboard where every user signs in with their own EM account (AUTH=em, plain-HTTP cookie, behind a proxy). */
  emBffPort: 4320,
  /** The service account, a Portal Administrator. */
  username: 'restapi',
  password: 'E2E-Passw0rd!',
  /** Each task of the simulator's live job session takes this long, so a test can watch one finish. */
  liveTaskMs: 8000,
  /** Task sessions of the simulator's one big job session (DemoIds.extraJobSessionIds[0]). */
  bigJobTasks: 400,
} as const

/**
 * EM accounts of the simulator for the sign-in tests. Besides the simulator's defaults (`portal`, a Portal User
 * limited to some jobs; `operator`, a Restore Operator; `restricted`, no role), Portal Administrators of their
 * own, one per kind of test, so a lock-out or a counter of one test never touches another's account.
 */
export const USERS = {
  portal: { username: 'portal', password: 'Portal-Passw0rd!' },
  operator: { username: 'operator', password: 'Restore-Passw0rd!' },
  restricted: { username: 'restricted', password: 'Restricted-Passw0rd!' },
  /** Signs in, follows deep links, sees EM end its session. */
  viewer: { username: 'e2e-viewer', password: 'Viewer-Passw0rd!' },
  /** Signs out (its logoffs are counted). */
  leaver: { username: 'e2e-leaver', password: 'Leaver-Passw0rd!' },
  /** Types a wrong password once. */
  mistyper: { username: 'e2e-mistyper', password: 'Mistyper-Passw0rd!' },
  /** Gets locked out after too many wrong passwords. */
  lockout: { username: 'e2e-lockout', password: 'Lockout-Passw0rd!' },
  /** Sees EM end its session; nothing it reads is in the BFF's cache before (answers are cached per user). */
  expiry: { username: 'e2e-expiry', password: 'Expiry-Passw0rd!' },
} as const

export const BASE_URL = `http://127.0.0.1:${E2E.bffPort}`
export const EM_AUTH_URL = `http://127.0.0.1:${E2E.emBffPort}`
export const SIM_URL = `http://127.0.0.1:${E2E.simPort}`
export const CONTROL_URL = `http://127.0.0.1:${E2E.controlPort}`
