/**
 * `pnpm bench`: what a person or EM feels, each figure a ratio or a count measured in one run. Writes
 * bench/RESULTS.md and bench/results.json. Not part of `pnpm test`; nothing here is a pass/fail test.
 *
 *   node --import tsx bench/run.ts [--only overhead,fanout,floors,memory,page] [--no-build] [--quick] [--report]
 *
 *   overhead  uncached lookups through the BFF vs straight to EM (50 ms), 5 and 20 clients: p50, p99, req/s
 *   fanout    EM calls per minute for 1, 10, 100 viewers polling one running job session and its task list
 *   floors    uncached / bare pass-through and cached / Hono hello-world req/s on loopback; EM logons
 *   memory    BFF peak RSS in a flood of 200 000 distinct finished sessions
 *   page      initial JS + CSS; Chromium: deep link to a task session; job sessions of 10 to 5000 tasks
 *
 * --quick shortens every section (for working on the bench; its figures are not the report's). --report only
 * rewrites RESULTS.md from results.json. A partial run keeps the other sections of the last results.json.
 * Every server runs in its own process; see RESULTS.md for the method.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { parseArgs } from 'node:util'
import {
  BFF_SCRIPT,
  type BffProc,
  buildBff,
  checkLog,
  gcSummary,
  productionNodeArgs,
  startBff,
  TMP,
} from './lib/bff.ts'
import { runFanout } from './lib/fanout.ts'
import { runFloors, UPSTREAM_TOKEN } from './lib/floors.ts'
import { runMemory } from './lib/memory.ts'
import { addHandlerTimes, runOverhead } from './lib/overhead.ts'
import { buildWeb, extraJobSessionsFor, runPage, WEB_DIST } from './lib/page.ts'
import {
  BENCH_PASSWORD,
  memoryOf,
  othersCpuMeter,
  type Proc,
  ROOT,
  sampleRss,
  startNode,
  stopAll,
  waitForQuiet,
} from './lib/procs.ts'
import { writeReport } from './lib/report.ts'
import { SIM_USER, type Sim, startSim } from './lib/sim.ts'
import { type BffProcessReport, type Results, SECTIONS, type Section } from './lib/types.ts'

const USAGE = `usage: pnpm bench [--only ${SECTIONS.join(',')}] [--no-build] [--quick] [--report]`

function parseOptions() {
  try {
    return parseArgs({
      options: {
        only: { type: 'string' },
        'no-build': { type: 'boolean', default: false },
        quick: { type: 'boolean', default: false },
        report: { type: 'boolean', default: false },
      },
      allowPositionals: true,
    }).values
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`)
    process.exit(2)
  }
}
const args = parseOptions()
const only = (args.only ?? SECTIONS.join(','))
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean)
for (const s of only) {
  if (!SECTIONS.includes(s as Section)) {
    console.error(`unknown section "${s}"; sections: ${SECTIONS.join(', ')}\n${USAGE}`)
    process.exit(2)
  }
}
const wants = (s: Section) => only.includes(s)
const quick = args.quick

/** The figures of each section; --quick is for working on the bench, not for the report. */
const PLAN = {
  emLatencyMs: 50,
  emMaxConnections: 6,
  runningCacheMs: 2000,
  overhead: quick
    ? {
        rounds: 2,
        lookupsPerRun: 100,
        crowdRounds: 1,
        crowdLookupsPerRun: 200,
        singleRounds: 1,
        singleLookupsPerRun: 50,
      }
    : {
        rounds: 5,
        lookupsPerRun: 500,
        crowdRounds: 2,
        crowdLookupsPerRun: 1200,
        singleRounds: 3,
        singleLookupsPerRun: 200,
      },
  /** Extra finished task sessions for the overhead's distinct lookups (the demo has about 4 500). */
  overheadExtraTasks: 3000,
  fanout: { levels: [1, 10, 100], durationS: quick ? 12 : 45, fallbackPollEveryMs: 5000 },
  floors: { rounds: quick ? 1 : 3, durationS: quick ? 2 : 5, connections: 20 },
  memory: { lookups: quick ? 20_000 : 200_000, connections: 20 },
  page: { jobSizes: quick ? [10, 100] : [10, 100, 1000, 5000] },
}

/**
 * Before a section, wait for other processes to use less than this share of the machine's CPU: up to a minute
 * per section and three in all, so that a busy machine delays the run but does not stall it.
 */
const QUIET_PCT = 15
const QUIET_WAIT = { sectionS: 60, totalS: 180 }

const OUT = `${ROOT}bench/`
mkdirSync(TMP, { recursive: true })
const log = (msg: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${msg}\n`)

/** git HEAD, and a note when the sources the bench builds had uncommitted changes (others edit concurrently). */
function codeVersion(): string {
  const git = (...a: string[]) => spawnSync('git', a, { cwd: ROOT, encoding: 'utf8' }).stdout.trim()
  const head = git('rev-parse', '--short', 'HEAD')
  const dirty = git('status', '--porcelain', '--', 'apps/bff', 'apps/web', 'packages/shared')
  return dirty ? `${head} + uncommitted changes` : head
}

function machine(): Record<string, string | number> {
  const cpus = os.cpus()
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()} (${os.platform()}/${os.arch()})`,
    node: process.version,
    loadAverageAtStart: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  }
}

/** How to ask EM (the simulator or the static upstream) for a BFF account's logons and logoffs. */
type LogonSource = () => Promise<{ logons: number; logoffs: number }>

const simLogons =
  (sim: Sim): LogonSource =>
  async () => {
    const c = (await sim.counters()).byUser[SIM_USER]
    return { logons: c?.logons ?? 0, logoffs: c?.logoffs ?? 0 }
  }

const upstreamLogons =
  (upstream: Proc, user: string): LogonSource =>
  async () => {
    const stats = (await (await fetch(`${String(upstream.info.url)}/__stats`)).json()) as {
      logons: Record<string, number>
      logoffs: number
    }
    // The upstream serves one BFF per section; nothing else logs off there.
    return { logons: stats.logons[user] ?? 0, logoffs: stats.logoffs }
  }

/**
 * Runs a section's measurement with its BFF, then stops the BFF (SIGTERM: it logs off EM) and reports its
 * logons, memory and log.
 */
async function withBff<T extends { bffRequests: number }>(
  section: Section,
  bff: BffProc,
  logons: LogonSource,
  secrets: string[],
  measure: () => Promise<T>,
): Promise<{ result: T; report: BffProcessReport }> {
  const rss = sampleRss(bff.pid)
  const stop = async () => {
    const peak = rss.stop()
    const hwm = memoryOf(bff.pid)?.hwmMb ?? Number.NaN
    await bff.stop()
    return { peak, hwm }
  }
  let result: T
  try {
    result = await measure()
  } catch (error) {
    await stop()
    throw error
  }
  const { peak, hwm } = await stop()
  const em = await logons().catch(() => ({ logons: Number.NaN, logoffs: Number.NaN }))
  const logCheck = await checkLog(bff.logFile, result.bffRequests, [BENCH_PASSWORD, ...secrets])
  const report: BffProcessReport = {
    name: bff.name,
    section,
    emLogons: em.logons,
    emLogoffs: em.logoffs,
    peakRssMb: peak,
    hwmMb: hwm,
    requests: result.bffRequests,
    ...logCheck,
  }
  log(
    `  ${bff.name}: EM logons ${report.emLogons}, logoffs ${report.emLogoffs}, peak RSS ${peak.toFixed(1)} MB (VmHWM ${hwm.toFixed(1)}), log lines ${report.logLines} for ${report.requests} requests`,
  )
  return { result, report }
}

const bffEnv = (emUrl: string, user: string, extra: Record<string, string> = {}) => ({
  EM_URL: emUrl,
  EM_USERNAME: user,
  EM_MAX_CONNECTIONS: String(PLAN.emMaxConnections),
  RUNNING_CACHE_MS: String(PLAN.runningCacheMs),
  ...extra,
})

const basicOf = (user: string) => Buffer.from(`${user}:${BENCH_PASSWORD}`).toString('base64')

async function overhead(results: Results): Promise<BffProcessReport> {
  const sim = await startSim('sim-overhead', {
    latencyMs: PLAN.emLatencyMs,
    extraJobSessions: [PLAN.overheadExtraTasks],
  })
  try {
    const bff = await startBff('bff-overhead', bffEnv(sim.url, SIM_USER))
    const { result, report } = await withBff('overhead', bff, simLogons(sim), [basicOf(SIM_USER)], () =>
      runOverhead({
        sim,
        bff,
        emLatencyMs: PLAN.emLatencyMs,
        emMaxConnections: PLAN.emMaxConnections,
        ...PLAN.overhead,
        log,
      }),
    )
    const { bffRequests: _, ...figures } = result
    await addHandlerTimes(bff.logFile, [
      figures.within,
      figures.crowd,
      ...(figures.single ? [figures.single] : []),
    ])
    results.overhead = figures
    return report
  } finally {
    await sim.proc.stop()
  }
}

async function fanout(results: Results): Promise<BffProcessReport> {
  // Tasks of the live job last 10 minutes here, so its running session outlasts the section.
  const sim = await startSim('sim-fanout', { latencyMs: PLAN.emLatencyMs, liveTaskMs: 600_000 })
  try {
    const bff = await startBff('bff-fanout', bffEnv(sim.url, SIM_USER))
    const { result, report } = await withBff('fanout', bff, simLogons(sim), [basicOf(SIM_USER)], () =>
      runFanout({
        sim,
        bff,
        ...PLAN.fanout,
        runningCacheMs: PLAN.runningCacheMs,
        emLatencyMs: PLAN.emLatencyMs,
        log,
      }),
    )
    const { bffRequests: _, ...figures } = result
    results.fanout = figures
    return report
  } finally {
    await sim.proc.stop()
  }
}

async function upstreamFor(user: string): Promise<Proc> {
  return startNode({
    name: `upstream-${user}`,
    script: 'bench/servers/upstream.ts',
    env: { UPSTREAM_USERS: user, UPSTREAM_PASSWORD: BENCH_PASSWORD },
  })
}

const upstreamSecrets = (user: string) => [
  UPSTREAM_TOKEN,
  Buffer.from(`token-of-${user}`).toString('base64'),
  basicOf(user),
]

async function floors(results: Results): Promise<BffProcessReport> {
  const user = 'bff-floors'
  const upstream = await upstreamFor(user)
  const others: Proc[] = [upstream]
  try {
    const proxy = await startNode({
      name: 'proxy',
      script: 'bench/servers/proxy.ts',
      env: { UPSTREAM_URL: String(upstream.info.url), PROXY_MAX_SOCKETS: String(PLAN.emMaxConnections) },
    })
    others.push(proxy)
    const hello = await startNode({ name: 'hello', script: 'bench/servers/hello.ts' })
    others.push(hello)
    // Nothing running is cached: every uncached lookup is one EM call.
    const bff = await startBff(user, bffEnv(String(upstream.info.url), user, { RUNNING_CACHE_MS: '0' }))
    const { result, report } = await withBff(
      'floors',
      bff,
      upstreamLogons(upstream, user),
      upstreamSecrets(user),
      () =>
        runFloors({
          bff,
          bffUser: user,
          upstream,
          proxy,
          hello,
          ...PLAN.floors,
          upstreamConnections: PLAN.emMaxConnections,
          log,
        }),
    )
    const { bffRequests: _, ...figures } = result
    results.floors = figures
    return report
  } finally {
    for (const p of others.reverse()) await p.stop()
  }
}

async function memory(results: Results): Promise<BffProcessReport> {
  const user = 'bff-memory'
  const upstream = await upstreamFor(user)
  try {
    // Production's defaults (cache bounds, TTLs): what the flood meets is what a real deployment has. --trace-gc
    // only prints a line per GC: how much of the RSS is heap the BFF keeps, and how much garbage not yet collected.
    const bff = await startBff(user, bffEnv(String(upstream.info.url), user), ['--trace-gc'])
    const { result, report } = await withBff(
      'memory',
      bff,
      upstreamLogons(upstream, user),
      upstreamSecrets(user),
      () => runMemory({ bff, bffUser: user, upstream, ...PLAN.memory, log }),
    )
    const { bffRequests: _, ...figures } = result
    results.memory = { ...figures, gc: await gcSummary(bff.logFile) }
    return report
  } finally {
    await upstream.stop()
  }
}

async function page(results: Results): Promise<BffProcessReport> {
  const build = args['no-build']
    ? { ok: true, message: 'not rebuilt (--no-build): the existing apps/web/dist' }
    : buildWeb(log)
  const sim = await startSim('sim-page', {
    latencyMs: 0,
    extraJobSessions: extraJobSessionsFor(PLAN.page.jobSizes),
  })
  try {
    const bff = await startBff('bff-page', bffEnv(sim.url, SIM_USER, { WEB_DIST }))
    const { result, report } = await withBff('page', bff, simLogons(sim), [basicOf(SIM_USER)], () =>
      runPage({ sim, bff, build, emLatencyMs: 0, jobSizes: PLAN.page.jobSizes, log }),
    )
    const { bffRequests: _, ...figures } = result
    results.page = figures
    return report
  } finally {
    await sim.proc.stop()
  }
}

const RUNNERS: Record<Section, (r: Results) => Promise<BffProcessReport>> = {
  overhead,
  fanout,
  floors,
  memory,
  page,
}

function save(results: Results): void {
  writeFileSync(`${OUT}results.json`, `${JSON.stringify(results, null, 2)}\n`)
  writeReport(`${OUT}RESULTS.md`, results)
}

async function main() {
  if (args.report) {
    writeReport(`${OUT}RESULTS.md`, JSON.parse(readFileSync(`${OUT}results.json`, 'utf8')) as Results)
    log('bench/RESULTS.md rewritten from bench/results.json')
    return
  }
  const started = Date.now()
  const previous = existsSync(`${OUT}results.json`)
    ? (JSON.parse(readFileSync(`${OUT}results.json`, 'utf8')) as Partial<Results>)
    : {}
  // A partial run keeps the other sections of the last run (the old bench's results have none of these).
  const keep = (s: Section) => !wants(s) && previous.sections?.[s] !== undefined
  const results: Results = {
    machine: machine(),
    bff: { script: BFF_SCRIPT, nodeArgs: productionNodeArgs(), build: 'not rebuilt (--no-build)' },
    sections: Object.fromEntries(SECTIONS.filter(keep).map((s) => [s, previous.sections?.[s]])),
    bffProcesses: (previous.bffProcesses ?? []).filter((p) => p.section && keep(p.section)),
    ...Object.fromEntries(SECTIONS.filter(keep).map((s) => [s, previous[s]])),
  }
  if (quick) log('--quick: shortened sections; do not commit these figures')
  log(`machine: ${JSON.stringify(results.machine)}`)
  if (!args['no-build'] || !existsSync(`${ROOT}${BFF_SCRIPT}`)) results.bff.build = await buildBff(log)

  let waitedS = 0
  for (const section of SECTIONS) {
    if (!wants(section)) continue
    log(`${section}`)
    const waitS = quick ? 0 : Math.max(0, Math.min(QUIET_WAIT.sectionS, QUIET_WAIT.totalS - waitedS))
    const waitStart = Date.now()
    const othersCpuBeforePct = await waitForQuiet(QUIET_PCT, waitS, log)
    waitedS += (Date.now() - waitStart) / 1000
    const t = Date.now()
    const others = othersCpuMeter()
    const report = await RUNNERS[section](results)
    results.bffProcesses = [...results.bffProcesses.filter((p) => p.section !== section), report]
    const run = {
      at: new Date().toISOString(),
      durationS: Math.round((Date.now() - t) / 1000),
      othersCpuPct: others(),
      othersCpuBeforePct,
      code: codeVersion(),
    }
    results.sections[section] = run
    log(`  other processes used ${run.othersCpuPct.toFixed(0)} % of the machine's CPU during ${section}`)
    save(results)
  }
  log(`done in ${Math.round((Date.now() - started) / 1000)} s: bench/RESULTS.md, bench/results.json`)
}

main()
  .catch((error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    process.exitCode = 1
  })
  .finally(async () => {
    await stopAll()
    process.exit()
  })
