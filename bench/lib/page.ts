/**
 * The page as a person gets it: initial JS + CSS of the built SPA, the deep link to a task session (navigation
 * start to its title), and job sessions of growing task counts (the BFF's time for the task list, and
 * navigation start to the first rows of the task table). Chromium, headless, a fresh context (cold HTTP cache)
 * for every visit; every visit opens a session the BFF has not cached yet, as a first visit would.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { type Browser, chromium } from '@playwright/test'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium.ts'
import type { BffProc } from './bff.ts'
import { median, percentile } from './load.ts'
import { ROOT } from './procs.ts'
import { callsBetween, finishedTaskSessions, type Sim, sum } from './sim.ts'
import type { JobSizeResult, PageResults, PageWeight, Timing } from './types.ts'

export const WEB_DIST = `${ROOT}apps/web/dist/`
export const DEEP_LINK_VISITS = 20
/** Deep links with EM answering after SLOW_EM_MS, each to another session the BFF has not seen. */
export const SLOW_DEEP_LINK_VISITS = 10
export const SLOW_EM_MS = 200
/** Per task count: one warm-up visit, then this many visits, and as many BFF list timings (distinct sessions). */
export const JOB_VISITS = 5

/** The simulator's extra job sessions for the page section: for each size, 1 + 2 × JOB_VISITS of them. */
export function extraJobSessionsFor(sizes: number[]): number[] {
  return sizes.flatMap((n) => Array.from({ length: 1 + 2 * JOB_VISITS }, () => n))
}

export function timing(samples: number[]): Timing {
  const sorted = samples.filter(Number.isFinite).sort((a, b) => a - b)
  return {
    medianMs: median(sorted),
    p90Ms: percentile(sorted, 0.9),
    minMs: sorted[0] ?? Number.NaN,
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
    samplesMs: samples.map((s) => Math.round(s * 10) / 10),
  }
}

export function buildWeb(log: (msg: string) => void): { ok: boolean; message: string } {
  log('building the SPA (pnpm --filter @ese/web build)')
  const res = spawnSync('pnpm', ['--filter', '@ese/web', 'build'], { cwd: ROOT, encoding: 'utf8' })
  if (res.status === 0) return { ok: true, message: 'built by this run (pnpm --filter @ese/web build)' }
  const output = `${res.stdout ?? ''}${res.stderr ?? ''}`.trim().split('\n').slice(-8).join('\n')
  log(`the SPA build failed:\n${output}`)
  return {
    ok: false,
    message: `pnpm --filter @ese/web build FAILED (${output.split('\n').pop() ?? ''}); measured the existing apps/web/dist`,
  }
}

/** What index.html loads before anything else: scripts, stylesheets, modulepreloads; gzip -9 as served. */
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

type Wait = { kind: 'title'; text: string } | { kind: 'table'; name: string }

/**
 * Installed before the page's own scripts: a MutationObserver notes `performance.now()` (ms since navigation
 * start) the moment the awaited content is in the DOM: an h1 holding the title; or the table named by its
 * caption (or aria-label) with data rows (rows a virtualizer's spacers are not). A string, not a function:
 * tsx's transform would add helpers to a function's source that do not exist in the page.
 */
function probeScript(wait: Wait): string {
  return `(() => {
  const wait = ${JSON.stringify(wait)}
  const probe = { at: null, rows: 0 }
  window.__bench = probe
  const nameOf = (t) => (t.getAttribute('aria-label') || (t.caption && t.caption.textContent) || '').trim()
  const check = () => {
    if (probe.at !== null) return
    if (wait.kind === 'title') {
      for (const h of document.querySelectorAll('h1')) {
        if (h.textContent && h.textContent.includes(wait.text)) probe.at = performance.now()
      }
    } else {
      for (const t of document.querySelectorAll('table')) {
        if (!nameOf(t).startsWith(wait.name)) continue
        const rows = t.querySelectorAll('tbody tr:not([aria-hidden="true"])').length
        if (rows > 0) {
          probe.at = performance.now()
          probe.rows = rows
        }
      }
    }
    if (probe.at !== null) observer.disconnect()
  }
  const observer = new MutationObserver(check)
  observer.observe(document, { childList: true, subtree: true, characterData: true })
})()`
}

type Visit = { ms: number; rows: number; tableName: string | null }

/** Opens `url` in a fresh context and waits for `wait`; with `settle`, also until the page's requests settle. */
async function visit(browser: Browser, url: string, wait: Wait, settle = false): Promise<Visit> {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    await page.addInitScript(probeScript(wait))
    await page.goto(url, { waitUntil: 'commit' })
    await page.waitForFunction(
      () => (window as unknown as { __bench: { at: number | null } }).__bench?.at !== null,
      null,
      {
        timeout: 60_000,
      },
    )
    const probe = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0]
      const p = (window as unknown as { __bench: { at: number; rows: number } }).__bench
      return { ms: p.at - (nav ? nav.startTime : 0), rows: p.rows }
    })
    // What a person (and a screen reader) finds, by role and name: the probe's DOM test must agree with it.
    let tableName: string | null = null
    if (wait.kind === 'title') {
      await page
        .getByRole('heading', { level: 1, name: wait.text })
        .waitFor({ state: 'visible', timeout: 10_000 })
    } else {
      const table = page.getByRole('table', { name: new RegExp(`^${wait.name}`) })
      await table.waitFor({ state: 'visible', timeout: 10_000 })
      await table.getByRole('row').nth(1).waitFor({ state: 'visible', timeout: 10_000 })
      tableName = await table.evaluate((t: HTMLTableElement) =>
        (t.getAttribute('aria-label') || t.caption?.textContent || '').trim(),
      )
    }
    if (settle) await page.waitForLoadState('networkidle', { timeout: 30_000 })
    return { ...probe, tableName }
  } finally {
    await context.close()
  }
}

/**
 * Another visitor meanwhile: GET /api/health every 10 ms, one at a time, until stopped; the longest answer (ms).
 * The BFF answers it at once unless its thread is busy, e.g. reading a big list.
 */
function waitsMeanwhile(url: string): { stop(): Promise<number> } {
  let running = true
  let worst = 0
  const polling = (async () => {
    while (running) {
      const t = performance.now()
      await (await fetch(`${url}/api/health`)).arrayBuffer()
      worst = Math.max(worst, performance.now() - t)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  })()
  return {
    stop: async () => {
      running = false
      await polling
      return worst
    },
  }
}

export type PageOptions = {
  sim: Sim
  bff: BffProc
  build: { ok: boolean; message: string }
  emLatencyMs: number
  jobSizes: number[]
  log: (msg: string) => void
}

export async function runPage(o: PageOptions): Promise<PageResults & { bffRequests: number }> {
  const notes: string[] = []
  let bffRequests = 0
  const weight = existsSync(`${WEB_DIST}index.html`) ? pageWeight() : null
  if (weight) o.log(`  initial JS + CSS: ${(weight.totalGzipBytes / 1000).toFixed(1)} kB gzip`)
  else notes.push('no apps/web/dist/index.html: page weight not measured')

  const token = await o.sim.logon()
  const emHeaders = { 'X-RestSvcSessionId': token, Accept: 'application/xml' }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  const result: PageResults = {
    build: o.build,
    chromium: browser.version(),
    emLatencyMs: o.emLatencyMs,
    pageWeight: weight,
    deepLink: null,
    slowDeepLink: null,
    jobs: [],
    notes,
  }
  try {
    // Deep link: a task session the BFF has not seen, each visit another one.
    try {
      const sessions = (await finishedTaskSessions(o.sim, token)).filter(
        (s) => s.segment === 'replicaTaskSessions',
      )
      const samples: number[] = []
      const views: { url: string; title: string; calls: Map<string, number> }[] = []
      let path = ''
      // The title a visit waits for: the session's name as EM has it, asked straight from EM.
      const titleOf = async (s: { segment: string; id: string }): Promise<string> => {
        const em = await fetch(`${o.sim.url}/api/${s.segment}/${s.id}?format=Entity`, {
          headers: { ...emHeaders, Accept: 'application/json' },
        })
        const entity = JSON.parse((await em.text()).replace(/^\uFEFF/, '')) as {
          VmDisplayName?: string
          Name?: string
        }
        return entity.VmDisplayName || entity.Name || ''
      }
      for (let rep = -1; rep < DEEP_LINK_VISITS; rep++) {
        const s = sessions[rep + 1]
        if (!s) throw new Error('not enough finished replica task sessions')
        const title = await titleOf(s)
        path = `/${s.segment}/${s.id}`
        const before = await o.sim.counters()
        const v = await visit(browser, `${o.bff.url}${path}`, { kind: 'title', text: title }, true)
        if (rep < 0) continue
        samples.push(v.ms)
        views.push({ url: `${o.bff.url}${path}`, title, calls: callsBetween(before, await o.sim.counters()) })
      }
      // The same pages again, later, in a fresh browser: what the BFF's cache saves EM on a page opened again.
      const againViews: number[] = []
      for (const view of views.slice(0, 5)) {
        const before = await o.sim.counters()
        await visit(browser, view.url, { kind: 'title', text: view.title }, true)
        againViews.push(sum(callsBetween(before, await o.sim.counters())))
      }
      const firstViews = views.map((v) => sum(v.calls))
      const typical = views.find((v) => sum(v.calls) === median(firstViews)) ?? views[0]
      const byCall: Record<string, number> = {}
      for (const [call, n] of typical?.calls ?? []) {
        const key = call.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, '<id>')
        byCall[key] = (byCall[key] ?? 0) + n
      }
      result.deepLink = {
        ...timing(samples),
        runs: DEEP_LINK_VISITS,
        path: path.replace(/[0-9a-f-]{36}$/, '<id>'),
        emCalls: { firstViews, byCall, againViews },
      }
      o.log(
        `  deep link to a task session's title: median ${result.deepLink.medianMs.toFixed(0)} ms over ${DEEP_LINK_VISITS}`,
      )

      // The same with a real EM's pace: the document preloads the session, so EM's time overlaps the SPA's start.
      const slowSessions = sessions.slice(DEEP_LINK_VISITS + 1, DEEP_LINK_VISITS + 1 + SLOW_DEEP_LINK_VISITS)
      if (slowSessions.length < SLOW_DEEP_LINK_VISITS)
        throw new Error('not enough finished replica task sessions')
      // Titles first, while EM still answers at once.
      const titles = await Promise.all(slowSessions.map(titleOf))
      const slow: number[] = []
      await o.sim.setLatency(SLOW_EM_MS)
      try {
        for (const [i, s] of slowSessions.entries()) {
          const url = `${o.bff.url}/${s.segment}/${s.id}`
          slow.push((await visit(browser, url, { kind: 'title', text: titles[i] ?? '' })).ms)
        }
      } finally {
        await o.sim.setLatency(o.emLatencyMs)
      }
      result.slowDeepLink = { ...timing(slow), runs: slow.length, emLatencyMs: SLOW_EM_MS }
      o.log(`  the same with EM at ${SLOW_EM_MS} ms: median ${result.slowDeepLink.medianMs.toFixed(0)} ms`)
    } catch (error) {
      notes.push(
        `deep link not measured: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      )
      o.log(`  ${notes[notes.length - 1]}`)
    }

    const ids = o.sim.demo.extraJobSessionIds
    for (const [sizeIndex, tasks] of o.jobSizes.entries()) {
      const mine = ids.slice(sizeIndex * (1 + 2 * JOB_VISITS), (sizeIndex + 1) * (1 + 2 * JOB_VISITS))
      const [warm, ...rest] = mine
      const listIds = rest.slice(0, JOB_VISITS)
      const visitIds = rest.slice(JOB_VISITS)
      const bffSamples: number[] = []
      const emSamples: number[] = []
      let answerBytes = 0
      let emAnswerBytes = 0
      const worstWaits: number[] = []
      for (const id of listIds) {
        let t = performance.now()
        const others = waitsMeanwhile(o.bff.url)
        const res = await fetch(`${o.bff.url}/api/replicaSessions/${id}/replicaTaskSessions`)
        const body = await res.text()
        bffSamples.push(performance.now() - t)
        worstWaits.push(await others.stop())
        bffRequests++
        if (res.status !== 200)
          throw new Error(`the BFF answered ${res.status} for a ${tasks}-task list: ${body.slice(0, 300)}`)
        const items = (JSON.parse(body) as { items: unknown[] }).items
        if (items.length !== tasks)
          throw new Error(`expected ${tasks} task sessions, the BFF gave ${items.length}`)
        answerBytes = Buffer.byteLength(body)
        t = performance.now()
        const em = await fetch(`${o.sim.url}/api/replicaSessions/${id}/replicaTaskSessions?format=Entity`, {
          headers: emHeaders,
        })
        emAnswerBytes = (await em.arrayBuffer()).byteLength
        emSamples.push(performance.now() - t)
      }
      const job: JobSizeResult = {
        tasks,
        bffList: timing(bffSamples),
        emList: timing(emSamples),
        answerBytes,
        emAnswerBytes,
        othersWorstWaitMs: timing(worstWaits),
        firstScreen: timing([]),
        rowsAtFirstScreen: 0,
        tableName: null,
      }
      try {
        const samples: number[] = []
        const calls: number[] = []
        const wait: Wait = { kind: 'table', name: 'Task sessions of' }
        for (const [rep, id] of [warm, ...visitIds].entries()) {
          if (!id) continue
          const before = await o.sim.counters()
          const v = await visit(browser, `${o.bff.url}/replicaSessions/${id}`, wait, true)
          if (rep === 0) continue
          calls.push(sum(callsBetween(before, await o.sim.counters())))
          samples.push(v.ms)
          job.rowsAtFirstScreen = v.rows
          job.tableName = v.tableName
        }
        job.firstScreen = timing(samples)
        job.emCallsPerView = calls
      } catch (error) {
        notes.push(
          `job session of ${tasks} tasks not rendered in time: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
        )
        o.log(`  ${notes[notes.length - 1]}`)
      }
      result.jobs.push(job)
      o.log(
        `  ${String(tasks).padStart(4)} tasks: BFF list ${job.bffList.medianMs.toFixed(0)} ms (EM ${job.emList.medianMs.toFixed(0)} ms, ${(answerBytes / 1000).toFixed(0)} kB), first rows on screen ${job.firstScreen.medianMs.toFixed(0)} ms (${job.rowsAtFirstScreen} rows in the DOM)`,
      )
    }
  } finally {
    await browser.close()
  }
  return { ...result, bffRequests }
}
