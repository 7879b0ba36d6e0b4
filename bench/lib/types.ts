import type { GcSummary } from './bff.ts'
import type { Latency, LoadResult } from './load.ts'

export const SECTIONS = ['overhead', 'fanout', 'floors', 'memory', 'page'] as const
export type Section = (typeof SECTIONS)[number]

/** One BFF process the bench started: how it logged on to EM, its memory, its request log. */
export type BffProcessReport = {
  name: string
  section: Section
  /** Counted by EM (the simulator or the static upstream), for this process's own account. */
  emLogons: number
  emLogoffs: number
  peakRssMb: number
  hwmMb: number
  /** Requests the bench sent it (answered). */
  requests: number
  logLines: number
  /** At least one request line per answered request. */
  logLinesOk: boolean
  /** Every request line has method, path, status, ms and emCalls. */
  logFieldsOk: boolean
  secretsInLog: boolean
}

/** The same load through the BFF and straight to EM, in one round. */
export type PairedRound = {
  bff: LoadResult
  direct: LoadResult
  /** EM calls the simulator counted during the BFF's run, per answered lookup: 1.00 means every one was a miss. */
  emCallsPerLookup: number
  /** Which of the BFF's request log lines are this run's (in order, from 0), to read the BFF's own times. */
  bffLogLines: [number, number]
  /** The BFF's own time for these lookups (its request log's `ms`: route, EM call, decode), p50 and p99. */
  bffHandler?: { p50: number; p99: number }
}

export type Side = { p50: number; p99: number; rps: number }

export type LatencyComparison = {
  connections: number
  lookupsPerRun: number
  rounds: PairedRound[]
  /** Medians over the rounds. */
  bff: Side
  direct: Side
  /** Median over the rounds of BFF / direct, each round's two runs back to back. */
  p50Ratio: number
  p99Ratio: number
  /** Medians over the rounds of the BFF's own time (its request log). */
  bffHandler?: { p50: number; p99: number }
}

export type OverheadResults = {
  emLatencyMs: number
  emMaxConnections: number
  /** Finished task sessions the simulator listed (its demo plus the extra job session). */
  sessionsAvailable: number
  sessionsUsed: number
  within: LatencyComparison
  crowd: LatencyComparison
  /** One client at a time: what the BFF adds to a lookup when nothing queues (reported; absent in older runs). */
  single?: LatencyComparison
}

export type FanoutLevel = {
  viewers: number
  durationS: number
  /** Polls started in the window (each is both requests). */
  polls: number
  failedRequests: number
  /** EM calls counted by the simulator during the window. */
  sessionCalls: number
  taskListCalls: number
  otherCalls: number
  emCallsPerMin: number
  perViewerPerMin: number
  /** What each viewer's requests took (both kinds). */
  latency: Latency
  /** The job session was still running at the last poll (else it would be cached as finished). */
  stillRunning: boolean
}

export type FanoutResults = {
  jobSessionId: string
  runningCacheMs: number
  pollEveryMs: number
  /** Where the viewers' refresh period came from. */
  pollSource: string
  emLatencyMs: number
  levels: FanoutLevel[]
}

/** A throughput floor: subject / reference req/s, each round's two runs back to back. */
export type FloorPair = {
  subject: string
  reference: string
  floor: number
  rounds: { subject: LoadResult; reference: LoadResult }[]
  subjectRps: number
  referenceRps: number
  /** Median over the rounds of subject / reference. */
  ratio: number
}

export type FloorsResults = {
  connections: number
  /** The BFF's EM_MAX_CONNECTIONS, and the pass-through's sockets to the upstream. */
  upstreamConnections: number
  durationS: number
  uncached: FloorPair & { emCallsPerLookup: number }
  cached: FloorPair & { emFetchesOfCachedSession: number }
}

export type CacheSettings = {
  /** Where the figures were read: the bundle that ran. */
  source: string
  maxBytes: number
  maxEntries: number
  entryOverheadBytes: number
  finishedTtlMs: number
  runningTtlMs: number
}

export type MemoryResults = {
  lookups: number
  connections: number
  durationS: number
  rps: number
  latency: Latency
  failed: number
  /** Fetches of Completed sessions the upstream counted: every lookup a miss if equal to `lookups`. */
  emFetches: number
  answerBytes: number
  rssAtReadyMb: number
  /** Largest VmRSS sampled every 50 ms during the flood. */
  peakRssMb: number
  /** The kernel's high-water mark (VmHWM) after the flood. */
  hwmMb: number
  rssAfterMb: number
  cache: CacheSettings | null
  /** From node's --trace-gc: what the heap kept after full GCs against what it grew to (null: no full GC seen). */
  gc: GcSummary | null
  /** How many answers of this size the cache holds at most, by its byte bound and by its count. */
  entriesHeldEstimate: number
}

export type Timing = { medianMs: number; p90Ms: number; minMs: number; maxMs: number; samplesMs: number[] }

export type PageWeight = {
  files: { path: string; kind: 'js' | 'css'; rawBytes: number; gzipBytes: number }[]
  jsGzipBytes: number
  cssGzipBytes: number
  totalGzipBytes: number
}

export type JobSizeResult = {
  tasks: number
  /** GET /api/replicaSessions/<id>/replicaTaskSessions through the BFF, each of a job session not yet cached. */
  bffList: Timing
  /** The same list straight from the simulator. */
  emList: Timing
  answerBytes: number
  emAnswerBytes: number
  /** Other requests meanwhile: the longest a GET /api/health, sent every 10 ms, waited while the BFF read each list. */
  othersWorstWaitMs?: Timing
  /** EM calls per first view of the job session page (the simulator's counters, until its requests settle). */
  emCallsPerView?: number[]
  /** Navigation start to the task table (by its name) showing its first screen of rows, first visits. */
  firstScreen: Timing
  /** Data rows present at that moment (a virtualized table renders only a screenful or so). */
  rowsAtFirstScreen: number
  /** The accessible name of the table Playwright found afterwards, or null. */
  tableName: string | null
}

/** EM calls a view of the deep-linked page costs, counted by the simulator until the page's requests settle. */
export type PageEmCalls = {
  /** Per first view of a session the BFF had not cached (one per deep-link visit). */
  firstViews: number[]
  /** What the median first view asked EM for, GUIDs as <id>. */
  byCall: Record<string, number>
  /** Per view of the same pages again, in a fresh browser (the BFF's cache warm), by other visitors. */
  againViews: number[]
}

export type PageResults = {
  build: { ok: boolean; message: string }
  chromium: string
  emLatencyMs: number
  pageWeight: PageWeight | null
  deepLink: (Timing & { runs: number; path: string; emCalls?: PageEmCalls }) | null
  /** The same deep link with EM answering after `emLatencyMs`: what the document's preload of the data saves. */
  slowDeepLink: (Timing & { runs: number; emLatencyMs: number }) | null
  jobs: JobSizeResult[]
  /** What could not be measured, and why. */
  notes: string[]
}

export type SectionRun = {
  at: string
  durationS: number
  /** Share of the machine's CPU other processes used during the section: noise the figures carry. */
  othersCpuPct: number
  /** The same over 3 s just before it started (after waiting, up to a limit, for a quieter machine). */
  othersCpuBeforePct: number
  /** The code measured: git HEAD, and whether the BFF's or the SPA's sources differed from it. */
  code?: string
}

export type Results = {
  machine: Record<string, string | number>
  /** How the BFF ran: the production bundle with the start script's node flags, and whether it was built. */
  bff: { script: string; nodeArgs: string[]; build: string }
  sections: Partial<Record<Section, SectionRun>>
  overhead?: OverheadResults
  fanout?: FanoutResults
  floors?: FloorsResults
  memory?: MemoryResults
  page?: PageResults
  bffProcesses: BffProcessReport[]
}
