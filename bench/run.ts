/**
 * `pnpm bench`: load benchmarks of the BFF on loopback, page weight and browser timings of the SPA.
 * Writes bench/RESULTS.md and bench/results.json. Not part of `pnpm test`; nothing here is a pass/fail test.
 *
 *   node --import tsx bench/run.ts [--only uncached,cached,json,growth,page,jobs] [--runs 5] [--duration 10]
 *                                  [--growth-duration 5] [--profile] [--no-build] [--baseline <git ref>] [--report]
 *
 * --profile writes the BFFs' CPU profiles under bench/.tmp/profiles (summarise with bench/profile-summary.ts);
 * --baseline also measures the BFF as of a git ref, interleaved, as "BFF before"; --report only rewrites
 * RESULTS.md from results.json and findings.md.
 *
 * Every server runs in its own process (static upstream, pass-through proxy, Hono hello-world, BFF, simulator);
 * the load generator (autocannon) runs in this one. See RESULTS.md for the method.
 */
import { spawnSync } from 'node:child_process'
import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { type BrowserResults, runBrowserBenchmarks } from './lib/browser.ts'
import { COMPLETED_ID, cycling, runningIds } from './lib/ids.ts'
import { type LoadResult, load, median, spread } from './lib/load.ts'
import {
  BENCH_PASSWORD,
  bffReady,
  cpuMsOf,
  cpuSplitMsOf,
  extractBff,
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

const USAGE = `usage: pnpm bench [--only ${SECTIONS.join(',')}] [--runs N] [--duration S]
                  [--growth-duration S] [--profile] [--no-build] [--baseline <git ref>] [--report]`

function parseOptions() {
  try {
    return parseArgs({
      options: {
        only: { type: 'string' },
        runs: { type: 'string', default: '5' },
        duration: { type: 'string', default: '10' },
        'growth-duration': { type: 'string', default: '5' },
        profile: { type: 'boolean', default: false },
        'no-build': { type: 'boolean', default: false },
        /** A git ref whose apps/bff/src is also measured, interleaved, as "BFF before". */
        baseline: { type: 'string' },
        /** Only rewrite RESULTS.md from results.json (after editing findings.md). */
        report: { type: 'boolean', default: false },
      },
      allowPositionals: true,
    })
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`)
    process.exit(2)
  }
}
const { values: args } = parseOptions()
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
  // A target that fails requests is not being measured (a crashed reference once showed as 0 req/s).
  if (run.errors > 0 || run.non2xx > 0) {
    throw new Error(
      `${target.name}: ${run.errors} connection errors and ${run.non2xx} non-2xx answers in ${durationS} s; its measurement would mean nothing. Run it alone (see bench/servers/) to see why.`,
    )
  }
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
  /** Measured in the same rounds: the decoding hop, the BFF before (--baseline). */
  extras?: { name: string; runs: Run[]; summary: Summary; ratioToReference: number }[]
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

/** The BFF as it runs in production: the bundle `pnpm --filter @ese/bff build` writes, run by plain node. */
const BFF_SCRIPT = 'apps/bff/dist/server.js'

function buildBff() {
  log('building the BFF (pnpm --filter @ese/bff build)')
  const res = spawnSync('pnpm', ['--filter', '@ese/bff', 'build'], { encoding: 'utf8' })
  if (res.status !== 0) throw new Error(`pnpm --filter @ese/bff build failed:\n${res.stdout}\n${res.stderr}`)
}

/**
 * A free loopback port below 60000. The BFF answers lookups before the framework only for a Host its adapter
 * takes without further checks (lookup-fast-path.ts), which excludes ports from 60000 up; Linux hands out
 * ephemeral ports up to 60999, so a port from the kernel would now and then put the slower path under test.
 */
async function freePortBelow60000(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const probe = net.createServer()
      probe.once('error', reject)
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo
        probe.close(() => resolve(port))
      })
    })
    if (port < 60_000) return port
  }
}

async function startBff(
  name: string,
  env: Record<string, string>,
  script = BFF_SCRIPT,
): Promise<Proc & { logFile: string }> {
  const logFile = `${TMP}${name}.log`
  const proc = await startNode({
    name,
    script,
    logFile,
    nodeArgs: args.profile ? ['--cpu-prof', `--cpu-prof-dir=${TMP}profiles/${name}`] : [],
    env: {
      PORT: String(await freePortBelow60000()),
      HOST: '127.0.0.1',
      EM_PASSWORD: BENCH_PASSWORD,
      WEB_DIST: '/nonexistent',
      ...env,
    },
    ready: bffReady,
  })
  ourPids.add(proc.pid)
  return Object.assign(proc, { logFile })
}

/** Checks the BFF's log after it stopped: one line per request with every field, and nothing secret. */
async function checkLog(
  bff: { name: string; logFile: string },
  sent: number,
  completed: number,
  secrets: string[],
): Promise<Pick<BffProcessReport, 'logLines' | 'logLinesOk' | 'logFieldsOk' | 'secretsInLog'>> {
  // Line by line: a full run's log is close to a gigabyte, more than one string can hold.
  let lines = 0
  let fieldsOk = true
  let secretsInLog = false
  for await (const line of createInterface({ input: createReadStream(bff.logFile), crlfDelay: Infinity })) {
    if (!secretsInLog && secrets.some((secret) => line.includes(secret))) secretsInLog = true
    if (!line.includes('"msg":"request"')) continue
    lines++
    if (fieldsOk && !REQUEST_LINE_RE.test(line)) fieldsOk = false
  }
  return {
    logLines: lines,
    // Every completed request was logged; requests still in flight when a run ended are logged too.
    logLinesOk: lines >= completed && lines <= sent,
    logFieldsOk: fieldsOk,
    secretsInLog,
  }
}

const REQUEST_LINE_RE = /"method":"GET","path":"[^"]+","status":\d{3},"ms":\d+(\.\d+)?,"emCalls":\d+\}$/

async function main() {
  if (args.report) {
    writeReport(`${OUT_DIR}RESULTS.md`, JSON.parse(readFileSync(`${OUT_DIR}results.json`, 'utf8')) as Results)
    log('bench/RESULTS.md rewritten from bench/results.json')
    return
  }
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
  // Reports of BFF processes that no section run now starts again are kept: bff-sim serves the browser sections,
  // bff-json (and its baseline) the JSON runs, bff-xml (and its baseline) the other load sections.
  const rerunsBrowser = wants('page') || wants('jobs')
  const rerunsXml = wants('uncached') || wants('cached') || wants('growth')
  const bffReports: BffProcessReport[] = (previous?.bffProcesses ?? []).filter((b) =>
    b.name === 'bff-sim' ? !rerunsBrowser : b.name.endsWith('-json') ? !wants('json') : !rerunsXml,
  )
  log(`machine: ${JSON.stringify(results.machine)}`)
  if (!args['no-build'] || !existsSync(BFF_SCRIPT)) buildBff()

  const loadSections = (['uncached', 'cached', 'json', 'growth'] as const).filter(wants)
  if (loadSections.length > 0) {
    const sectionStart = Date.now()
    const baselineScript = args.baseline ? extractBff(args.baseline) : null
    const upstream = await startNode({
      name: 'upstream',
      script: 'bench/servers/upstream.ts',
      env: {
        UPSTREAM_USERS: 'bench-xml,bench-json,baseline-xml,baseline-json',
        UPSTREAM_PASSWORD: BENCH_PASSWORD,
      },
    })
    ourPids.add(upstream.pid)
    const upstreamUrl = String(upstream.info.url)
    const server = async (name: string, script: string, env: Record<string, string> = {}) => {
      const proc = await startNode({ name, script, env })
      ourPids.add(proc.pid)
      return proc
    }
    const proxy = await server('proxy', 'bench/servers/proxy.ts', { UPSTREAM_URL: upstreamUrl })
    const hop =
      wants('uncached') || wants('json')
        ? await server('decoding-hop', 'bench/servers/decoding-hop.ts', {
            UPSTREAM_URL: upstreamUrl,
            UPSTREAM_TOKEN: UPSTREAM_TOKEN,
          })
        : null
    const needXml = wants('uncached') || wants('cached') || wants('growth')
    const bff = (name: string, format: 'xml' | 'json', script?: string) =>
      startBff(
        name,
        { EM_URL: upstreamUrl, EM_USERNAME: name.replace(/^bff-/, 'bench-'), EM_FORMAT: format },
        script,
      )
    const bffXml = needXml ? await bff('bff-xml', 'xml') : null
    const bffJson = wants('json') ? await bff('bff-json', 'json') : null
    // The hello-world server also answers a body as large as the BFF's cached answer (its third reference).
    const cachedAnswer =
      bffXml && wants('cached')
        ? await (await fetch(`${String(bffXml.info.url)}/api/replicaTaskSessions/${COMPLETED_ID}`)).text()
        : ''
    const hello = wants('cached')
      ? await server('hello', 'bench/servers/hello.ts', {
          HELLO_SIZED_BYTES: String(Buffer.byteLength(cachedAnswer)),
        })
      : null
    const baseXml =
      baselineScript && (wants('uncached') || wants('cached'))
        ? await bff('baseline-xml', 'xml', baselineScript)
        : null
    const baseJson =
      baselineScript && wants('json') ? await bff('baseline-json', 'json', baselineScript) : null
    const bffProcs = [bffXml, bffJson, baseXml, baseJson].filter((b) => b !== null)
    const rss = new Map<string, { stop(): number }>()
    for (const b of bffProcs) rss.set(b.name, sampleRss(b.pid))
    const sent = new Map<string, { sent: number; completed: number }>()
    // The one request above (the cached answer's size) is logged like any other.
    if (bffXml && cachedAnswer) sent.set(bffXml.name, { sent: 1, completed: 1 })
    const count = (proc: Proc, r: { sent: number; completed: number }) => {
      if (!bffProcs.includes(proc as (typeof bffProcs)[number])) return
      const c = sent.get(proc.name) ?? { sent: 0, completed: 0 }
      sent.set(proc.name, { sent: c.sent + r.sent, completed: c.completed + r.completed })
    }

    const ids = runningIds(10_000)
    const distinct = () => cycling(ids, '/api/replicaTaskSessions/')
    const upstreamPaths = () =>
      cycling(
        ids.map((id) => `${id}?format=Entity`),
        '/api/replicaTaskSessions/',
      )
    const at = (
      proc: Proc | null,
      name: string,
      path: string | (() => string),
      headers?: Record<string, string>,
    ) =>
      proc
        ? ({ name, proc, url: String(proc.info.url), path, ...(headers ? { headers } : {}) } as Target)
        : null
    const cachedPath = `/api/replicaTaskSessions/${COMPLETED_ID}`
    const jsonAccept = { 'x-restsvcsessionid': UPSTREAM_TOKEN, accept: 'application/json' }
    const xmlAccept = { 'x-restsvcsessionid': UPSTREAM_TOKEN, accept: 'application/xml' }

    type Group = {
      section: 'uncached' | 'cached' | 'json'
      subject: Target
      reference: Target
      extras: Target[]
      runs: Map<Target, Run[]>
    }
    const groups: Group[] = []
    const group = (
      section: Group['section'],
      subject: Target | null,
      reference: Target | null,
      extras: (Target | null)[],
    ) => {
      if (!wants(section) || !subject || !reference) return
      const all = extras.filter((t) => t !== null)
      groups.push({
        section,
        subject,
        reference,
        extras: all,
        runs: new Map([subject, reference, ...all].map((t) => [t, []])),
      })
    }
    group(
      'uncached',
      at(bffXml, 'BFF (xml, uncached)', distinct()),
      at(proxy, 'pass-through (xml)', upstreamPaths(), xmlAccept),
      [
        at(hop, 'decoding hop (xml)', distinct(), { accept: 'application/xml' }),
        at(baseXml, `BFF before (${args.baseline}, xml)`, distinct()),
      ],
    )
    group('cached', at(bffXml, 'BFF (cached)', cachedPath), at(hello, 'Hono hello-world', '/hello'), [
      at(hello, "Hono hello-world with the BFF's API headers", '/hello-headers'),
      at(hello, "Hono hello-world with the BFF's API headers and a body of the same size", '/hello-sized'),
      at(baseXml, `BFF before (${args.baseline}, cached)`, cachedPath),
    ])
    group(
      'json',
      at(bffJson, 'BFF (json, uncached)', distinct()),
      at(proxy, 'pass-through (json)', upstreamPaths(), jsonAccept),
      [
        at(hop, 'decoding hop (json)', distinct(), { accept: 'application/json' }),
        at(baseJson, `BFF before (${args.baseline}, json)`, distinct()),
      ],
    )

    try {
      // Warm-up: JIT, pools, the one logon, and (cached) the one EM fetch. Not recorded, but logged by the BFF.
      log('warm-up')
      for (const g of groups) {
        for (const t of g.runs.keys()) {
          const r = await load({
            url: t.url,
            path: t.path,
            connections: CONNECTIONS,
            durationS: 4,
            headers: t.headers ?? {},
          })
          count(t.proc, r)
        }
      }
      // Interleaved: each round measures every target of every group, rotating the order within a group.
      for (let round = 0; round < RUNS; round++) {
        log(`round ${round + 1}/${RUNS}`)
        for (const g of groups) {
          const targets = [...g.runs.keys()]
          const order = targets.map((_, i) => targets[(i + round) % targets.length] as Target)
          for (const t of order) {
            const run = await measure(t, CONNECTIONS, DURATION)
            count(t.proc, run)
            g.runs.get(t)?.push(run)
          }
        }
      }
      for (const g of groups) {
        const c = compare(g.runs.get(g.subject) ?? [], g.runs.get(g.reference) ?? [])
        c.extras = g.extras.map((t) => {
          const runs = g.runs.get(t) ?? []
          const summary = summarise(runs)
          return { name: t.name, runs, summary, ratioToReference: summary.rps / c.referenceSummary.rps }
        })
        if (g.section === 'cached') {
          const stats = (await (await fetch(`${upstreamUrl}/__stats`)).json()) as {
            completedByUser: Record<string, number>
          }
          results.cached = { ...c, upstreamFetchesOfCachedId: stats.completedByUser['bench-xml'] ?? 0 }
        } else results[g.section] = c
        results.sections[g.section] = { at: new Date().toISOString(), durationS: 0 }
      }

      const growthTarget = at(bffXml, 'BFF (xml, uncached)', distinct())
      if (wants('growth') && growthTarget) {
        log('growth: connections')
        const growth = GROWTH_CONNECTIONS.map((connections) => ({ connections, runs: [] as Run[] }))
        count(
          growthTarget.proc,
          await load({ url: growthTarget.url, path: growthTarget.path, connections: 10, durationS: 2 }),
        )
        for (let round = 0; round < RUNS; round++) {
          const levels = round % 2 === 0 ? growth : [...growth].reverse()
          for (const level of levels) {
            const run = await measure(growthTarget, level.connections, GROWTH_DURATION)
            count(growthTarget.proc, run)
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
      for (const b of bffProcs) {
        const peak = rss.get(b.name)?.stop() ?? Number.NaN
        const mem = memoryOf(b.pid)
        // SIGTERM: the BFF finishes, logs off EM and exits; its log is then complete.
        await b.stop()
        const counts = sent.get(b.name) ?? { sent: 0, completed: 0 }
        bffReports.push({
          name: b.name,
          format: b === bffJson || b === baseJson ? 'json' : 'xml',
          logons: stats.logons?.[b.name.replace(/^bff-/, 'bench-')] ?? Number.NaN,
          peakRssMb: Math.max(peak, mem?.rssMb ?? 0),
          hwmMb: mem?.hwmMb ?? Number.NaN,
          requestsSent: counts.sent,
          requestsCompleted: counts.completed,
          ...(await checkLog(b, counts.sent, counts.completed, [
            BENCH_PASSWORD,
            UPSTREAM_TOKEN,
            Buffer.from(`token-of-${b.name.replace(/^bff-/, 'bench-')}`).toString('base64'),
          ])),
        })
      }
      for (const p of [hello, hop, proxy, upstream]) await p?.stop()
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
      password: BENCH_PASSWORD,
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
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  })
  .finally(async () => {
    await stopAll()
    process.exit()
  })
