import { spawn } from 'node:child_process'
import net from 'node:net'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { request } from './helpers.ts'

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url))
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

function run(env: Record<string, string>, until?: RegExp) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString()
  })
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString()
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const ready = until
    ? new Promise<void>((resolve, reject) => {
        child.stdout.on('data', () => {
          if (until.test(stdout)) resolve()
        })
        child.on('exit', () => reject(new Error(`exited early: ${stderr}`)))
      })
    : Promise.resolve()
  return { child, exited, ready, out: () => stdout, err: () => stderr }
}

function freePort(): Promise<{ port: number; server: net.Server }> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as net.AddressInfo).port, server }))
  })
}

describe('CLI', () => {
  it('exits 2 with a one-line message on a bad environment value', async () => {
    const p = run({ EM_SIM_FAILURE_RATE: 'lots' })
    expect(await p.exited).toBe(2)
    expect(p.err().trim().split('\n')).toHaveLength(1)
    expect(p.err()).toContain('EM_SIM_FAILURE_RATE')
  })

  it('exits non-zero with a one-line message when the port is taken', async () => {
    const { port, server } = await freePort()
    try {
      const p = run({ EM_SIM_PORT: String(port) })
      const code = await p.exited
      expect(code).not.toBe(0)
      expect(p.err().trim().split('\n')).toHaveLength(1)
      expect(p.err()).toContain(`port ${port}`)
    } finally {
      server.close()
    }
  })

  it('starts, prints URL, credentials and demo IDs, serves, and closes on SIGTERM', async () => {
    const { port, server } = await freePort()
    server.close()
    const p = run({ EM_SIM_PORT: String(port) }, /completed job session/)
    await p.ready
    expect(p.out()).toContain(`http://127.0.0.1:${port}/api/`)
    expect(p.out()).toContain('restapi / Sim-Passw0rd!')
    expect(p.out()).toContain('PortalUser: portal / Portal-Passw0rd!')
    expect(p.out()).toContain('RestoreOperator: operator / Restore-Passw0rd!')
    expect(p.out()).toMatch(/backup failed task session:\s+[0-9a-f-]{36}/)
    expect(p.out()).toMatch(/running task session:\s+[0-9a-f-]{36}/)
    expect((await request(`http://127.0.0.1:${port}/api/`)).status).toBe(200)
    p.child.kill('SIGTERM')
    expect(await p.exited).toBe(0)
  })
})
