import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

export type Proc = {
  name: string
  child: ChildProcess
  pid: number
  /** The first JSON line the process printed on stdout (or, for a logging process, the value `ready` found). */
  info: Record<string, unknown>
  stop(): Promise<void>
}

const running = new Set<Proc>()

/** Stops every process this bench started (by its own PID), also on Ctrl-C and on failure. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()))
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stopAll().finally(() => process.exit(130))
  })
}
process.once('exit', () => {
  for (const p of running) p.child.kill('SIGKILL')
})

type StartOptions = {
  name: string
  /** Script path relative to the repo root, run with `node --import tsx` (or plain node for a .mjs/.js file). */
  script: string
  env?: Record<string, string>
  nodeArgs?: string[]
  /** Write stdout to this file instead of reading it (the BFF's log); `ready` is then matched in the file. */
  logFile?: string
  /** For a logging process: the line that says it is up, and how to read the info from it. */
  ready?: (text: string) => Record<string, unknown> | null
  timeoutMs?: number
}

export async function startNode(options: StartOptions): Promise<Proc> {
  const { name, script } = options
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...options.env }
  const logFd = options.logFile ? openSync(options.logFile, 'w') : null
  const loader = /\.m?js$/.test(script) ? [] : ['--import', 'tsx']
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...loader, script], {
    cwd: ROOT,
    env,
    stdio: ['pipe', logFd ?? 'pipe', 'pipe'],
  })
  if (logFd !== null) closeSync(logFd)
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8')
    if (stderr.length > 20_000) stderr = stderr.slice(-20_000)
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

  const proc: Proc = {
    name,
    child,
    pid: child.pid ?? 0,
    info: {},
    stop: async () => {
      if (!running.has(proc)) return
      running.delete(proc)
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
        await exited
        clearTimeout(timer)
      }
    },
  }
  running.add(proc)

  const deadline = Date.now() + (options.timeoutMs ?? 30_000)
  const failed = () => new Error(`${name} did not start:\n${stderr}`)
  if (options.logFile) {
    const file = options.logFile
    const ready = options.ready ?? (() => ({}))
    for (;;) {
      if (child.exitCode !== null) throw failed()
      const info = ready(readFileSync(file, 'utf8'))
      if (info) {
        proc.info = info
        break
      }
      if (Date.now() > deadline) throw failed()
      await new Promise((r) => setTimeout(r, 50))
    }
  } else {
    proc.info = await new Promise<Record<string, unknown>>((resolve, reject) => {
      let out = ''
      const timer = setTimeout(() => reject(failed()), Math.max(0, deadline - Date.now()))
      const onData = (chunk: Buffer) => {
        out += chunk.toString('utf8')
        const nl = out.indexOf('\n')
        if (nl >= 0) {
          clearTimeout(timer)
          child.stdout?.off('data', onData)
          try {
            resolve(JSON.parse(out.slice(0, nl)) as Record<string, unknown>)
          } catch {
            reject(new Error(`${name} printed ${out.slice(0, nl)}`))
          }
        }
      }
      child.stdout?.on('data', onData)
      child.once('exit', () => reject(failed()))
    })
  }
  return proc
}

/** Resident memory of a process from /proc: current (VmRSS) and peak since start (VmHWM), in MB. */
export function memoryOf(pid: number): { rssMb: number; hwmMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN)
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 }
  } catch {
    return null
  }
}

/** Samples a process's VmRSS every `everyMs` until stopped; `peak()` is the largest sample so far. */
export function sampleRss(pid: number, everyMs = 100): { peak(): number; stop(): number } {
  let max = 0
  const sample = () => {
    const m = memoryOf(pid)
    if (m && m.rssMb > max) max = m.rssMb
  }
  sample()
  const timer = setInterval(sample, everyMs)
  return {
    peak: () => max,
    stop: () => {
      clearInterval(timer)
      sample()
      return max
    },
  }
}

/** The password of the bench's EM accounts (the static upstream's and the simulator's; it exists only here). */
export const BENCH_PASSWORD = 'Bench-Passw0rd!'

/** Reads a starting BFF's log: its URL once it says it is ready. */
export function bffReady(text: string): { url: string } | null {
  const m = /"dashboard":"(http:\/\/[^"]+)\/"/.exec(text)
  return m?.[1] ? { url: m[1] } : null
}

// USER_HZ: 100 on every Linux the bench runs on (sysconf(_SC_CLK_TCK)).
const CLOCK_TICKS = 100

/** Busy and total CPU time of the whole machine so far, in ms, from /proc/stat. */
function machineCpuMs(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
  const v = line.trim().split(/\s+/).slice(1).map(Number)
  const total = v.reduce((a, b) => a + b, 0)
  const idle = (v[3] ?? 0) + (v[4] ?? 0)
  return { busy: ((total - idle) * 1000) / CLOCK_TICKS, total: (total * 1000) / CLOCK_TICKS }
}

/** CPU time of this process and of its children that have exited (every server the bench stopped), in ms. */
function ownCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8')
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // utime, stime, cutime, cstime: fields 14 to 17 of proc(5), 12 to 15 after the command name.
  return ((Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 1000) / CLOCK_TICKS
}

/**
 * Share of the machine's CPU used by other processes (not the bench or the servers it started) since the
 * meter was made. Read it once the bench's children have exited: a running child's CPU is not counted as ours.
 */
export function othersCpuMeter(): () => number {
  const m0 = machineCpuMs()
  const o0 = ownCpuMs()
  return () => {
    const m = machineCpuMs()
    const total = m.total - m0.total
    const others = m.busy - m0.busy - (ownCpuMs() - o0)
    return total > 0 ? Math.max(0, (others / total) * 100) : Number.NaN
  }
}

/** Waits (at most `maxS`) until other processes use less than `pct` % of the machine over 3 s; returns the last share. */
export async function waitForQuiet(pct: number, maxS: number, log: (msg: string) => void): Promise<number> {
  const until = Date.now() + maxS * 1000
  for (;;) {
    const meter = othersCpuMeter()
    await new Promise((r) => setTimeout(r, 3000))
    const others = meter()
    if (others < pct || Date.now() > until) return others
    log(`  the machine is busy with other work (${others.toFixed(0)} % of its CPU); waiting`)
  }
}
