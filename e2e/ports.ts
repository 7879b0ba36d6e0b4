export const E2E = {
  bffPort: 4317,
  simPort: 4318,
  controlPort: 4319,
  username: 'restapi',
  password: 'E2E-Passw0rd!',
  /** Each task of the simulator's live job session takes this long, so a test can watch one finish. */
  liveTaskMs: 8000,
} as const

export const BASE_URL = `http://127.0.0.1:${E2E.bffPort}`
export const SIM_URL = `http://127.0.0.1:${E2E.simPort}`
export const CONTROL_URL = `http://127.0.0.1:${E2E.controlPort}`
