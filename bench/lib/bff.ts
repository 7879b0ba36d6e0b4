import { spawnSync } from 'node:child_process'
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { BENCH_PASSWORD, bffReady, type Proc, ROOT, startNode } from './procs.ts'
import type { CacheSettings } from './types.ts'

/** The BFF as production runs it: the bundle `pnpm --filter @ese/bff build` writes, run by plain node. */
export const BFF_SCRIPT = 'apps/bff/dist/server.js'
export const TMP = `${ROOT}bench/.tmp/`

export type BffProc = Proc & { url: string; logFile: string }

/** Builds the bundle; retries once (others may be mid-edit). Says what ran. */
export async function buildBff(log: (msg: string) => void): Promise<string> {
  for (let attempt = 1; attempt <= 2; attempt++) {
    log(`building the BFF (pnpm --filter @ese/bff build), attempt ${attempt}`)
    const res = spawnSync('pnpm', ['--filter', '@ese/bff', 'build'], { cwd: ROOT, encoding: 'utf8' })
    if (res.status === 0) return 'built by this run (pnpm --filter @ese/bff build)'
    log(`build failed:\n${`${res.stdout}${res.stderr}`.trim().split('\n').slice(-6).join('\n')}`)
    if (attempt === 1) await new Promise((r) => setTimeout(r, 20_000))
  }
  if (!existsSync(`${ROOT}${BFF_SCRIPT}`)) throw new Error('the BFF does not build and there is no bundle')
  return `the build FAILED; ran the existing bundle of ${statSync(`${ROOT}${BFF_SCRIPT}`).mtime.toISOString()}`
}

/**
 * The node flags of production's start script (`apps/bff/package.json`, e.g. `node --enable-source-maps
 * dist/server.js`), so the bench runs the bundle exactly as `pnpm start` does.
 */
export function productionNodeArgs(): string[] {
  const pkg = JSON.parse(readFileSync(`${ROOT}apps/bff/package.json`, 'utf8')) as {
    scripts?: { start?: string }
  }
  const words = (pkg.scripts?.start ?? '').trim().split(/\s+/)
  const end = words.findIndex((w) => w.endsWith('server.js'))
  return words[0] === 'node' && end > 0 ? words.slice(1, end).filter((w) => w.startsWith('--')) : []
}

/**
 * Starts the bundle as production does (the start script's node flags; AUTH=service, PORT=0, its log on a
 * file) and waits for the pino line carrying "dashboard". `diagnostics` adds node flags that only report
 * (--trace-gc).
 */
export async function startBff(
  name: string,
  env: { EM_URL: string; EM_USERNAME: string } & Record<string, string>,
  diagnostics: string[] = [],
): Promise<BffProc> {
  const logFile = `${TMP}${name}.log`
  const proc = await startNode({
    name,
    script: BFF_SCRIPT,
    nodeArgs: [...productionNodeArgs(), ...diagnostics],
    logFile,
    env: {
      AUTH: 'service',
      EM_PASSWORD: BENCH_PASSWORD,
      PORT: '0',
      HOST: '127.0.0.1',
      WEB_DIST: '/nonexistent',
      ...env,
    },
    ready: bffReady,
  })
  return Object.assign(proc, { url: String(proc.info.url), logFile })
}

const REQUEST_FIELDS = ['method', 'path', 'status', 'ms', 'emCalls'] as const

/** Reads the BFF's log after it stopped, line by line (a flood's log is large): request lines, fields, secrets. */
export async function checkLog(
  logFile: string,
  answered: number,
  secrets: string[],
): Promise<{ logLines: number; logLinesOk: boolean; logFieldsOk: boolean; secretsInLog: boolean }> {
  let lines = 0
  let fieldsOk = true
  let secretsInLog = false
  for await (const line of createInterface({ input: createReadStream(logFile), crlfDelay: Infinity })) {
    if (!secretsInLog && secrets.some((secret) => secret && line.includes(secret))) secretsInLog = true
    if (!line.includes('"msg":"request"')) continue
    lines++
    if (fieldsOk) {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>
        if (!REQUEST_FIELDS.every((f) => f in entry)) fieldsOk = false
      } catch {
        fieldsOk = false
      }
    }
  }
  return { logLines: lines, logLinesOk: lines >= answered, logFieldsOk: fieldsOk, secretsInLog }
}

/**
 * The cache's settings as the bundle that ran has them (lookups.ts's defaults; no env overrides them today).
 * Best effort: null when the source no longer reads this way.
 */
export function cacheSettings(): CacheSettings | null {
  try {
    const text = readFileSync(`${ROOT}${BFF_SCRIPT}`, 'utf8')
    // The bundle writes 20_000 as 2e4 and folds 24 * 1024 * 1024.
    const num = (re: RegExp) => {
      const expr = re.exec(text)?.[1]
      if (!expr || !/^[\d_.e\s*]+$/.test(expr)) return Number.NaN
      return expr
        .replaceAll('_', '')
        .split('*')
        .reduce((a, b) => a * Number(b.trim()), 1)
    }
    const settings = {
      source: `${BFF_SCRIPT} (lookups.ts defaults)`,
      maxBytes: num(/cacheMaxBytes \?\? ([\d_.e\s*]+)/),
      maxEntries: num(/cacheMaxEntries \?\? ([\d_.e\s*]+)/),
      entryOverheadBytes: num(/ENTRY_OVERHEAD_BYTES = ([\d_.e\s*]+)/),
      finishedTtlMs: num(/finishedTtlMs \?\? ([\d_.e\s*]+)/),
      runningTtlMs: num(/runningTtlMs \?\? ([\d_.e\s*]+)/),
    }
    return Object.values(settings).some((v) => typeof v === 'number' && !Number.isFinite(v)) ? null : settings
  } catch {
    return null
  }
}

export type GcSummary = {
  fullGcs: number
  /** Live heap after the last full GC (Mark-Compact), and the largest such figure: what the BFF really keeps. */
  lastLiveMb: number
  maxLiveMb: number
  /** Heap used when a full GC began (garbage included), and the heap V8 had reserved: the slack RSS carries. */
  maxBeforeMb: number
  maxCommittedMb: number
}

/** Reads node's --trace-gc lines (`Mark-Compact 183.1 (219.9) -> 47.3 (219.7) MB`) from the BFF's stdout. */
export async function gcSummary(logFile: string): Promise<GcSummary | null> {
  const re = /Mark-Compact(?: \(reduce\))? ([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB/
  const s: GcSummary = { fullGcs: 0, lastLiveMb: 0, maxLiveMb: 0, maxBeforeMb: 0, maxCommittedMb: 0 }
  for await (const line of createInterface({ input: createReadStream(logFile), crlfDelay: Infinity })) {
    const m = re.exec(line)
    if (!m) continue
    const [before, committed, after] = [Number(m[1]), Number(m[2]), Number(m[3])]
    s.fullGcs++
    s.lastLiveMb = after
    s.maxLiveMb = Math.max(s.maxLiveMb, after)
    s.maxBeforeMb = Math.max(s.maxBeforeMb, before)
    s.maxCommittedMb = Math.max(s.maxCommittedMb, committed, Number(m[4]))
  }
  return s.fullGcs > 0 ? s : null
}
