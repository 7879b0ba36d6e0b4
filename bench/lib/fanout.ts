/**
 * Fan-out: V viewers each poll one running job session and its task list as the page does (both requests once
 * per `refreshMs` of GET /api/session, the BFF's running window), starting at random offsets, for a fixed time;
 * the simulator counts EM's calls. The BFF shares a running session's answers for RUNNING_CACHE_MS, so the calls
 * should be bounded by that window, not by V.
 */
import { isJobSessionFinished } from '@ese/shared'
import type { BffProc } from './bff.ts'
import { prng } from './ids.ts'
import { latencyOf } from './load.ts'
import { callsBetween, type Sim, sum } from './sim.ts'
import type { FanoutLevel, FanoutResults } from './types.ts'

export type FanoutOptions = {
  sim: Sim
  bff: BffProc
  levels: number[]
  durationS: number
  /** Used only if GET /api/session does not say how often the page refreshes a running session. */
  fallbackPollEveryMs: number
  runningCacheMs: number
  emLatencyMs: number
  log: (msg: string) => void
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function runFanout(o: FanoutOptions): Promise<FanoutResults & { bffRequests: number }> {
  const jobId = o.sim.demo.runningJobSessionId
  const sessionPath = `/api/replicaSessions/${jobId}`
  const listPath = `${sessionPath}/replicaTaskSessions`
  let bffRequests = 0

  const get = async (path: string): Promise<{ ms: number; ok: boolean; body: string }> => {
    const t = performance.now()
    try {
      const res = await fetch(`${o.bff.url}${path}`)
      const body = await res.text()
      bffRequests++
      return { ms: performance.now() - t, ok: res.status === 200, body }
    } catch {
      return { ms: performance.now() - t, ok: false, body: '' }
    }
  }

  // Warm-up: the BFF's one logon and its connections to EM.
  const warm = await Promise.all([get(sessionPath), get(listPath)])
  if (!warm.every((r) => r.ok))
    throw new Error(`the BFF did not answer the running job session: ${warm[0]?.body}`)
  // How often the page refreshes a running session: what the BFF tells it (the SPA reads the same answer).
  const session = await get('/api/session')
  const told = session.ok ? (JSON.parse(session.body) as { refreshMs?: unknown }).refreshMs : undefined
  const fromBff = typeof told === 'number' && told >= 1000
  const pollEveryMs = fromBff ? told : o.fallbackPollEveryMs
  const pollSource = fromBff
    ? 'refreshMs of GET /api/session'
    : `${o.fallbackPollEveryMs} ms: GET /api/session gave no refreshMs`
  o.log(`  viewers refresh every ${pollEveryMs} ms (${pollSource})`)

  const levels: FanoutLevel[] = []
  for (const viewers of o.levels) {
    // The previous level's shared answers expire first, so every level starts cold.
    await sleep(o.runningCacheMs + 500)
    const before = await o.sim.counters()
    const random = prng(viewers * 7919)
    const latencies: number[] = []
    let failed = 0
    let polls = 0
    let lastSession = ''
    const inflight = new Set<Promise<void>>()
    const timers: NodeJS.Timeout[] = []
    const end = performance.now() + o.durationS * 1000

    const poll = () => {
      if (performance.now() >= end) return
      polls++
      const p = Promise.all([get(sessionPath), get(listPath)]).then(([session, list]) => {
        for (const r of [session, list]) {
          latencies.push(r.ms)
          if (!r.ok) failed++
        }
        if (session.ok) lastSession = session.body
      })
      inflight.add(p)
      void p.finally(() => inflight.delete(p))
    }
    for (let v = 0; v < viewers; v++) {
      const offset = random() * pollEveryMs
      timers.push(
        setTimeout(() => {
          poll()
          timers.push(setInterval(poll, pollEveryMs))
        }, offset),
      )
    }
    await sleep(o.durationS * 1000)
    for (const t of timers) clearTimeout(t)
    await Promise.all(inflight)
    const calls = callsBetween(before, await o.sim.counters())
    const sessionCalls = calls.get(`GET ${sessionPath}`) ?? 0
    const taskListCalls = calls.get(`GET ${listPath}`) ?? 0
    const total = sum(calls)
    const perMin = (total / o.durationS) * 60
    let stillRunning = false
    try {
      stillRunning = !isJobSessionFinished(
        JSON.parse(lastSession) as { state: string; endTime: string | null },
      )
    } catch {}
    const level: FanoutLevel = {
      viewers,
      durationS: o.durationS,
      polls,
      failedRequests: failed,
      sessionCalls,
      taskListCalls,
      otherCalls: total - sessionCalls - taskListCalls,
      emCallsPerMin: perMin,
      perViewerPerMin: perMin / viewers,
      latency: latencyOf(latencies),
      stillRunning,
    }
    levels.push(level)
    o.log(
      `  ${String(viewers).padStart(3)} viewers, ${polls} polls in ${o.durationS} s: EM calls ${total} (session ${sessionCalls}, task list ${taskListCalls}) = ${perMin.toFixed(1)}/min; poll p50 ${level.latency.p50.toFixed(1)} ms p99 ${level.latency.p99.toFixed(1)} ms; failed ${failed}; running ${stillRunning}`,
    )
  }
  return {
    jobSessionId: jobId,
    runningCacheMs: o.runningCacheMs,
    pollEveryMs,
    pollSource,
    emLatencyMs: o.emLatencyMs,
    levels,
    bffRequests,
  }
}
