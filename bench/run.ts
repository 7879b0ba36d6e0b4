/**
 * `pnpm bench`: load benchmarks of the BFF on loopback, page weight and browser timings of the SPA.
 * Writes bench/RESULTS.md and bench/results.json. Not part of `pnpm test`; nothing here is a pass/fail test.
 *
 *   node --import tsx bench/run.ts [--only uncached,cached,json,growth,page,jobs] [--runs 3] [--duration 10]
 *                                  [--profile] [--no-build]
 *
 * Every server runs in its own process (static upstream, pass-through proxy, Hono hello-world, BFF, simulator);
 * the load generator (autocannon) runs in this one. See RESULTS.md for the method.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { type BrowserResults, runBrowserBenchmarks } from './lib/browser.ts'
import { COMPLETED_ID, cycling, runningIds } from './lib/ids.ts'
import { type LoadResult, load, median, spread } from './lib/load.ts'
import {
  cpuMsOf,
  cpuSplitMsOf,
  machineCpuMs,
  memoryOf,
  type Proc,
  ROOT,
  sampleRss,
  startNode,
  stopAll,
} from './lib/procs.ts'
import { writeReport } from './lib/report.ts'

const SECTIONS = ['uncached', 'cached', 'json', 'growth', 'page', 'jobs'] as const
type Section = (typeof SECTIONS)[number]

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    'growth-duration': { type: 'string', default: '5' },
    profile: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
  allowPositionals: true,
})
const only = new Set(
  (args.only ?? SECTIONS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
)
for (const s of only) {
  if (!SECTIONS.includes(s as Section)) {
    console.error(`unknown section "${s}"; sections: ${SECTIONS.join(', ')}`)
    process.exit(2)
  }
}
const wants = (s: Section) => only.has(s)
const RUNS = Math.max(1, Number(args.runs))
const DURATION = Math.max(1, Number(args.duration))
const GROWTH_DURATION = Math.max(1, Number(args['growth-duration']))
const CONNECTIONS = 50
const GROWTH_CONNECTIONS = [1, 10, 50, 200]
const JOB_SIZES = [10, 100, 1000]
const PASSWORD = 'Bench-Passw0rd!'
// The static upstream's token (not a secret: it only exists in the bench), for the pass-through's requests.
const UPSTREAM_TOKEN = Buffer.from('0b6e0d1c-5a0e-4f7b-9d59-4b8c2d0f4c11').toString('base64')
const OUT_DIR = `${ROOT}bench/`
const TMP = `${OUT_DIR}.tmp/`
mkdirSync(TMP, { recursive: true })

/** One measured load run, with what each process of the chain spent. */
export type Run = LoadResult & {
  target: string
  connections: number
  /** CPU of the process under test per completed request, in µs (user + system, /proc). */
  targetCpuUsPerReq: number
  /** The kernel's part of it (system time). */
  targetSystemCpuUsPerReq: number
  /** Share of the machine's CPU used by processes other than the bench's own during the run (noise). */
  foreignCpuPct: number
}

type Target = {
  name: string
  proc: Proc
  url: string
  path: string | (() => string)
  headers?: Record<string, string>
}

const log = (msg: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${msg}\n`)

const ourPids = new Set<number>()

async function measure(target: Target, connections: number, durationS: number): Promise<Run> {
  const pids = [...ourPids]
  const before = {
    cpu: cpuMsOf(target.proc.pid),
    split: cpuSplitMsOf(target.proc.pid),
    ours: sumCpu(pids),
    self: process.cpuUsage(),
    m: machineCpuMs(),
  }
  const result = await load({
    url: target.url,
    path: target.path,
    connections,
    durationS,
    headers: target.headers ?? {},
  })
  const selfUsage = process.cpuUsage(before.self)
  const m = machineCpuMs()
  const oursMs = sumCpu(pids) - before.ours + (selfUsage.user + selfUsage.system) / 1000
  const machineBusy = m.busy - before.m.busy
  const machineTotal = m.total - before.m.total
  const run: Run = {
    ...result,
    target: target.name,
    connections,
    targetCpuUsPerReq: ((cpuMsOf(target.proc.pid) - before.cpu) * 1000) / Math.max(1, result.completed),
    targetSystemCpuUsPerReq:
      ((cpuSplitMsOf(target.proc.pid).system - before.split.system) * 1000) / Math.max(1, result.completed),
    foreignCpuPct: machineTotal > 0 ? Math.max(0, ((machineBusy - oursMs) / machineTotal) * 100) : 0,
  }
  log(
    `  ${target.name.padEnd(22)} c=${String(connections).padEnd(3)} ${run.rps.toFixed(0).padStart(6)} req/s  p50 ${run.p50.toFixed(1)} ms  p99 ${run.p99.toFixed(1)} ms  cpu ${run.targetCpuUsPerReq.toFixed(0)} µs/req (sys ${run.targetSystemCpuUsPerReq.toFixed(0)})  non2xx ${run.non2xx}  errors ${run.errors}  foreign cpu ${run.foreignCpuPct.toFixed(0)}%`,
  )
  return run
}

function sumCpu(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + (cpuMsOf(pid) || 0), 0)
}

export type Summary = {
  rps: number
  p50: number
  p99: number
  cpuUsPerReq: number
  rpsSpreadPct: number
  runs: number
}

function summarise(runs: Run[]): Summary {
  return {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    cpuUsPerReq: median(runs.map((r) => r.targetCpuUsPerReq)),
    rpsSpreadPct: spread(runs.map((r) => r.rps)),
    runs: runs.length,
  }
}

export type Comparison = {
  subject: string
  reference: string
  subjectRuns: Run[]
  referenceRuns: Run[]
  subjectSummary: Summary
  referenceSummary: Summary
  /** subject / reference, from the medians of the same run. */
  ratio: number
  /** Ratio of the reference's to the subject's CPU per request: the same comparison, free of contention. */
  cpuRatio: number
}

function compare(subject: Run[], reference: Run[]): Comparison {
  const s = summarise(subject)
  const r = summarise(reference)
  return {
    subject: subject[0]?.target ?? '',
    reference: reference[0]?.target ?? '',
    subjectRuns: subject,
    referenceRuns: reference,
    subjectSummary: s,
    referenceSummary: r,
    ratio: s.rps / r.rps,
    cpuRatio: r.cpuUsPerReq / s.cpuUsPerReq,
  }
}

export type BffProcessReport = {
  name: string
  format: 'xml' | 'json'
  logons: number
  peakRssMb: number
  hwmMb: number
  requestsSent: number
  requestsCompleted: number
  logLines: number
  logLinesOk: boolean
  logFieldsOk: boolean
  secretsInLog: boolean
}

export type Results = {
  machine: Record<string, string | number>
  sections: Partial<Record<Section, { at: string; durationS: number }>>
  uncached?: Comparison
  json?: Comparison
  cached?: Comparison & { upstreamFetchesOfCachedId: number }
  growth?: { connections: number; runs: Run[]; summary: Summary }[]
  bffProcesses?: BffProcessReport[]
  browser?: Partial<BrowserResults>
  profile?: string[]
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

const READY_RE = /"dashboard":"(http:\/\/[^"]+)\/"/

async function startBff(name: string, env: Record<string, string>): Promise<Proc & { logFile: string }> {
  const logFile = `${TMP}${name}.log`
  const proc = await startNode({
    name,
    script: 'apps/bff/src/server.ts',
    logFile,
    nodeArgs: args.profile ? ['--cpu-prof', `--cpu-prof-dir=${TMP}profiles/${name}`] : [],
    env: { PORT: '0', HOST: '127.0.0.1', EM_PASSWORD: PASSWORD, WEB_DIST: '/nonexistent', ...env },
    ready: (text) => {
      const m = READY_RE.exec(text)
      return m ? { url: m[1] } : null
    },
  })
  ourPids.add(proc.pid)
  return Object.assign(proc, { logFile })
}

/** Checks the BFF's log after it stopped: one line per request with every field, and nothing secret. */
function checkLog(
  bff: { name: string; logFile: string },
  sent: number,
  completed: number,
  secrets: string[],
): Pick<BffProcessReport, 'logLines' | 'logLinesOk' | 'logFieldsOk' | 'secretsInLog'> {
  const text = readFileSync(bff.logFile, 'utf8')
  const lines = text.split('\n').filter((l) => l.includes('"msg":"request"'))
  const fieldsOk = lines.every((l) =>
    /"method":"GET","path":"[^"]+","status":\d{3},"ms":\d+(\.\d+)?,"emCalls":\d+\}$/.test(l),
  )
  return {
    logLines: lines.length,
    // Every completed request was logged; requests still in flight when a run ended are logged too.
    logLinesOk: lines.length >= completed && lines.length <= sent,
    logFieldsOk: fieldsOk,
    secretsInLog: secrets.some((s) => text.includes(s)),
  }
}

async function main() {
  const started = Date.now()
  const previous: Results | null = existsSync(`${OUT_DIR}results.json`)
    ? (JSON.parse(readFileSync(`${OUT_DIR}results.json`, 'utf8')) as Results)
    : null
  // A subset run keeps the other sections of the last full run.
  const results: Results = {
    ...(previous ?? {}),
    machine: machine(),
    sections: { ...(previous?.sections ?? {}) },
  }
  const bffReports: BffProcessReport[] = (previous?.bffProcesses ?? []).filter((b) =>
    b.name === 'bff-xml'
      ? !(wants('uncached') || wants('cached') || wants('growth'))
      : b.name === 'bff-json'
        ? !wants('json')
        : !(wants('page') || wants('jobs')),
  )
  log(`machine: ${JSON.stringify(results.machine)}`)

  const loadSections = (['uncached', 'cached', 'json', 'growth'] as const).filter(wants)
  if (loadSections.length > 0) {
    const sectionStart = Date.now()
    const upstream = await startNode({
      name: 'upstream',
      script: 'bench/servers/upstream.ts',
      env: { UPSTREAM_USERS: 'bench-xml,bench-json', UPSTREAM_PASSWORD: PASSWORD },
    })
    ourPids.add(upstream.pid)
    const upstreamUrl = String(upstream.info.url)
    const proxy = await startNode({
      name: 'proxy',
      script: 'bench/servers/proxy.ts',
      env: { UPSTREAM_URL: upstreamUrl },
    })
    ourPids.add(proxy.pid)
    const hello = wants('cached')
      ? await startNode({ name: 'hello', script: 'bench/servers/hello.ts' })
      : null
    if (hello) ourPids.add(hello.pid)
    const needXml = wants('uncached') || wants('cached') || wants('growth')
    const bffXml = needXml
      ? await startBff('bff-xml', { EM_URL: upstreamUrl, EM_USERNAME: 'bench-xml', EM_FORMAT: 'xml' })
      : null
    const bffJson = wants('json')
      ? await startBff('bff-json', { EM_URL: upstreamUrl, EM_USERNAME: 'bench-json', EM_FORMAT: 'json' })
      : null
    const rss = new Map<string, { stop(): number }>()
    for (const b of [bffXml, bffJson]) if (b) rss.set(b.name, sampleRss(b.pid))
    const sent = new Map<string, { sent: number; completed: number }>()
    const count = (name: string, r: { sent: number; completed: number }) => {
      const c = sent.get(name) ?? { sent: 0, completed: 0 }
      sent.set(name, { sent: c.sent + r.sent, completed: c.completed + r.completed })
    }

    const ids = runningIds(10_000)
    const targets = {
      bffUncached: bffXml && {
        name: 'BFF (xml, uncached)',
        proc: bffXml,
        url: String(bffXml.info.url),
        path: cycling(ids, '/api/replicaTaskSessions/'),
      },
      proxyXml: {
        name: 'pass-through (xml)',
        proc: proxy,
        url: String(proxy.info.url),
        path: cycling(
          ids.map((id) => `${id}?format=Entity`),
          '/api/replicaTaskSessions/',
        ),
        headers: { 'x-restsvcsessionid': UPSTREAM_TOKEN, accept: 'application/xml' },
      },
      bffCached: bffXml && {
        name: 'BFF (cached)',
        proc: bffXml,
        url: String(bffXml.info.url),
        path: `/api/replicaTaskSessions/${COMPLETED_ID}`,
      },
      hello: hello && { name: 'Hono hello-world', proc: hello, url: String(hello.info.url), path: '/hello' },
      bffJson: bffJson && {
        name: 'BFF (json, uncached)',
        proc: bffJson,
        url: String(bffJson.info.url),
        path: cycling(ids, '/api/replicaTaskSessions/'),
      },
      proxyJson: {
        name: 'pass-through (json)',
        proc: proxy,
        url: String(proxy.info.url),
        path: cycling(
          ids.map((id) => `${id}?format=Entity`),
          '/api/replicaTaskSessions/',
        ),
        headers: { 'x-restsvcsessionid': UPSTREAM_TOKEN, accept: 'application/json' },
      },
    }
    type Pair = {
      section: 'uncached' | 'cached' | 'json'
      subject: Target
      reference: Target
      s: Run[]
      r: Run[]
    }
    const pairs: Pair[] = []
    if (wants('uncached') && targets.bffUncached)
      pairs.push({
        section: 'uncached',
        subject: targets.bffUncached,
        reference: targets.proxyXml,
        s: [],
        r: [],
      })
    if (wants('cached') && targets.bffCached && targets.hello)
      pairs.push({ section: 'cached', subject: targets.bffCached, reference: targets.hello, s: [], r: [] })
    if (wants('json') && targets.bffJson)
      pairs.push({ section: 'json', subject: targets.bffJson, reference: targets.proxyJson, s: [], r: [] })

    try {
      // Warm-up: JIT, pools, the one logon, and (cached) the one EM fetch. Not recorded, but logged by the BFF.
      log('warm-up')
      for (const p of pairs) {
        for (const t of [p.subject, p.reference]) {
          const r = await load({
            url: t.url,
            path: t.path,
            connections: CONNECTIONS,
            durationS: 2,
            headers: t.headers ?? {},
          })
          if (t.proc === bffXml || t.proc === bffJson) count(t.proc.name, r)
        }
      }
      // Interleaved: each round measures every pair, alternating which side of a pair goes first.
      for (let round = 0; round < RUNS; round++) {
        log(`round ${round + 1}/${RUNS}`)
        for (const p of pairs) {
          const order = round % 2 === 0 ? ['s', 'r'] : ['r', 's']
          for (const side of order) {
            const t = side === 's' ? p.subject : p.reference
            const run = await measure(t, CONNECTIONS, DURATION)
            if (t.proc === bffXml || t.proc === bffJson) count(t.proc.name, run)
            ;(side === 's' ? p.s : p.r).push(run)
          }
        }
      }
      for (const p of pairs) {
        const c = compare(p.s, p.r)
        if (p.section === 'cached') {
          const stats = (await (await fetch(`${upstreamUrl}/__stats`)).json()) as {
            completedTaskSessions: number
          }
          results.cached = { ...c, upstreamFetchesOfCachedId: stats.completedTaskSessions }
        } else results[p.section] = c
        results.sections[p.section] = { at: new Date().toISOString(), durationS: 0 }
      }

      if (wants('growth') && targets.bffUncached) {
        log('growth: connections')
        const growth = GROWTH_CONNECTIONS.map((connections) => ({ connections, runs: [] as Run[] }))
        const warm = await load({
          url: targets.bffUncached.url,
          path: targets.bffUncached.path,
          connections: 10,
          durationS: 1,
        })
        count(bffXml?.name ?? '', warm)
        for (let round = 0; round < RUNS; round++) {
          const levels = round % 2 === 0 ? growth : [...growth].reverse()
          for (const level of levels) {
            const run = await measure(targets.bffUncached, level.connections, GROWTH_DURATION)
            count(bffXml?.name ?? '', run)
            level.runs.push(run)
          }
        }
        results.growth = growth.map((g) => ({ ...g, summary: summarise(g.runs) }))
        results.sections.growth = { at: new Date().toISOString(), durationS: 0 }
      }
    } finally {
      const stats = (await (await fetch(`${upstreamUrl}/__stats`)).json().catch(() => ({}))) as {
        logons?: Record<string, number>
      }
      for (const b of [bffXml, bffJson]) {
        if (!b) continue
        const peak = rss.get(b.name)?.stop() ?? Number.NaN
        const mem = memoryOf(b.pid)
        // SIGTERM: the BFF finishes, logs off EM and exits; its log is then complete.
        await b.stop()
        const counts = sent.get(b.name) ?? { sent: 0, completed: 0 }
        bffReports.push({
          name: b.name,
          format: b === bffXml ? 'xml' : 'json',
          logons: stats.logons?.[b === bffXml ? 'bench-xml' : 'bench-json'] ?? Number.NaN,
          peakRssMb: Math.max(peak, mem?.rssMb ?? 0),
          hwmMb: mem?.hwmMb ?? Number.NaN,
          requestsSent: counts.sent,
          requestsCompleted: counts.completed,
          ...checkLog(b, counts.sent, counts.completed, [PASSWORD, UPSTREAM_TOKEN]),
        })
      }
      for (const p of [hello, proxy, upstream]) await p?.stop()
    }
    const seconds = (Date.now() - sectionStart) / 1000
    for (const s of loadSections) {
      const entry = results.sections[s]
      if (entry) entry.durationS = Math.round(seconds)
    }
  }

  if (wants('page') || wants('jobs')) {
    const sectionStart = Date.now()
    const browser = await runBrowserBenchmarks({
      page: wants('page'),
      jobs: wants('jobs'),
      build: !args['no-build'],
      jobSizes: JOB_SIZES,
      password: PASSWORD,
      tmp: TMP,
      log,
      startBff,
      checkLog,
    })
    results.browser = { ...(previous?.browser ?? {}), ...browser.results }
    if (browser.bff) {
      bffReports.push(browser.bff)
    }
    for (const s of ['page', 'jobs'] as const) {
      if (wants(s))
        results.sections[s] = {
          at: new Date().toISOString(),
          durationS: Math.round((Date.now() - sectionStart) / 1000),
        }
    }
  }

  results.bffProcesses = bffReports
  writeFileSync(`${OUT_DIR}results.json`, `${JSON.stringify(results, null, 2)}\n`)
  writeReport(`${OUT_DIR}RESULTS.md`, results)
  log(`done in ${Math.round((Date.now() - started) / 1000)} s: bench/RESULTS.md, bench/results.json`)
}

main()
  .catch(async (error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
  .finally(async () => {
    await stopAll()
    process.exit()
  })
