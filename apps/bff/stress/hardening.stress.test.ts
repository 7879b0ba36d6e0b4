/**
 * The bounded stress part of the hardening suite (`pnpm test:stress`): the BFF as its own process in front of
 * the simulator, fed hostile payloads and then 60 s of load under faults. Every loop is bounded in count and
 * time; everything is on loopback. Writes the figures to bench/HARDENING.md.
 */
import { existsSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { PAYLOAD_FAULTS, type RunningSimulator, startSimulator } from '@ese/em-simulator'
import {
  apiErrorBodySchema,
  backupServerSchema,
  ERROR_STATUS,
  jobSessionSchema,
  taskSessionListSchema,
  taskSessionSchema,
} from '@ese/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { API_CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY } from '../src/answers.ts'
import { generateBadIds } from '../test/bad-input.ts'
import { type BffProcess, startBffProcess } from './bff-process.ts'

const USER = 'restapi'
const PASSWORD = 'Stress-Test-Passw0rd!'
const TIMEOUT_MS = 2000
const LOAD_SECONDS = Number(process.env.STRESS_LOAD_SECONDS ?? 60)
const CLIENTS = 50
const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url))
const MiB = 1024 * 1024

type Figures = {
  inputsTried: number
  requestsSent: number
  byStatus: Record<string, number>
  byCode: Record<string, number>
  logons: number
  expectedLogons: number
  baselineRssMiB: number
  peakRssMiB: number
  hostileRuns: number
  hangs: number
  maxLatencyMs: number
  loadSeconds: number
}

const figures: Figures = {
  inputsTried: 0,
  requestsSent: 0,
  byStatus: {},
  byCode: {},
  logons: 0,
  expectedLogons: 0,
  baselineRssMiB: 0,
  peakRssMiB: 0,
  hostileRuns: 0,
  hangs: 0,
  maxLatencyMs: 0,
  loadSeconds: LOAD_SECONDS,
}

const seenText: string[] = []
const secrets = new Set<string>([PASSWORD])
let ownLogons = 0

let sim: RunningSimulator
let bff: BffProcess
let peakRss = 0
let sampler: NodeJS.Timeout

function tally(status: number, code: string | null) {
  figures.requestsSent++
  figures.byStatus[status] = (figures.byStatus[status] ?? 0) + 1
  if (code) figures.byCode[code] = (figures.byCode[code] ?? 0) + 1
}

/** The tokens of the live EM sessions, read the documented way (costs one logon of our own, counted). */
async function collectTokens() {
  const auth = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`
  const logon = await fetch(`${sim.url}/api/sessionMngr/?v=latest`, {
    method: 'POST',
    headers: { Authorization: auth },
  })
  ownLogons++
  const token = logon.headers.get('x-restsvcsessionid') ?? ''
  const list = await fetch(`${sim.url}/api/logonSessions`, {
    headers: { 'X-RestSvcSessionId': token, Accept: 'application/json' },
  })
  const text = (await list.text()).replace(/^\uFEFF/, '')
  for (const m of text.matchAll(/"SessionId":\s*"([^"]+)"/g)) {
    if (m[1]) secrets.add(Buffer.from(m[1], 'utf8').toString('base64'))
  }
}

type Target = { path: string; schema: z.ZodType; id: string | null }

async function getChecked(target: Target): Promise<{ status: number; code: string | null }> {
  const started = Date.now()
  let res: Response
  try {
    res = await fetch(`${bff.url}${target.path}`, { signal: AbortSignal.timeout(TIMEOUT_MS + 10_000) })
  } catch (error) {
    figures.hangs++
    throw new Error(`no answer for ${target.path}: ${String(error)}`)
  }
  const text = await res.text()
  figures.maxLatencyMs = Math.max(figures.maxLatencyMs, Date.now() - started)
  seenText.push(text)
  expect(res.headers.get('content-security-policy')).toBe(API_CONTENT_SECURITY_POLICY)
  expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  const body = JSON.parse(text) as unknown
  if (res.status === 200) {
    const parsed = target.schema.parse(body) as { id?: string }
    if (target.id) expect(parsed.id).toBe(target.id)
    tally(200, null)
    return { status: 200, code: null }
  }
  const error = apiErrorBodySchema.parse(body).error
  expect(res.status).toBe(ERROR_STATUS[error.code])
  tally(res.status, error.code)
  return { status: res.status, code: error.code }
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, username: USER, password: PASSWORD, liveTaskMs: 5000 })
  bff = await startBffProcess({
    EM_URL: sim.url,
    AUTH: 'service',
    // Every lookup of a running session reaches EM: that is what the hostile payloads and faults are aimed at.
    RUNNING_CACHE_MS: '0',
    EM_USERNAME: USER,
    EM_PASSWORD: PASSWORD,
    EM_TIMEOUT_MS: String(TIMEOUT_MS),
    WEB_DIST: existsSync(WEB_DIST) ? WEB_DIST : '/nonexistent',
  })
  sampler = setInterval(() => {
    if (!bff.exited()) peakRss = Math.max(peakRss, bff.rssBytes())
  }, 50)
}, 60_000)

afterAll(async () => {
  clearInterval(sampler)
  figures.peakRssMiB = Math.round((peakRss / MiB) * 10) / 10
  const exitCode = bff ? await bff.stop() : null
  await sim?.close()
  writeHardeningReport(exitCode)
})

describe('hardening under stress', () => {
  it('bad input: every generated ID gets a 400 or 404 JSON error', async () => {
    const ids = generateBadIds()
    for (const id of ids) {
      const { status, code } = await getChecked({
        path: `/api/replicaTaskSessions/${encodeURIComponent(id)}`,
        schema: taskSessionSchema,
        id: null,
      })
      expect([400, 404], id).toContain(status)
      expect(['invalid_id', 'not_found']).toContain(code)
    }
    figures.inputsTried = ids.length
  })

  it('hostile payloads: a documented error within the timeout, RSS grows by < 100 MB, the next request succeeds', async () => {
    const job = sim.demo.runningJobSessionId
    const target: Target = { path: `/api/replicaSessions/${job}`, schema: jobSessionSchema, id: job }
    // Warm up, then take the baseline.
    for (let i = 0; i < 50; i++) expect((await getChecked(target)).status).toBe(200)
    const baseline = bff.rssBytes()
    figures.baselineRssMiB = Math.round((baseline / MiB) * 10) / 10
    peakRss = baseline
    for (let round = 0; round < 3; round++) {
      for (const payload of PAYLOAD_FAULTS) {
        sim.setFaults({ payload })
        try {
          // Ten at once: the body cap and the deadline must hold per request, not just for one.
          const results = await Promise.all(Array.from({ length: 10 }, () => getChecked(target)))
          for (const r of results) expect(['em_bad_response', 'em_timeout'], payload).toContain(r.code)
        } finally {
          sim.clearFaults()
        }
        figures.hostileRuns += 10
        expect((await getChecked(target)).status, `after ${payload}`).toBe(200)
      }
    }
    expect(peakRss - baseline).toBeLessThan(100 * MiB)
    expect(bff.exited()).toBe(false)
  })

  it(
    `faults under load: ${CLIENTS} clients for ${LOAD_SECONDS} s with latency, 5% failures, two expiries and a restart`,
    async () => {
      await collectTokens()
      const { demo } = sim
      const targets: Target[] = [
        {
          path: `/api/replicaTaskSessions/${demo.completedTaskSessionId}`,
          schema: taskSessionSchema,
          id: demo.completedTaskSessionId,
        },
        {
          path: `/api/replicaTaskSessions/${demo.failedTaskSessionId}`,
          schema: taskSessionSchema,
          id: demo.failedTaskSessionId,
        },
        {
          path: `/api/replicaTaskSessions/${demo.runningTaskSessionId}`,
          schema: taskSessionSchema,
          id: demo.runningTaskSessionId,
        },
        {
          path: `/api/replicaSessions/${demo.runningJobSessionId}`,
          schema: jobSessionSchema,
          id: demo.runningJobSessionId,
        },
        {
          path: `/api/replicaSessions/${demo.completedJobSessionId}`,
          schema: jobSessionSchema,
          id: demo.completedJobSessionId,
        },
        {
          path: `/api/replicaSessions/${demo.runningJobSessionId}/replicaTaskSessions`,
          schema: taskSessionListSchema,
          id: null,
        },
        {
          path: `/api/backupServers/${demo.backupServerIds[0]}`,
          schema: backupServerSchema,
          id: demo.backupServerIds[0] ?? null,
        },
        {
          path: '/api/replicaTaskSessions/00000000-0000-4000-8000-000000000000',
          schema: taskSessionSchema,
          id: null,
        },
      ]
      const logonsBefore = sim.counters().logons
      sim.setFaults({ latencyMs: 20, failureRate: 0.05 })
      const deadline = Date.now() + LOAD_SECONDS * 1000
      const events = [
        { at: 0.25, run: () => sim.expireAllSessions() },
        { at: 0.5, run: () => sim.restart() },
        { at: 0.75, run: () => sim.expireAllSessions() },
      ]
      const start = Date.now()
      const scheduled = events.map(
        (e) =>
          new Promise<void>((resolve) =>
            setTimeout(
              async () => {
                await e.run()
                resolve()
              },
              e.at * LOAD_SECONDS * 1000,
            ),
          ),
      )
      const seen = new Set<string>()
      const clients = Array.from({ length: CLIENTS }, async (_, client) => {
        let i = client
        // Bounded by time and by count.
        while (Date.now() < deadline && i < 1_000_000) {
          const target = targets[i % targets.length] as Target
          const { status, code } = await getChecked(target)
          seen.add(`${status} ${code ?? ''}`)
          i += CLIENTS
        }
      })
      await Promise.all([...clients, ...scheduled])
      sim.clearFaults()
      expect(Date.now() - start).toBeLessThan((LOAD_SECONDS + 30) * 1000)
      expect(figures.hangs).toBe(0)
      expect(bff.exited()).toBe(false)
      // Recovered: a clean request works after the storm.
      expect((await getChecked(targets[3] as Target)).status).toBe(200)
      await collectTokens()
      figures.logons = sim.counters().logons - ownLogons
      figures.expectedLogons = 1 + 2 + 1
      // Logons: the BFF's first, plus one per expiry and one for the restart; our own token probes excluded.
      expect(sim.counters().logons - logonsBefore).toBe(3 + 1)
      expect(figures.logons).toBe(figures.expectedLogons)
      expect(seen.has('200 ')).toBe(true)
    },
    (LOAD_SECONDS + 90) * 1000,
  )

  it('HTML responses carry the security headers too', async () => {
    for (const path of ['/', `/replicaTaskSessions/${sim.demo.completedTaskSessionId}`, '/no/such/page']) {
      const res = await fetch(`${bff.url}${path}`)
      seenText.push(await res.text())
      expect(res.headers.get('content-security-policy'), path).toBe(CONTENT_SECURITY_POLICY)
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer')
    }
  })

  it('no response, header, log line or error message contains the EM password or an EM token', async () => {
    const all = `${seenText.join('\n')}\n${bff.output()}`
    expect(secrets.size).toBeGreaterThanOrEqual(3)
    for (const secret of secrets) expect(all.includes(secret)).toBe(false)
  })
})

function writeHardeningReport(exitCode: number | null) {
  const path = fileURLToPath(new URL('../../../bench/HARDENING.md', import.meta.url))
  const rows = (o: Record<string, number>) =>
    Object.entries(o)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `| ${k} | ${v} |`)
      .join('\n')
  const text = `# Hardening figures

Written by \`pnpm test:stress\` (apps/bff/stress/hardening.stress.test.ts) on ${new Date().toISOString()},
Node ${process.version}, ${process.platform}/${process.arch}. The BFF ran as its own process in front of the EM
simulator on loopback, EM_TIMEOUT_MS=${TIMEOUT_MS}.

| Figure | Value |
| --- | --- |
| Generated bad IDs tried (each answered 400 or 404 JSON) | ${figures.inputsTried} |
| Hostile-payload requests (${PAYLOAD_FAULTS.length} kinds × 3 rounds × 10 concurrent) | ${figures.hostileRuns} |
| Load | ${CLIENTS} clients × ${figures.loadSeconds} s, 20 ms added latency, 5% EM failures, 2 session expiries, 1 EM restart |
| Requests sent in all | ${figures.requestsSent} |
| Requests that got no answer (hangs) | ${figures.hangs} |
| Slowest answer | ${figures.maxLatencyMs} ms |
| EM logons by the BFF (expected 1 + 2 expiries + 1 restart) | ${figures.logons} (expected ${figures.expectedLogons}) |
| BFF RSS after warm-up | ${figures.baselineRssMiB} MiB |
| BFF peak RSS (whole run) | ${figures.peakRssMiB} MiB |
| BFF exit code on SIGTERM afterwards | ${exitCode} |

Responses by status:

| Status | Count |
| --- | --- |
${rows(figures.byStatus)}

Error responses by code:

| Code | Count |
| --- | --- |
${rows(figures.byCode)}
`
  writeFileSync(path, text)
}
