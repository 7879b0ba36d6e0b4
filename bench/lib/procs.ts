import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs'
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

/** Samples a process's RSS every `everyMs` until stopped; returns the largest sample. */
export function sampleRss(pid: number, everyMs = 100): { stop(): number } {
  let max = 0
  const timer = setInterval(() => {
    const m = memoryOf(pid)
    if (m && m.rssMb > max) max = m.rssMb
  }, everyMs)
  return {
    stop: () => {
      clearInterval(timer)
      return max
    },
  }
}

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat. */
export function cpuMsOf(pid: number): number {
  const { user, system } = cpuSplitMsOf(pid)
  return user + system
}

/** User and system CPU time a process has used so far, in ms. */
export function cpuSplitMsOf(pid: number): { user: number; system: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return {
      user: (Number(fields[11]) * 1000) / CLOCK_TICKS,
      system: (Number(fields[12]) * 1000) / CLOCK_TICKS,
    }
  } catch {
    return { user: Number.NaN, system: Number.NaN }
  }
}

// USER_HZ: 100 on every Linux the bench runs on (sysconf(_SC_CLK_TCK)).
const CLOCK_TICKS = 100

/** Busy and total CPU time of the whole machine so far, in ms, from /proc/stat. */
export function machineCpuMs(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
  const v = line.trim().split(/\s+/).slice(1).map(Number)
  const total = v.reduce((a, b) => a + b, 0)
  const idle = (v[3] ?? 0) + (v[4] ?? 0)
  return { busy: ((total - idle) * 1000) / CLOCK_TICKS, total: (total * 1000) / CLOCK_TICKS }
}

/**
 * The BFF as of a git ref: its apps/bff/src extracted under apps/bff/.tmp (so it resolves the BFF's own
 * dependencies; packages/shared is the working tree's), to be run with tsx. Returns the path of its server.ts,
 * relative to the repository root.
 */
export function extractBff(ref: string): string {
  const dir = `apps/bff/.tmp/baseline-${ref.replace(/[^\w.-]/g, '_')}`
  rmSync(`${ROOT}${dir}`, { recursive: true, force: true })
  mkdirSync(`${ROOT}${dir}`, { recursive: true })
  const archive = spawnSync('git', ['archive', '--format=tar', ref, 'apps/bff/src'], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  })
  if (archive.status !== 0) throw new Error(`git archive ${ref} failed: ${archive.stderr.toString()}`)
  const untar = spawnSync('tar', ['-x', '-C', `${ROOT}${dir}`], { input: archive.stdout })
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr.toString()}`)
  return `${dir}/apps/bff/src/server.ts`
}

/** The password of the bench's EM accounts (the static upstream's and the simulator's; it exists only here). */
export const BENCH_PASSWORD = 'Bench-Passw0rd!'

/** Reads a starting BFF's log: its URL once it says it is ready. */
export function bffReady(text: string): { url: string } | null {
  const m = /"dashboard":"(http:\/\/[^"]+)\/"/.exec(text)
  return m?.[1] ? { url: m[1] } : null
}
