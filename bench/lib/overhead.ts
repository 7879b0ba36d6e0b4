/**
 * Overhead over EM: uncached lookups of distinct finished task sessions through the BFF against the same
 * lookups sent straight to the simulator (with a token and Accept, as the BFF sends them), EM answering in
 * 50 ms. Each BFF lookup is of a session it has never seen, so each is a cache miss; the simulator's counters
 * confirm it (EM calls per lookup). Rounds interleave the two, alternating which goes first.
 */

import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import type { BffProc } from './bff.ts'
import { Pool, shuffled } from './ids.ts'
import { assertClean, type LoadResult, latencyOf, load, median } from './load.ts'
import { callsBetween, finishedTaskSessions, type Sim, sum } from './sim.ts'
import type { LatencyComparison, OverheadResults, PairedRound } from './types.ts'

export type OverheadOptions = {
  sim: Sim
  bff: BffProc
  emLatencyMs: number
  emMaxConnections: number
  rounds: number
  lookupsPerRun: number
  crowdRounds: number
  crowdLookupsPerRun: number
  singleRounds: number
  singleLookupsPerRun: number
  log: (msg: string) => void
}

export const WITHIN_CONNECTIONS = 5
export const CROWD_CONNECTIONS = 20

export async function runOverhead(o: OverheadOptions): Promise<OverheadResults & { bffRequests: number }> {
  const token = await o.sim.logon()
  const sessions = shuffled(await finishedTaskSessions(o.sim, token))
  const pool = new Pool(sessions)
  let bffRequests = 0
  o.log(`  ${sessions.length} distinct finished task sessions listed by the simulator`)

  type Batch = { segment: string; id: string }[]
  const bffRun = async (connections: number, batch: Batch, amount: number) => {
    const before = await o.sim.counters()
    const r = await load({
      url: o.bff.url,
      connections,
      amount,
      path: oneEach(batch.map((s) => `/api/${s.segment}/${s.id}`)),
    })
    const calls = sum(callsBetween(before, await o.sim.counters()))
    const lines: [number, number] = [bffRequests, bffRequests + r.completed]
    bffRequests += r.completed
    assertClean('BFF lookups', r)
    return { r, emCallsPerLookup: calls / Math.max(1, r.completed), lines }
  }
  const directRun = async (connections: number, batch: Batch, amount: number) => {
    const r = await load({
      url: o.sim.url,
      connections,
      amount,
      headers: { 'x-restsvcsessionid': token, accept: 'application/xml' },
      path: oneEach(batch.map((s) => `/api/${s.segment}/${s.id}?format=Entity`)),
    })
    assertClean('direct lookups', r)
    return r
  }

  // Warm-up: the BFF's one logon, JIT, connections to EM. Not recorded.
  const warm = pool.take(60)
  await bffRun(WITHIN_CONNECTIONS, warm, 50)
  await directRun(WITHIN_CONNECTIONS, warm, 50)

  const compare = async (connections: number, rounds: number, perRun: number): Promise<LatencyComparison> => {
    const paired: PairedRound[] = []
    for (let round = 0; round < rounds; round++) {
      // The same sessions both ways, in the same order; each run gets a few spare IDs (see oneEach).
      const batch = pool.take(perRun + connections)
      let bff: { r: LoadResult; emCallsPerLookup: number; lines: [number, number] }
      let direct: LoadResult
      if (round % 2 === 0) {
        bff = await bffRun(connections, batch, perRun)
        direct = await directRun(connections, batch, perRun)
      } else {
        direct = await directRun(connections, batch, perRun)
        bff = await bffRun(connections, batch, perRun)
      }
      paired.push({ bff: bff.r, direct, emCallsPerLookup: bff.emCallsPerLookup, bffLogLines: bff.lines })
      o.log(
        `  c=${connections} round ${round + 1}/${rounds}: BFF p50 ${bff.r.latency.p50.toFixed(1)} p99 ${bff.r.latency.p99.toFixed(1)} ms ${bff.r.rps.toFixed(0)} req/s (EM calls/lookup ${bff.emCallsPerLookup.toFixed(2)}); direct p50 ${direct.latency.p50.toFixed(1)} p99 ${direct.latency.p99.toFixed(1)} ms ${direct.rps.toFixed(0)} req/s`,
      )
    }
    return summarise(connections, perRun, paired)
  }

  const within = await compare(WITHIN_CONNECTIONS, o.rounds, o.lookupsPerRun)
  const crowd = await compare(CROWD_CONNECTIONS, o.crowdRounds, o.crowdLookupsPerRun)
  const single = await compare(1, o.singleRounds, o.singleLookupsPerRun)
  return {
    emLatencyMs: o.emLatencyMs,
    emMaxConnections: o.emMaxConnections,
    sessionsAvailable: sessions.length,
    sessionsUsed: sessions.length - pool.left,
    within,
    crowd,
    single,
    bffRequests,
  }
}

export function summarise(connections: number, perRun: number, rounds: PairedRound[]): LatencyComparison {
  const side = (pick: (r: PairedRound) => LoadResult) => ({
    p50: median(rounds.map((r) => pick(r).latency.p50)),
    p99: median(rounds.map((r) => pick(r).latency.p99)),
    rps: median(rounds.map((r) => pick(r).rps)),
  })
  return {
    connections,
    lookupsPerRun: perRun,
    rounds,
    bff: side((r) => r.bff),
    direct: side((r) => r.direct),
    p50Ratio: median(rounds.map((r) => r.bff.latency.p50 / r.direct.latency.p50)),
    p99Ratio: median(rounds.map((r) => r.bff.latency.p99 / r.direct.latency.p99)),
  }
}

/**
 * Each path once, in order. autocannon may prepare a request or two past `amount`; those get the spare paths
 * after the batch (never a repeat, which the BFF would answer from its cache).
 */
function oneEach(paths: string[]): () => string {
  let i = 0
  return () => paths[Math.min(i++, paths.length - 1)] ?? '/'
}

/**
 * Reads the BFF's own time of each round's lookups from its request log (once it has stopped): the log has a
 * line per request, in the order they finished, and each round's lines follow the previous round's.
 */
export async function addHandlerTimes(logFile: string, comparisons: LatencyComparison[]): Promise<void> {
  const ms: number[] = []
  for await (const line of createInterface({ input: createReadStream(logFile), crlfDelay: Infinity })) {
    if (!line.includes('"msg":"request"')) continue
    const m = /"ms":([\d.]+)/.exec(line)
    ms.push(m ? Number(m[1]) : Number.NaN)
  }
  for (const c of comparisons) {
    for (const round of c.rounds) {
      const l = latencyOf(ms.slice(round.bffLogLines[0], round.bffLogLines[1]))
      round.bffHandler = { p50: l.p50, p99: l.p99 }
    }
    c.bffHandler = {
      p50: median(c.rounds.map((r) => r.bffHandler?.p50 ?? Number.NaN)),
      p99: median(c.rounds.map((r) => r.bffHandler?.p99 ?? Number.NaN)),
    }
  }
}
