import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { LoadResult } from './load.ts'
import {
  against,
  fanoutBounded,
  fanoutCeiling,
  fanoutFlat,
  roundsAgainstVerdict,
  targetRows,
  writeReport,
} from './report.ts'
import type { BffProcessReport, FanoutLevel, LatencyComparison, PairedRound, Results } from './types.ts'

const loadResult = (p50: number, p99: number, rps = 100): LoadResult => ({
  rps,
  latency: { p50, p90: p50, p99, max: p99, mean: p50, count: 500 },
  sent: 500,
  completed: 500,
  non2xx: 0,
  errors: 0,
  timeouts: 0,
  durationS: 5,
})

const round = (bff: [number, number], direct: [number, number]): PairedRound => ({
  bff: loadResult(...bff),
  direct: loadResult(...direct),
  emCallsPerLookup: 1,
  bffLogLines: [0, 500],
})

const comparison = (rounds: PairedRound[], p50Ratio: number, p99Ratio: number): LatencyComparison => ({
  connections: 5,
  lookupsPerRun: 500,
  rounds,
  bff: { p50: 51, p99: 60, rps: 95 },
  direct: { p50: 50, p99: 55, rps: 97 },
  p50Ratio,
  p99Ratio,
})

const level = (viewers: number, calls: number, durationS = 60): FanoutLevel => ({
  viewers,
  durationS,
  polls: viewers * 12,
  failedRequests: 0,
  sessionCalls: Math.ceil(calls / 2),
  taskListCalls: Math.floor(calls / 2),
  otherCalls: 0,
  emCallsPerMin: (calls / durationS) * 60,
  perViewerPerMin: (calls / durationS / viewers) * 60,
  latency: { p50: 1, p90: 1, p99: 50, max: 60, mean: 5, count: 10 },
  stillRunning: true,
})

const bffProcess = (name: string, emLogons: number): BffProcessReport => ({
  name,
  section: 'overhead',
  emLogons,
  emLogoffs: 1,
  peakRssMb: 90,
  hwmMb: 91,
  requests: 10,
  logLines: 10,
  logLinesOk: true,
  logFieldsOk: true,
  secretsInLog: false,
})

const status = (r: Results, id: string) => targetRows(r).find((row) => row.id === id)

describe('verdicts of the report', () => {
  it('judges a value against a limit, and gives none without a value', () => {
    expect(against(1.05, 1.05, 'max')).toBe('met')
    expect(against(1.051, 1.05, 'max')).toBe('missed')
    expect(against(0.3, 0.3, 'min')).toBe('met')
    expect(against(0.29, 0.3, 'min')).toBe('missed')
    expect(against(Number.NaN, 1, 'max')).toBe('not measured')
  })

  it('counts the rounds that disagree with the verdict on their median', () => {
    expect(roundsAgainstVerdict([1.01, 1.02, 1.07], 1.05, 'max', 'met')).toBe(1)
    expect(roundsAgainstVerdict([1.1, 1.2, 1.01], 1.05, 'max', 'missed')).toBe(1)
    expect(roundsAgainstVerdict([1.1], 1.05, 'max', 'not measured')).toBe(0)
  })

  it('calls fan-out flat only when every level is within ±20 % of the median level', () => {
    expect(fanoutFlat([level(1, 55), level(10, 58), level(100, 57)], 0.2)).toBe('met')
    // One viewer polling every 5 s: 24 calls a minute against a crowd's ~58.
    expect(fanoutFlat([level(1, 24), level(10, 53), level(100, 58)], 0.2)).toBe('missed')
    // Growing with viewers is what the target is there to catch.
    expect(fanoutFlat([level(1, 24), level(10, 240), level(100, 2400)], 0.2)).toBe('missed')
    expect(fanoutFlat([level(1, 48), level(10, 60), level(100, 60)], 0.2)).toBe('met')
    expect(fanoutFlat([level(1, 60)], 0.2)).toBe('not measured')
  })

  it('bounds fan-out by one call per resource per window, whatever the viewers', () => {
    expect(fanoutCeiling(60, 2000)).toBe(62)
    expect(fanoutCeiling(10, 3000)).toBe(8)
    expect(fanoutBounded([level(1, 24), level(10, 53), level(100, 58)], 2000)).toBe('met')
    expect(fanoutBounded([level(1, 24), level(10, 53), level(100, 62)], 2000)).toBe('met')
    expect(fanoutBounded([level(1, 24), level(10, 53), level(100, 63)], 2000)).toBe('missed')
    // No EM call at all means the poll never reached EM (cached as finished, or failing): not a pass.
    expect(fanoutBounded([level(1, 0)], 2000)).toBe('missed')
  })
})

describe('the targets table', () => {
  const base: Results = {
    machine: {},
    bff: { script: 'apps/bff/dist/server.js', nodeArgs: [], build: 'built' },
    sections: {},
    bffProcesses: [],
  } /** A page section with nothing measured: each test adds what it reports. */
  const emptyPage: Results['page'] = {
    build: { ok: true, message: '' },
    chromium: '1',
    emLatencyMs: 0,
    pageWeight: null,
    deepLink: null,
    slowDeepLink: null,
    jobs: [],
    notes: [],
  }

  it('judges overhead on the median of the round ratios and says which rounds disagree', () => {
    const rounds = [round([51, 60], [50, 55]), round([52, 70], [50, 55]), round([50.5, 58], [50, 55])]
    const r: Results = {
      ...base,
      overhead: {
        emLatencyMs: 50,
        emMaxConnections: 6,
        sessionsAvailable: 7000,
        sessionsUsed: 5000,
        within: comparison(rounds, 1.02, 1.09),
        crowd: comparison(rounds, 3, 2),
      },
    }
    expect(status(r, '1a')?.status).toBe('met')
    expect(status(r, '1b')?.status).toBe('met')
    // Round 2's p99 ratio is 70 / 55 = 1.27, above 1.2.
    expect(status(r, '1b')?.note).toBe('1 of 3 rounds missed it')
    const worse = { ...r, overhead: { ...r.overhead, within: comparison(rounds, 1.06, 1.25) } } as Results
    expect(status(worse, '1a')?.status).toBe('missed')
    expect(status(worse, '1b')?.status).toBe('missed')
  })

  it('reports one client at a time, when measured, and the wait the 5 clients add to it', () => {
    const rounds = [round([53.5, 57], [51.5, 53])]
    const single = { ...comparison(rounds, 1.039, 1.075), connections: 1, lookupsPerRun: 200 }
    single.bff = { p50: 53.5, p99: 57, rps: 19 }
    single.direct = { p50: 51.5, p99: 53, rps: 19 }
    const overhead = {
      emLatencyMs: 50,
      emMaxConnections: 6,
      sessionsAvailable: 7000,
      sessionsUsed: 5000,
      within: { ...comparison(rounds, 1.09, 1.2), bff: { p50: 56.5, p99: 67, rps: 87 } },
      crowd: comparison(rounds, 3, 2),
    }
    const text = (r: Results) => {
      const file = join(mkdtempSync(join(tmpdir(), 'report-')), 'RESULTS.md')
      writeReport(file, r)
      return readFileSync(file, 'utf8')
    }
    const withSingle = text({ ...base, overhead: { ...overhead, single } })
    expect(withSingle).toContain('### 1 client at a time')
    // 5 clients added 56.5 - 50 = 6.5 ms, one client 53.5 - 51.5 = 2.0 ms: the burst's wait is 4.5 ms.
    expect(withSingle).toContain('The difference, 4.5 ms, is that wait')
    expect(text({ ...base, overhead })).not.toContain('client at a time')
  })

  it('reports the EM calls of a page view, first and again, with what the typical first view asked for', () => {
    const deepLink = {
      medianMs: 400,
      p90Ms: 600,
      minMs: 300,
      maxMs: 900,
      samplesMs: [400],
      runs: 3,
      path: '/replicaTaskSessions/<id>',
      emCalls: {
        firstViews: [3, 4, 3],
        byCall: { 'GET /api/query': 2, 'GET /api/replicaTaskSessions/<id>': 1 },
        againViews: [0, 2],
      },
    }
    const page = emptyPage
    const row = targetRows({ ...base, page: { ...page, deepLink } }).find((r) => r.id === '5d')
    expect(row?.measured).toBe(
      'first view **3.0** (2 × /query, 1 × /replicaTaskSessions/<id>); the same page again, later 1.0',
    )
    expect(
      targetRows({ ...base, page: { ...page, deepLink: { ...deepLink, emCalls: undefined } } }),
    ).not.toContainEqual(expect.objectContaining({ id: '5d' }))
  })

  it('reports the deep link with EM at its pace beside the one with EM answering at once', () => {
    const timing = { medianMs: 900, p90Ms: 1100, minMs: 800, maxMs: 1200, samplesMs: [900] }
    const page = {
      ...emptyPage,
      deepLink: { ...timing, runs: 20, path: '/replicaTaskSessions/<id>' },
      slowDeepLink: { ...timing, medianMs: 1000, runs: 10, emLatencyMs: 200 },
    }
    const row = targetRows({ ...base, page }).find((r) => r.id === '5f')
    expect(row).toMatchObject({
      what: 'Page: the same deep link with EM answering in 200 ms, median of 10',
      measured: '**1000 ms** (p90 1100)',
      status: 'reported',
    })
    const none = targetRows({ ...base, page: { ...page, slowDeepLink: null } }).find((r) => r.id === '5f')
    expect(none).toMatchObject({ measured: '–', status: 'not measured' })
  })

  it('takes the higher of sampled RSS and VmHWM for memory, and says by how much it is over', () => {
    const memory = {
      lookups: 200_000,
      connections: 20,
      durationS: 60,
      rps: 3000,
      latency: { p50: 5, p90: 6, p99: 9, max: 20, mean: 5, count: 200_000 },
      failed: 0,
      emFetches: 200_000,
      answerBytes: 1400,
      rssAtReadyMb: 70,
      peakRssMb: 140,
      hwmMb: 160,
      rssAfterMb: 130,
      cache: null,
      gc: null,
      entriesHeldEstimate: Number.NaN,
    }
    const row = status({ ...base, memory }, '4')
    expect(row?.status).toBe('missed')
    expect(row?.note).toBe('over by 10.0 MB')
    expect(status({ ...base, memory: { ...memory, hwmMb: 149 } }, '4')?.status).toBe('met')
  })

  it('wants exactly one EM logon from every BFF process', () => {
    expect(status({ ...base, bffProcesses: [bffProcess('a', 1), bffProcess('b', 1)] }, '3c')?.status).toBe(
      'met',
    )
    expect(status({ ...base, bffProcesses: [bffProcess('a', 1), bffProcess('b', 2)] }, '3c')?.status).toBe(
      'missed',
    )
    expect(status({ ...base, bffProcesses: [bffProcess('a', Number.NaN)] }, '3c')?.status).toBe('missed')
  })

  it('reads 130 kB as 130 000 bytes of gzip', () => {
    const page = (totalGzipBytes: number): Results['page'] => ({
      ...emptyPage,
      pageWeight: { files: [], jsGzipBytes: totalGzipBytes, cssGzipBytes: 0, totalGzipBytes },
    })
    expect(status({ ...base, page: page(130_000) }, '5a')?.status).toBe('met')
    expect(status({ ...base, page: page(130_001) }, '5a')?.status).toBe('missed')
    expect(status({ ...base, page: page(130_000) }, '5b')?.status).toBe('not measured')
  })

  it('explains a fan-out missed only because one viewer costs less than a crowd', () => {
    const fanout = (levels: FanoutLevel[]): Results['fanout'] => ({
      jobSessionId: 'x',
      runningCacheMs: 2000,
      pollEveryMs: 5000,
      pollSource: 'fixed',
      emLatencyMs: 50,
      levels,
    })
    const flatMissed = status(
      { ...base, fanout: fanout([level(1, 24), level(10, 53), level(100, 58)]) },
      '2a',
    )
    expect(flatMissed?.status).toBe('missed')
    expect(flatMissed?.note).toMatch(/one viewer polls every 5 s, less often than the 2 s window/)
    const sameAsWindow = status(
      {
        ...base,
        fanout: {
          ...fanout([level(1, 31), level(10, 43), level(100, 46)]),
          pollEveryMs: 2000,
        } as Results['fanout'],
      },
      '2a',
    )
    expect(sameAsWindow?.status).toBe('missed')
    expect(sameAsWindow?.note).toMatch(/refreshing every 2 s, the length of the window/)
    const growing = status(
      { ...base, fanout: fanout([level(1, 24), level(10, 240), level(100, 2400)]) },
      '2a',
    )
    expect(growing?.status).toBe('missed')
    expect(growing?.note).toBeUndefined()
    expect(
      status({ ...base, fanout: fanout([level(1, 24), level(10, 240), level(100, 2400)]) }, '2b')?.status,
    ).toBe('missed')
  })
})
