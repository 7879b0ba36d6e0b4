/**
 * The EM simulator in its own process: the bench's Enterprise Manager. Every /api answer waits SIM_LATENCY_MS
 * first (EM's own time); SIM_EXTRA_JOB_SESSIONS adds completed replica job sessions with those task counts
 * (comma-separated); SIM_LIVE_TASK_MS sets how long a task of the live (always running) jobs takes.
 *
 * Two administrator accounts: SIM_USER for the BFF and SIM_DIRECT_USER for the bench's own requests straight to
 * EM, so the BFF's logons are counted apart. The control endpoint is on (counters, faults); prints one line
 * `{"url", "controlUrl", "demo"}` when listening.
 */
import { startSimulator } from '@ese/em-simulator'

const env = process.env
const numbers = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .filter(Boolean)
    .map((n) => Number(n))
const password = env.SIM_PASSWORD ?? 'Bench-Passw0rd!'
const sim = await startSimulator({
  host: '127.0.0.1',
  port: 0,
  username: env.SIM_USER ?? 'bench',
  password,
  users: [{ username: env.SIM_DIRECT_USER ?? 'bench-direct', password, role: 'PortalAdministrator' }],
  control: true,
  faults: { latencyMs: Number(env.SIM_LATENCY_MS ?? 0) },
  extraJobSessions: numbers(env.SIM_EXTRA_JOB_SESSIONS),
  ...(env.SIM_LIVE_TASK_MS ? { liveTaskMs: Number(env.SIM_LIVE_TASK_MS) } : {}),
})
process.stdout.write(`${JSON.stringify({ url: sim.url, controlUrl: sim.controlUrl, demo: sim.demo })}\n`)
process.on('SIGTERM', () => {
  void sim.close().then(() => process.exit(0))
})
