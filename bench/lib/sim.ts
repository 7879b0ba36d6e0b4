import type { Counters, DemoIds } from '@ese/em-simulator'
import { BENCH_PASSWORD, type Proc, startNode } from './procs.ts'

/** The BFF's account on the simulator, and the bench's own for requests sent straight to EM. */
export const SIM_USER = 'bench'
export const SIM_DIRECT_USER = 'bench-direct'

export type Sim = {
  proc: Proc
  url: string
  demo: DemoIds
  /** A snapshot of the simulator's counters (never reset: the BFF's logons are counted over the whole run). */
  counters(): Promise<Counters>
  /** Logs on as the bench's own account; the token EM sends. */
  logon(): Promise<string>
  /** How long every answer waits from now on (EM's own time). */
  setLatency(ms: number): Promise<void>
}

export async function startSim(
  name: string,
  options: { latencyMs: number; extraJobSessions?: number[]; liveTaskMs?: number },
): Promise<Sim> {
  const proc = await startNode({
    name,
    script: 'bench/servers/simulator.ts',
    env: {
      SIM_USER,
      SIM_DIRECT_USER,
      SIM_PASSWORD: BENCH_PASSWORD,
      SIM_LATENCY_MS: String(options.latencyMs),
      SIM_EXTRA_JOB_SESSIONS: (options.extraJobSessions ?? []).join(','),
      ...(options.liveTaskMs ? { SIM_LIVE_TASK_MS: String(options.liveTaskMs) } : {}),
    },
    timeoutMs: 60_000,
  })
  const url = String(proc.info.url)
  const control = String(proc.info.controlUrl)
  return {
    proc,
    url,
    demo: proc.info.demo as DemoIds,
    counters: async () => (await (await fetch(`${control}/counters`)).json()) as Counters,
    setLatency: async (ms) => {
      const res = await fetch(`${control}/faults`, {
        method: 'POST',
        body: JSON.stringify({ latencyMs: ms }),
      })
      await res.arrayBuffer()
      if (res.status !== 200) throw new Error(`the simulator refused latency ${ms} ms (${res.status})`)
    },
    logon: async () => {
      const basic = Buffer.from(`${SIM_DIRECT_USER}:${BENCH_PASSWORD}`).toString('base64')
      const res = await fetch(`${url}/api/sessionMngr/?v=latest`, {
        method: 'POST',
        headers: { Authorization: `Basic ${basic}` },
      })
      await res.arrayBuffer()
      const token = res.headers.get('x-restsvcsessionid')
      if (res.status !== 201 || !token)
        throw new Error(`the simulator refused the bench's logon (${res.status})`)
      return token
    },
  }
}

/** EM's calls counted by the simulator between two snapshots, logons and logoffs aside, by path. */
export function callsBetween(before: Counters, after: Counters): Map<string, number> {
  const out = new Map<string, number>()
  for (const [key, count] of Object.entries(after.requestsByPath)) {
    if (key.startsWith('POST /api/sessionMngr') || key.startsWith('DELETE /api/logonSessions')) continue
    const n = count - (before.requestsByPath[key] ?? 0)
    if (n > 0) out.set(key, n)
  }
  return out
}

export const sum = (calls: Map<string, number>): number => [...calls.values()].reduce((a, b) => a + b, 0)

/**
 * Every finished task session the simulator lists through its query service (replica and backup), as the
 * path segment and GUID of each: the distinct sessions of the uncached lookups.
 */
export async function finishedTaskSessions(
  sim: Sim,
  token: string,
): Promise<{ segment: string; id: string }[]> {
  const out: { segment: string; id: string }[] = []
  for (const type of ['ReplicaTaskSession', 'BackupTaskSession']) {
    const res = await fetch(
      `${sim.url}/api/query?type=${type}&format=References&pageSize=100000&page=1&filter=${encodeURIComponent('State==Completed')}`,
      { headers: { 'X-RestSvcSessionId': token, Accept: 'application/json' } },
    )
    if (res.status !== 200) throw new Error(`the simulator's query of ${type} answered ${res.status}`)
    const text = (await res.text()).replace(/^\uFEFF/, '')
    // References carry an Href to the entity; the GUID and its collection are all the bench needs.
    for (const m of text.matchAll(
      /\/api\/(replicaTaskSessions|backupTaskSessions)\/([0-9a-f-]{36})\?format=Entity/g,
    )) {
      if (m[1] && m[2]) out.push({ segment: m[1], id: m[2] })
    }
  }
  const unique = new Map(out.map((s) => [s.id, s]))
  return [...unique.values()]
}
