import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { chromium } from '@playwright/test'
import { decodeReplicaTaskSessionList, parseBody } from '../../apps/bff/src/em/decode.ts'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium.ts'
import type { BffProcessReport } from '../run.ts'
import { median, percentile } from './load.ts'
import { memoryOf, type Proc, ROOT, sampleRss, startNode } from './procs.ts'

export const WEB_DIST = `${ROOT}apps/web/dist/`

export type PageWeight = {
  files: { path: string; kind: 'js' | 'css'; rawBytes: number; gzipBytes: number }[]
  jsGzipBytes: number
  cssGzipBytes: number
  totalGzipBytes: number
}

export type Timing = { medianMs: number; p90Ms: number; minMs: number; maxMs: number; samplesMs: number[] }

export type JobSizeResult = {
  tasks: number
  /** Client-side time of GET /api/replicaSessions/<id>/replicaTaskSessions through the BFF (uncached). */
  bff: Timing
  /** The same list straight from the simulator: EM's share of the BFF time. */
  em: Timing
  /** The BFF's own work on the list, in this process: parse + decode + JSON.stringify of EM's answer. */
  decode: Timing
  responseBytes: number
  emResponseBytes: number
  /** Navigation start to the task table showing every row, and to the timeline showing every bar. */
  table: Timing
  timeline: Timing
  both: Timing
}

export type BrowserResults = {
  build: { ok: boolean; message: string }
  chromium: string
  pageWeight: PageWeight
  deepLink: Timing & { url: string; runs: number }
  jobs: JobSizeResult[]
}

type Options = {
  page: boolean
  jobs: boolean
  build: boolean
  jobSizes: number[]
  password: string
  tmp: string
  log: (msg: string) => void
  startBff: (name: string, env: Record<string, string>) => Promise<Proc & { logFile: string }>
  checkLog: (
    bff: { name: string; logFile: string },
    sent: number,
    completed: number,
    secrets: string[],
  ) => Promise<Pick<BffProcessReport, 'logLines' | 'logLinesOk' | 'logFieldsOk' | 'secretsInLog'>>
}

function timing(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b)
  return {
    medianMs: median(sorted),
    p90Ms: percentile(sorted, 0.9),
    minMs: sorted[0] ?? Number.NaN,
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
    samplesMs: samples.map((s) => Math.round(s * 100) / 100),
  }
}

function build(log: Options['log']): { ok: boolean; message: string } {
  log('building the SPA (pnpm --filter @ese/web build)')
  const res = spawnSync('pnpm', ['--filter', '@ese/web', 'build'], { cwd: ROOT, encoding: 'utf8' })
  if (res.status === 0) return { ok: true, message: 'built for this run' }
  const output = `${res.stdout ?? ''}${res.stderr ?? ''}`.trim().split('\n').slice(-8).join('\n')
  log(`the build failed:\n${output}`)
  return {
    ok: false,
    message: `pnpm --filter @ese/web build failed (${output.split('\n').pop() ?? ''}); measured the existing apps/web/dist`,
  }
}

/** The JS and CSS index.html loads before anything else: scripts, stylesheets, modulepreloads; gzip level 9 as served. */
export function pageWeight(dist = WEB_DIST): PageWeight {
  const html = readFileSync(`${dist}index.html`, 'utf8')
  const refs = new Map<string, 'js' | 'css'>()
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*>/g)) if (m[1]) refs.set(m[1], 'js')
  for (const m of html.matchAll(/<link\b[^>]*>/g)) {
    const tag = m[0]
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1]
    const rel = /\brel="([^"]+)"/.exec(tag)?.[1] ?? ''
    if (!href) continue
    if (rel === 'stylesheet') refs.set(href, 'css')
    else if (rel === 'modulepreload') refs.set(href, 'js')
  }
  const files = [...refs].map(([href, kind]) => {
    const body = readFileSync(`${dist}${href.replace(/^\//, '')}`)
    return { path: href, kind, rawBytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length }
  })
  const sum = (kind: 'js' | 'css') =>
    files.filter((f) => f.kind === kind).reduce((a, f) => a + f.gzipBytes, 0)
  return { files, jsGzipBytes: sum('js'), cssGzipBytes: sum('css'), totalGzipBytes: sum('js') + sum('css') }
}

type Wait = { kind: 'task'; text: string } | { kind: 'job'; rows: number }

/**
 * Installed before the page's own scripts: a MutationObserver notes `performance.now()` (ms since navigation
 * start) the moment the awaited content is in the DOM. A string, not a function: tsx's transform would add
 * helpers to a function's source that do not exist in the page.
 */
function probeScript(wait: Wait): string {
  return `(() => {
  const wait = ${JSON.stringify(wait)}
  const probe = { marks: {}, done: false }
  window.__bench = probe
  const check = () => {
    const m = probe.marks
    if (wait.kind === 'task') {
      if (m.title === undefined) {
        const h1 = document.querySelector('h1')
        if (h1 && h1.textContent && h1.textContent.includes(wait.text)) m.title = performance.now()
      }
      probe.done = m.title !== undefined
    } else {
      if (m.table === undefined && document.querySelectorAll('table tbody tr').length === wait.rows) {
        m.table = performance.now()
      }
      if (m.timeline === undefined) {
        const figure = document.querySelector('figure[aria-label="Task session timeline"]')
        if (figure && figure.querySelector('svg[role="img"]') && figure.querySelectorAll('a').length === wait.rows) {
          m.timeline = performance.now()
        }
      }
      probe.done = m.table !== undefined && m.timeline !== undefined
    }
    if (probe.done) observer.disconnect()
  }
  const observer = new MutationObserver(check)
  observer.observe(document, { childList: true, subtree: true, characterData: true })
})()`
}

export async function runBrowserBenchmarks(options: Options): Promise<{
  results: Partial<BrowserResults>
  bff: BffProcessReport | null
}> {
  const { log } = options
  const results: Partial<BrowserResults> = {}
  if (options.page || options.jobs) {
    results.build = options.build ? build(log) : { ok: true, message: 'not rebuilt (--no-build)' }
  }
  if (!existsSync(`${WEB_DIST}index.html`)) {
    log('no apps/web/dist/index.html: page and job-session browser timings skipped')
    return { results, bff: null }
  }
  if (options.page) {
    results.pageWeight = pageWeight()
    log(`page weight: ${(results.pageWeight.totalGzipBytes / 1024).toFixed(1)} KB gzip`)
  }

  const sim = await startNode({
    name: 'simulator',
    script: 'bench/servers/simulator.ts',
    env: {
      SIM_USER: 'bench',
      SIM_PASSWORD: options.password,
      SIM_EXTRA_JOB_SESSIONS: options.jobSizes.join(','),
    },
  })
  const simUrl = String(sim.info.url)
  const demo = sim.info.demo as { completedTaskSessionId: string; extraJobSessionIds: string[] }
  const bff = await options.startBff('bff-sim', {
    EM_URL: simUrl,
    EM_USERNAME: 'bench',
    EM_FORMAT: 'xml',
    WEB_DIST: WEB_DIST,
  })
  const rss = sampleRss(bff.pid)
  const bffUrl = String(bff.info.url)
  let apiRequests = 0
  let ownLogons = 0
  let report: BffProcessReport | null = null
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  try {
    results.chromium = browser.version()
    const visit = async (url: string, wait: Wait): Promise<Record<string, number>> => {
      const context = await browser.newContext()
      try {
        const page = await context.newPage()
        await page.addInitScript(probeScript(wait))
        await page.goto(url, { waitUntil: 'commit' })
        await page.waitForFunction(
          () => (window as unknown as { __bench: { done: boolean } }).__bench?.done,
          null,
          {
            timeout: 60_000,
          },
        )
        return await page.evaluate(() => {
          const nav = performance.getEntriesByType('navigation')[0]
          const start = nav ? nav.startTime : 0
          const marks = (window as unknown as { __bench: { marks: Record<string, number> } }).__bench.marks
          return Object.fromEntries(Object.entries(marks).map(([k, v]) => [k, v - start]))
        })
      } finally {
        await context.close()
      }
    }

    if (options.jobs) {
      // EM's own time for the list, with a logon of the bench's own (subtracted from the simulator's count).
      const logon = await fetch(`${simUrl}/api/sessionMngr/?v=latest`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from(`bench:${options.password}`).toString('base64')}` },
      })
      ownLogons++
      const token = logon.headers.get('x-restsvcsessionid') ?? ''
      const jobs: JobSizeResult[] = []
      for (const [index, tasks] of options.jobSizes.entries()) {
        const id = demo.extraJobSessionIds[index] ?? ''
        const reps = 10
        const bffSamples: number[] = []
        const emSamples: number[] = []
        const decodeSamples: number[] = []
        let responseBytes = 0
        let emResponseBytes = 0
        // Interleaved, after one warm-up each; the list is not cached by the BFF here (its job session is not).
        for (let rep = -1; rep < reps; rep++) {
          let t = performance.now()
          const res = await fetch(`${bffUrl}/api/replicaSessions/${id}/replicaTaskSessions`)
          const body = await res.text()
          const bffMs = performance.now() - t
          apiRequests++
          if (res.status !== 200)
            throw new Error(`BFF answered ${res.status} for the ${tasks}-task list: ${body}`)
          const items = (JSON.parse(body) as { items: unknown[] }).items
          if (items.length !== tasks) throw new Error(`expected ${tasks} task sessions, got ${items.length}`)
          responseBytes = Buffer.byteLength(body)
          t = performance.now()
          const em = await fetch(`${simUrl}/api/replicaSessions/${id}/replicaTaskSessions?format=Entity`, {
            headers: { 'X-RestSvcSessionId': token, Accept: 'application/xml' },
          })
          const emBody = Buffer.from(await em.arrayBuffer())
          const emMs = performance.now() - t
          emResponseBytes = emBody.length
          t = performance.now()
          JSON.stringify({
            items: decodeReplicaTaskSessionList(
              parseBody(emBody, em.headers.get('content-type') ?? undefined),
            ),
          })
          const decodeMs = performance.now() - t
          if (rep >= 0) {
            bffSamples.push(bffMs)
            emSamples.push(emMs)
            decodeSamples.push(decodeMs)
          }
        }
        log(
          `  [rss ${memoryOf(bff.pid)?.rssMb.toFixed(0)} MB] job session with ${tasks} tasks: BFF ${median(bffSamples).toFixed(1)} ms, EM ${median(emSamples).toFixed(1)} ms, decode ${median(decodeSamples).toFixed(2)} ms`,
        )
        jobs.push({
          tasks,
          bff: timing(bffSamples),
          em: timing(emSamples),
          decode: timing(decodeSamples),
          responseBytes,
          emResponseBytes,
          table: timing([]),
          timeline: timing([]),
          both: timing([]),
        })
      }
      // Rendering: a fresh browser context per visit (cold HTTP cache), one warm-up visit per size first.
      for (const [index, job] of jobs.entries()) {
        const id = demo.extraJobSessionIds[index] ?? ''
        const table: number[] = []
        const timeline: number[] = []
        const both: number[] = []
        for (let rep = -1; rep < 5; rep++) {
          const marks = await visit(`${bffUrl}/replicaSessions/${id}`, { kind: 'job', rows: job.tasks })
          if (rep < 0) continue
          table.push(marks.table ?? Number.NaN)
          timeline.push(marks.timeline ?? Number.NaN)
          both.push(Math.max(marks.table ?? Number.NaN, marks.timeline ?? Number.NaN))
        }
        job.table = timing(table)
        job.timeline = timing(timeline)
        job.both = timing(both)
        log(
          `  [rss ${memoryOf(bff.pid)?.rssMb.toFixed(0)} MB] job session with ${job.tasks} tasks rendered: table ${job.table.medianMs.toFixed(0)} ms, timeline ${job.timeline.medianMs.toFixed(0)} ms`,
        )
      }
      results.jobs = jobs
    }

    if (options.page) {
      const id = demo.completedTaskSessionId
      const res = await fetch(`${bffUrl}/api/replicaTaskSessions/${id}`)
      apiRequests++
      const session = (await res.json()) as { vmDisplayName: string }
      const url = `${bffUrl}/replicaTaskSessions/${id}`
      const samples: number[] = []
      const runs = 20
      for (let rep = -1; rep < runs; rep++) {
        const marks = await visit(url, { kind: 'task', text: session.vmDisplayName })
        if (rep >= 0) samples.push(marks.title ?? Number.NaN)
      }
      results.deepLink = { ...timing(samples), url: `/replicaTaskSessions/${id}`, runs }
      log(`  deep link to content: median ${results.deepLink.medianMs.toFixed(0)} ms over ${runs}`)
    }
  } finally {
    await browser.close()
    const peak = rss.stop()
    const hwm = readFileSync(`/proc/${bff.pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+)/m)?.[1]
    await bff.stop()
    // Ask the simulator for its counters, then stop it.
    const counters = await new Promise<{ logons: number }>((resolve) => {
      let out = ''
      sim.child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8')
        const line = out.split('\n').find((l) => l.includes('"counters"'))
        if (line) resolve((JSON.parse(line) as { counters: { logons: number } }).counters)
      })
      sim.child.stdin?.write('counters\n')
      setTimeout(() => resolve({ logons: Number.NaN }), 5000)
    })
    await sim.stop()
    const checked = await options.checkLog(bff, Number.POSITIVE_INFINITY, apiRequests, [options.password])
    report = {
      name: bff.name,
      format: 'xml',
      logons: counters.logons - ownLogons,
      peakRssMb: peak,
      hwmMb: hwm ? Number(hwm) / 1024 : Number.NaN,
      requestsSent: Number.NaN,
      requestsCompleted: apiRequests,
      ...checked,
    }
  }
  return { results, bff: report }
}
