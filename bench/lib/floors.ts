/**
 * Floors that catch regressions, on loopback in front of a zero-latency static upstream: uncached lookups
 * through the BFF against a bare pass-through proxy (RUNNING_CACHE_MS=0 and 10 000 running task sessions, so
 * nothing is cached; the upstream's count confirms one EM call per lookup), and a cached lookup against a Hono
 * hello-world. Rounds interleave subject and reference, alternating which goes first.
 */
import type { BffProc } from './bff.ts'
import { COMPLETED_ID, cycling, runningIds } from './ids.ts'
import { assertClean, type LoadResult, load, median } from './load.ts'
import type { Proc } from './procs.ts'
import type { FloorPair, FloorsResults } from './types.ts'

/** The pass-through's token on the static upstream (it exists only in the bench; see servers/upstream.ts). */
export const UPSTREAM_TOKEN = Buffer.from('0b6e0d1c-5a0e-4f7b-9d59-4b8c2d0f4c11').toString('base64')

type Target = { name: string; url: string; path: string | (() => string); headers?: Record<string, string> }

export type FloorsOptions = {
  bff: BffProc
  bffUser: string
  upstream: Proc
  proxy: Proc
  hello: Proc
  rounds: number
  durationS: number
  connections: number
  upstreamConnections: number
  log: (msg: string) => void
}

type Stats = { taskSessionsByUser: Record<string, number>; completedByUser: Record<string, number> }

export async function runFloors(o: FloorsOptions): Promise<FloorsResults & { bffRequests: number }> {
  const upstreamUrl = String(o.upstream.info.url)
  const stats = async () => (await (await fetch(`${upstreamUrl}/__stats`)).json()) as Stats
  const ids = runningIds(10_000)
  let bffRequests = 0
  let bffUncachedAnswers = 0
  let bffUncachedFetches = 0

  const bffUncached: Target = {
    name: 'BFF, uncached lookups',
    url: o.bff.url,
    path: cycling(ids.map((id) => `/api/replicaTaskSessions/${id}`)),
  }
  const passThrough: Target = {
    name: 'bare pass-through',
    url: String(o.proxy.info.url),
    path: cycling(ids.map((id) => `/api/replicaTaskSessions/${id}?format=Entity`)),
    headers: { 'x-restsvcsessionid': UPSTREAM_TOKEN, accept: 'application/xml' },
  }
  const bffCached: Target = {
    name: 'BFF, cached lookup',
    url: o.bff.url,
    path: `/api/replicaTaskSessions/${COMPLETED_ID}`,
  }
  const hello: Target = { name: 'Hono hello-world', url: String(o.hello.info.url), path: '/hello' }

  const run = async (t: Target, durationS: number, record: boolean): Promise<LoadResult> => {
    const before = t === bffUncached ? await stats() : null
    const r = await load({
      url: t.url,
      path: t.path,
      connections: o.connections,
      durationS,
      headers: t.headers ?? {},
    })
    assertClean(t.name, r)
    if (t.url === o.bff.url) bffRequests += r.completed
    if (before && record) {
      const after = await stats()
      bffUncachedAnswers += r.completed
      bffUncachedFetches +=
        (after.taskSessionsByUser[o.bffUser] ?? 0) - (before.taskSessionsByUser[o.bffUser] ?? 0)
    }
    if (record)
      o.log(
        `  ${t.name.padEnd(22)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.latency.p50.toFixed(2)} ms  p99 ${r.latency.p99.toFixed(2)} ms`,
      )
    return r
  }

  // Warm-up: JIT, the BFF's one logon, the one EM fetch of the cached session.
  for (const t of [bffUncached, passThrough, bffCached, hello]) await run(t, 2, false)

  const pairs = [
    { subject: bffUncached, reference: passThrough, floor: 0.3, rounds: [] as FloorPair['rounds'] },
    { subject: bffCached, reference: hello, floor: 0.6, rounds: [] as FloorPair['rounds'] },
  ]
  for (let round = 0; round < o.rounds; round++) {
    o.log(`  round ${round + 1}/${o.rounds}`)
    for (const pair of pairs) {
      const first = round % 2 === 0 ? pair.subject : pair.reference
      const second = first === pair.subject ? pair.reference : pair.subject
      const a = await run(first, o.durationS, true)
      const b = await run(second, o.durationS, true)
      pair.rounds.push(first === pair.subject ? { subject: a, reference: b } : { subject: b, reference: a })
    }
  }
  const [uncached, cached] = pairs.map(
    (p): FloorPair => ({
      subject: p.subject.name,
      reference: p.reference.name,
      floor: p.floor,
      rounds: p.rounds,
      subjectRps: median(p.rounds.map((r) => r.subject.rps)),
      referenceRps: median(p.rounds.map((r) => r.reference.rps)),
      ratio: median(p.rounds.map((r) => r.subject.rps / r.reference.rps)),
    }),
  ) as [FloorPair, FloorPair]
  const final = await stats()
  return {
    connections: o.connections,
    upstreamConnections: o.upstreamConnections,
    durationS: o.durationS,
    uncached: { ...uncached, emCallsPerLookup: bffUncachedFetches / Math.max(1, bffUncachedAnswers) },
    cached: { ...cached, emFetchesOfCachedSession: final.completedByUser[o.bffUser] ?? 0 },
    bffRequests,
  }
}
