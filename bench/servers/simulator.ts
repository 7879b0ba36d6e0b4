/**
 * The EM simulator in its own process, without faults, with extra completed job sessions of the task counts in
 * SIM_EXTRA_JOB_SESSIONS (comma-separated). Prints `{"url": …, "demo": …}` when listening.
 */
import { startSimulator } from '@ese/em-simulator'

const extra = (process.env.SIM_EXTRA_JOB_SESSIONS ?? '')
  .split(',')
  .filter(Boolean)
  .map((n) => Number(n))
const sim = await startSimulator({
  host: '127.0.0.1',
  port: 0,
  username: process.env.SIM_USER ?? 'bench',
  password: process.env.SIM_PASSWORD ?? 'Bench-Passw0rd!',
  extraJobSessions: extra,
})
process.stdout.write(`${JSON.stringify({ url: sim.url, demo: sim.demo })}\n`)
// Counters on request, over stdin: the bench asks at the end, so the logon count is the simulator's own.
process.stdin.on('data', () => process.stdout.write(`${JSON.stringify({ counters: sim.counters() })}\n`))
process.on('SIGTERM', () => {
  void sim.close().then(() => process.exit(0))
})
