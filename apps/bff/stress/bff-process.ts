import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

// The production build (`pnpm --filter @ese/bff build`, run by `pnpm test:stress` first), run by plain node.
const SERVER = fileURLToPath(new URL('../dist/server.js', import.meta.url))
const CWD = fileURLToPath(new URL('..', import.meta.url))

/** The BFF as its own process, as in production: its output is captured, its memory sampled from /proc. */
export type BffProcess = {
  url: string
  pid: number
  child: ChildProcess
  output(): string
  rssBytes(): number
  exited(): boolean
  stop(): Promise<number | null>
}

export async function startBffProcess(env: Record<string, string>): Promise<BffProcess> {
  const child = spawn(process.execPath, [SERVER], {
    cwd: CWD,
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let exitCode: number | null | undefined
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exitCode = code
      resolve(code)
    }),
  )
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString('utf8')
  })
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString('utf8')
  })
  const url = await new Promise<string>((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`the BFF did not start:\n${out}`)), 30_000)
    const check = setInterval(() => {
      const m = /"dashboard":"(http:\/\/[^"]+)\/"/.exec(out)
      if (m?.[1]) {
        clearInterval(check)
        clearTimeout(deadline)
        resolve(m[1])
      } else if (exitCode !== undefined) {
        clearInterval(check)
        clearTimeout(deadline)
        reject(new Error(`the BFF exited with ${exitCode}:\n${out}`))
      }
    }, 50)
  })
  const pid = child.pid ?? 0
  return {
    url,
    pid,
    child,
    output: () => out,
    rssBytes: () => {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8')
      const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0)
      return kb * 1024
    },
    exited: () => exitCode !== undefined,
    stop: async () => {
      if (exitCode === undefined) child.kill('SIGTERM')
      return exit
    },
  }
}
