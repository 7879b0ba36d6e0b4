/**
 * Side-by-side A/B of the BFF at two git refs, for changes too small for run.ts's timed runs to show.
 *
 *   node --import tsx bench/ab.ts <refA> <refB> [--lookup uncached|cached|json] [--rounds 6] [--duration 5]
 *
 * On this kind of VM the same build's CPU per lookup moves by tens of per cent between consecutive runs
 * (bench/findings.md, item 16), but two processes loaded at the same time see the same machine. So both BFFs
 * (each ref's apps/bff/src, run with tsx; packages/shared is the working tree's) run side by side in front of
 * one static upstream and get the same load at the same time: autocannon, 25 connections each. Each round
 * prints their CPU µs per request (user + system, from /proc) and the ratio B/A; the median ratio is the result.
 * An A/A run (the same ref twice) shows the noise floor: per-round ratios within ±3–8 % here.
 *
 * Both processes share the machine's two cores, so neither runs at its own saturation point: this compares the
 * CPU cost of the same work, not the throughput run.ts reports.
 */
import { parseArgs } from 'node:util'
import { COMPLETED_ID, cycling, runningIds } from './lib/ids.ts'
import { load, median } from './lib/load.ts'
import { BENCH_PASSWORD, bffReady, cpuMsOf, extractBff, type Proc, startNode, stopAll } from './lib/procs.ts'

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    lookup: { type: 'string', default: 'uncached' },
    rounds: { type: 'string', default: '6' },
    duration: { type: 'string', default: '5' },
  },
})
const [refA, refB] = positionals
const lookup = values.lookup ?? 'uncached'
if (!refA || !refB || !['uncached', 'cached', 'json'].includes(lookup)) {
  console.error(
    'usage: node --import tsx bench/ab.ts <refA> <refB> [--lookup uncached|cached|json] [--rounds 6] [--duration 5]',
  )
  process.exit(2)
}
const rounds = Math.max(1, Number(values.rounds))
const durationS = Math.max(1, Number(values.duration))

const upstream = await startNode({
  name: 'upstream',
  script: 'bench/servers/upstream.ts',
  env: { UPSTREAM_USERS: 'bench-a,bench-b', UPSTREAM_PASSWORD: BENCH_PASSWORD },
})
const bffs: Proc[] = []
for (const [name, ref] of [
  ['A', refA],
  ['B', refB],
] as const) {
  bffs.push(
    await startNode({
      name,
      script: extractBff(ref),
      logFile: `bench/.tmp/ab-${name}.log`,
      env: {
        PORT: '0',
        HOST: '127.0.0.1',
        EM_URL: String(upstream.info.url),
        EM_USERNAME: `bench-${name.toLowerCase()}`,
        EM_PASSWORD: BENCH_PASSWORD,
        EM_FORMAT: lookup === 'json' ? 'json' : 'xml',
        WEB_DIST: '/nonexistent',
      },
      ready: bffReady,
    }),
  )
}

const ids = runningIds(10_000)
const round = (seconds: number) =>
  Promise.all(
    bffs.map(async (bff) => {
      const before = cpuMsOf(bff.pid)
      const result = await load({
        url: String(bff.info.url),
        path:
          lookup === 'cached'
            ? `/api/replicaTaskSessions/${COMPLETED_ID}`
            : cycling(ids, '/api/replicaTaskSessions/'),
        connections: 25,
        durationS: seconds,
      })
      return { rps: result.rps, cpuUs: ((cpuMsOf(bff.pid) - before) * 1000) / Math.max(1, result.completed) }
    }),
  )

try {
  await round(4) // warm-up: JIT, connections to the upstream, logon
  const ratios: number[] = []
  console.log(`A = ${refA}, B = ${refB}, ${lookup} lookups, ${rounds} rounds of ${durationS} s`)
  for (let r = 0; r < rounds; r++) {
    const [a, b] = await round(durationS)
    if (!a || !b) break
    ratios.push(b.cpuUs / a.cpuUs)
    console.log(
      `round ${r + 1}: A ${a.cpuUs.toFixed(1)} µs/req (${a.rps.toFixed(0)} req/s), B ${b.cpuUs.toFixed(1)} µs/req (${b.rps.toFixed(0)} req/s), B/A ${(b.cpuUs / a.cpuUs).toFixed(3)}`,
    )
  }
  console.log(
    `median B/A: ${median(ratios).toFixed(3)} (rounds ${ratios.map((x) => x.toFixed(3)).join(', ')})`,
  )
} finally {
  await stopAll()
}
