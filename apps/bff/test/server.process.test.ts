import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { startSimulator } from '@ese/em-simulator'
import { describe, expect, it } from 'vitest'

const SERVER = fileURLToPath(new URL('../src/server.ts', import.meta.url))
const CWD = fileURLToPath(new URL('..', import.meta.url))

type Proc = {
  child: ChildProcess
  output: () => string
  waitFor(re: RegExp): Promise<RegExpMatchArray>
  exit: Promise<number | null>
}

function startServer(env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    cwd: CWD,
    env: { PATH: process.env.PATH ?? '', PORT: '0', WEB_DIST: '/nonexistent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const waiters: Array<() => void> = []
  const onData = (chunk: Buffer) => {
    out += chunk.toString('utf8')
    for (const w of waiters.splice(0)) w()
  }
  child.stdout?.on('data', onData)
  child.stderr?.on('data', onData)
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return {
    child,
    output: () => out,
    exit,
    waitFor: (re) =>
      new Promise((resolve, reject) => {
        const deadline = setTimeout(
          () => reject(new Error(`timed out waiting for ${re} in:\n${out}`)),
          20_000,
        )
        const check = () => {
          const m = out.match(re)
          if (m) {
            clearTimeout(deadline)
            resolve(m)
          } else waiters.push(check)
        }
        check()
      }),
  }
}

describe('the server process', () => {
  it('on SIGTERM finishes the request in flight, logs off EM and exits 0; EM_TLS_INSECURE warns; nothing secret in its output', async () => {
    const { readFileSync } = await import('node:fs')
    const { TEST_CERTS } = await import('@ese/em-simulator')
    const password = 'Process-Test-Passw0rd!'
    const sim = await startSimulator({
      port: 0,
      username: 'restapi',
      password,
      tls: { cert: readFileSync(TEST_CERTS.cert), key: readFileSync(TEST_CERTS.key) },
    })
    const proc = startServer({
      EM_URL: sim.url,
      AUTH: 'service',
      EM_USERNAME: 'restapi',
      EM_PASSWORD: password,
      EM_TLS_INSECURE: 'true',
    })
    try {
      const [, url] = await proc.waitFor(/"dashboard":"(http:\/\/[^"]+)\/"/)
      expect((await fetch(`${url}/api/replicaTaskSessions/${sim.demo.completedTaskSessionId}`)).status).toBe(
        200,
      )
      expect(sim.counters().liveSessions).toBeGreaterThanOrEqual(1)
      sim.setFaults({ latencyMs: 700 })
      const inFlight = fetch(`${url}/api/replicaSessions/${sim.demo.runningJobSessionId}`)
      await new Promise((r) => setTimeout(r, 200))
      proc.child.kill('SIGTERM')
      expect((await inFlight).status).toBe(200)
      expect(await proc.exit).toBe(0)
      expect(sim.counters().logoffs).toBe(1)
      expect(sim.counters().liveSessions).toBe(0)
      const out = proc.output()
      expect(out).toMatch(/EM_TLS_INSECURE=true: the certificate of Enterprise Manager is NOT verified/)
      expect(out).toContain('logged off Enterprise Manager')
      expect(out).not.toContain(password)
    } finally {
      proc.child.kill('SIGKILL')
      await sim.close()
    }
  })

  it('EM_CA_FILE makes an HTTPS EM with a private CA trusted; without it the same EM is refused', async () => {
    const { readFileSync } = await import('node:fs')
    const { TEST_CERTS } = await import('@ese/em-simulator')
    const password = 'Ca-File-Passw0rd!'
    const sim = await startSimulator({
      port: 0,
      username: 'restapi',
      password,
      tls: { cert: readFileSync(TEST_CERTS.cert), key: readFileSync(TEST_CERTS.key) },
    })
    const env = { EM_URL: sim.url, AUTH: 'service', EM_USERNAME: 'restapi', EM_PASSWORD: password }
    const trusted = startServer({ ...env, EM_CA_FILE: TEST_CERTS.ca })
    const untrusted = startServer(env)
    try {
      for (const [proc, status, code] of [
        [trusted, 200, null],
        [untrusted, 502, 'em_tls_error'],
      ] as const) {
        const [, url] = await proc.waitFor(/"dashboard":"(http:\/\/[^"]+)\/"/)
        const res = await fetch(`${url}/api/replicaTaskSessions/${sim.demo.completedTaskSessionId}`)
        expect(res.status).toBe(status)
        if (code) expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code)
      }
      expect(trusted.output()).toContain(TEST_CERTS.ca)
      expect(untrusted.output()).not.toMatch(/EM_TLS_INSECURE=true/)
    } finally {
      trusted.child.kill('SIGTERM')
      untrusted.child.kill('SIGTERM')
      await Promise.all([trusted.exit, untrusted.exit])
      await sim.close()
    }
  })

  it('without EM_URL it starts the embedded simulator and serves demo data', async () => {
    const proc = startServer({})
    try {
      const [, link] = await proc.waitFor(/(http:\/\/127\.0\.0\.1:\d+\/replicaTaskSessions\/[0-9a-f-]{36})/)
      const apiUrl = (link ?? '').replace(/\/replicaTaskSessions\//, '/api/replicaTaskSessions/')
      const res = await fetch(apiUrl)
      expect(res.status).toBe(200)
      expect(((await res.json()) as { id: string }).id).toBe(apiUrl.split('/').pop())
      expect(proc.output()).toMatch(/embedded EM simulator/)
    } finally {
      proc.child.kill('SIGTERM')
      expect(await proc.exit).toBe(0)
    }
  })

  it('the demo with sign-in (AUTH=em) takes the accounts the README names', async () => {
    const proc = startServer({ AUTH: 'em', COOKIE_SECURE: 'false' })
    try {
      const [, url] = await proc.waitFor(/Dashboard: (http:\/\/127\.0\.0\.1:\d+)\//)
      const signIn = (username: string, password: string) =>
        fetch(`${url}/api/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: url ?? '' },
          body: JSON.stringify({ username, password }),
        })
      const admin = await signIn('restapi', 'Sim-Passw0rd!')
      expect(admin.status).toBe(200)
      expect(await admin.json()).toMatchObject({
        user: { name: expect.stringMatching(/restapi$/) },
        auth: 'em',
      })
      expect((await signIn('portal', 'Portal-Passw0rd!')).status).toBe(200)
    } finally {
      proc.child.kill('SIGTERM')
      expect(await proc.exit).toBe(0)
    }
  })

  it('a bad configuration stops it with exit code 2 and a message naming the variable', async () => {
    const proc = startServer({
      EM_URL: 'https://em:9398',
      EM_USERNAME: 'u',
      EM_PASSWORD: 'Hidden-Passw0rd',
      EM_TIMEOUT_MS: 'soon',
    })
    expect(await proc.exit).toBe(2)
    expect(proc.output()).toMatch(/EM_TIMEOUT_MS must be a whole number/)
    expect(proc.output()).not.toContain('Hidden-Passw0rd')
  })
})
