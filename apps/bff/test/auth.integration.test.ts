import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { request as httpsRequest } from 'node:https'
import { fileURLToPath } from 'node:url'
import { DEFAULT_CREDENTIALS, startSimulator, TEST_CERTS } from '@ese/em-simulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedis } from './redis.ts'
import { liveTokens, SIM_PASSWORD, SIM_USER, type Stack, startStack } from './stack.ts'

/** Every body, header and log line seen, checked for secrets at the end. */
const seen: string[] = []
const secrets = new Set<string>([SIM_PASSWORD])

type Answer = {
  status: number
  body: { error?: { code: string; message: string } } & Record<string, unknown>
  headers: Headers
}

async function call(
  stack: Pick<Stack, 'get'>,
  method: string,
  path: string,
  init: { cookie?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const res = await stack.get(path, {
    method,
    headers: {
      ...(init.cookie ? { cookie: init.cookie } : {}),
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  })
  const text = await res.text()
  // Set-Cookie carries the session ID to its owner, by design; everything else is checked.
  seen.push(
    text,
    ...[...res.headers.entries()].filter(([k]) => k !== 'set-cookie').map(([k, v]) => `${k}: ${v}`),
  )
  return { status: res.status, body: text ? JSON.parse(text) : {}, headers: res.headers }
}

/** Signs in and returns the cookie to send (name=value), remembering its value as a secret. */
async function signIn(
  stack: Pick<Stack, 'get'>,
  username = SIM_USER,
  password = SIM_PASSWORD,
): Promise<string> {
  const res = await call(stack, 'POST', '/api/session', { body: { username, password } })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  secrets.add(cookie.split('=')[1] ?? '')
  return cookie
}

describe('sign-in with your own EM account (AUTH=em)', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({
      env: { AUTH: 'em', COOKIE_SECURE: 'false', TRUST_PROXY: 'true', EM_TIMEOUT_MS: '1000' },
    })
  })
  afterAll(async () => {
    // The EM tokens of every logon session still alive (the users' own), and every password used.
    for (const token of await liveTokens(stack.sim)) secrets.add(token)
    secrets.add(DEFAULT_CREDENTIALS.restrictedPassword)
    seen.push(...stack.logLines())
    await stack.close()
    const all = seen.join('\n')
    for (const secret of secrets) if (secret) expect(all).not.toContain(secret)
  })

  it('signed out: every lookup answers 401 unauthenticated without calling EM; documents still load', async () => {
    stack.sim.resetCounters()
    const { demo } = stack.sim
    for (const path of [
      `/api/replicaTaskSessions/${demo.completedTaskSessionId}`,
      `/api/replicaSessions/${demo.completedJobSessionId}/replicaTaskSessions`,
      `/api/resolve/${demo.completedTaskSessionId}`,
      '/api/attention?days=1',
      '/api/session',
    ]) {
      const res = await call(stack, 'GET', path)
      expect(res.status, path).toBe(401)
      expect(res.body.error?.code, path).toBe('unauthenticated')
    }
    expect(stack.sim.counters().requests).toBe(0)
    expect((await call(stack, 'GET', '/api/health')).status).toBe(200)
  })

  it('signs in as the user: an HttpOnly, SameSite=Lax cookie with an opaque ID; the BFF logs on to EM with Basic', async () => {
    stack.sim.resetCounters()
    const res = await call(stack, 'POST', '/api/session', {
      body: { username: SIM_USER, password: SIM_PASSWORD },
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      auth: 'em',
      user: { name: expect.stringContaining(SIM_USER) },
      refreshMs: 2200,
    })
    const setCookie = res.headers.get('set-cookie') ?? ''
    expect(setCookie).toMatch(/^ese_session=[A-Za-z0-9_-]{43};/)
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Lax/)
    expect(setCookie).toMatch(/Path=\//)
    expect(setCookie).not.toMatch(/Secure/)
    const cookie = setCookie.split(';')[0] ?? ''
    secrets.add(cookie.split('=')[1] ?? '')
    expect(stack.sim.counters().logons).toBe(1)

    const who = await call(stack, 'GET', '/api/session', { cookie })
    expect(who.body).toEqual(res.body)
    const task = await call(stack, 'GET', `/api/replicaTaskSessions/${stack.sim.demo.failedTaskSessionId}`, {
      cookie,
    })
    expect(task.status).toBe(200)
    expect(task.body.result).toBe('Failed')
  })

  it('EM down or slow while signing in: em_unavailable and em_timeout, no session', async () => {
    stack.sim.setFaults({ down: 'refuse' })
    try {
      const down = await call(stack, 'POST', '/api/session', {
        body: { username: SIM_USER, password: SIM_PASSWORD },
      })
      expect(down.status).toBe(502)
      expect(down.body.error?.code).toBe('em_unavailable')
      expect(down.headers.get('set-cookie')).toBeNull()
    } finally {
      stack.sim.clearFaults()
    }
    stack.sim.setFaults({ latencyMs: 1500 })
    try {
      const slow = await call(stack, 'POST', '/api/session', {
        body: { username: SIM_USER, password: SIM_PASSWORD },
      })
      expect(slow.status).toBe(504)
      expect(slow.body.error?.code).toBe('em_timeout')
    } finally {
      stack.sim.clearFaults()
    }
  })

  it('wrong credentials are 401 invalid_credentials; EM is never told more than it asked', async () => {
    const res = await call(stack, 'POST', '/api/session', {
      body: { username: 'nobody', password: 'Wrong-Passw0rd!' },
      headers: { 'x-forwarded-for': '203.0.113.9' },
    })
    expect(res.status).toBe(401)
    expect(res.body.error?.code).toBe('invalid_credentials')
    const bad = await call(stack, 'POST', '/api/session', { body: { username: '' } })
    expect(bad.status).toBe(400)
    expect(bad.body.error?.code).toBe('invalid_request')
  })

  it('refuses a cross-site sign-in or sign-out with 403 cross_site_request', async () => {
    const body = { username: SIM_USER, password: SIM_PASSWORD }
    const crossSite: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { origin: 'null' },
    ]
    for (const headers of crossSite) {
      const post = await call(stack, 'POST', '/api/session', { body, headers })
      expect(post.status).toBe(403)
      expect(post.body.error?.code).toBe('cross_site_request')
      const del = await call(stack, 'DELETE', '/api/session', { headers })
      expect(del.status).toBe(403)
    }
    const url = new URL(stack.bff.url)
    const same = await call(stack, 'POST', '/api/session', {
      body,
      headers: { origin: url.origin, 'sec-fetch-site': 'same-origin' },
    })
    expect(same.status).toBe(200)
  })

  it('sign-out logs the EM session off; the cookie is then refused', async () => {
    const cookie = await signIn(stack)
    const before = stack.sim.counters().logoffs
    const out = await call(stack, 'DELETE', '/api/session', { cookie })
    expect(out.status).toBe(204)
    expect(stack.sim.counters().logoffs).toBe(before + 1)
    const after = await call(stack, 'GET', `/api/backupServers/${stack.sim.demo.backupServerIds[0]}`, {
      cookie,
    })
    expect(after.status).toBe(401)
    expect(after.body.error?.code).toBe('unauthenticated')
  })

  it("EM's expiry ends the dashboard session: the next lookup is 401 session_expired", async () => {
    const cookie = await signIn(stack)
    const live = stack.sim.demo.runningJobSessionId
    expect((await call(stack, 'GET', `/api/replicaSessions/${live}`, { cookie })).status).toBe(200)
    stack.sim.expireAllSessions()
    await new Promise((r) => setTimeout(r, 2100)) // past the running window, so EM is asked
    const expired = await call(stack, 'GET', `/api/replicaSessions/${live}`, { cookie })
    expect(expired.status).toBe(401)
    expect(expired.body.error?.code).toBe('session_expired')
    const next = await call(stack, 'GET', '/api/session', { cookie })
    expect(next.body.error?.code).toBe('unauthenticated')
  })

  it('what one user fetched is never served to another: a user without a role gets EM 403 as em_forbidden', async () => {
    const admin = await signIn(stack)
    const id = stack.sim.demo.completedTaskSessionId
    expect((await call(stack, 'GET', `/api/replicaTaskSessions/${id}`, { cookie: admin })).status).toBe(200)
    const { restrictedUsername, restrictedPassword } = await import('@ese/em-simulator').then(
      (m) => m.DEFAULT_CREDENTIALS,
    )
    const other = await signIn(stack, restrictedUsername, restrictedPassword)
    stack.sim.resetCounters()
    const denied = await call(stack, 'GET', `/api/replicaTaskSessions/${id}`, { cookie: other })
    expect(denied.status).toBe(403)
    expect(denied.body.error?.code).toBe('em_forbidden')
    expect(denied.body.error?.message).toMatch(/your Enterprise Manager account/)
    expect(stack.sim.counters().requestsByPath[`GET /api/replicaTaskSessions/${id}`]).toBe(1)
  })
})

describe('sign-in attempts are limited', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({ env: { AUTH: 'em', COOKIE_SECURE: 'false', TRUST_PROXY: 'true' } })
  })
  afterAll(() => stack.close())

  it('5 failed attempts a minute per user name, then every attempt is refused with 429 and Retry-After, the right password too', async () => {
    // A user name of its own, tried from changing addresses: the per-name limit applies.
    for (let i = 0; i < 5; i++) {
      const res = await call(stack, 'POST', '/api/session', {
        body: { username: SIM_USER.toUpperCase(), password: `wrong-${i}` },
        headers: { 'x-forwarded-for': `198.51.100.${i}` },
      })
      expect(res.body.error?.code).toBe('invalid_credentials')
    }
    stack.sim.resetCounters()
    const limited = await call(stack, 'POST', '/api/session', {
      body: { username: SIM_USER, password: SIM_PASSWORD },
      headers: { 'x-forwarded-for': '198.51.100.77' },
    })
    expect(limited.status).toBe(429)
    expect(limited.body.error?.code).toBe('too_many_attempts')
    const retryAfter = Number(limited.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(60)
    expect(stack.sim.counters().logons).toBe(0)
  })

  it('20 failed attempts from one address, whatever the user names, limit that address; 5 do not', async () => {
    const address = { 'x-forwarded-for': '192.0.2.44' }
    const attempt = (username: string, password = 'x') =>
      call(stack, 'POST', '/api/session', { body: { username, password }, headers: address })
    for (let i = 0; i < 5; i++) await attempt(`user${i}`)
    // One person's typos do not lock out a colleague behind the same NAT or jump host.
    const colleague = [DEFAULT_CREDENTIALS.portalUsername, DEFAULT_CREDENTIALS.portalPassword] as const
    expect((await attempt(...colleague)).status).toBe(200)
    for (let i = 5; i < 20; i++) await attempt(`user${i}`)
    const limited = await attempt('someone')
    expect(limited.status).toBe(429)
    expect((await attempt(...colleague)).status).toBe(429)
    const elsewhere = await call(stack, 'POST', '/api/session', {
      body: { username: 'someone', password: 'x' },
      headers: { 'x-forwarded-for': '192.0.2.45' },
    })
    expect(elsewhere.body.error?.code).toBe('invalid_credentials')
  })
})

describe('dashboard sessions end', () => {
  it('after SESSION_MAX_HOURS', async () => {
    const stack = await startStack({
      env: { AUTH: 'em', COOKIE_SECURE: 'false', SESSION_MAX_HOURS: '0.0003' },
    })
    try {
      const cookie = await signIn(stack)
      expect((await call(stack, 'GET', '/api/session', { cookie })).status).toBe(200)
      await new Promise((r) => setTimeout(r, 1200))
      expect((await call(stack, 'GET', '/api/session', { cookie })).status).toBe(401)
    } finally {
      await stack.close()
    }
  })

  it('a Secure cookie carries the __Host- prefix; only that name is accepted', async () => {
    const stack = await startStack({ env: { AUTH: 'em' } })
    try {
      const res = await call(stack, 'POST', '/api/session', {
        body: { username: SIM_USER, password: SIM_PASSWORD },
      })
      const setCookie = res.headers.get('set-cookie') ?? ''
      expect(setCookie).toMatch(/^__Host-ese_session=/)
      expect(setCookie).toMatch(/Secure/)
      const value = setCookie.split(';')[0]?.split('=')[1] ?? ''
      secrets.add(value)
      expect(
        (await call(stack, 'GET', '/api/session', { cookie: `__Host-ese_session=${value}` })).status,
      ).toBe(200)
      expect((await call(stack, 'GET', '/api/session', { cookie: `ese_session=${value}` })).status).toBe(401)
    } finally {
      await stack.close()
    }
  })

  it('on shutdown, sessions held in memory are logged off EM', async () => {
    const stack = await startStack({ env: { AUTH: 'em', COOKIE_SECURE: 'false' } })
    await signIn(stack)
    await signIn(stack)
    const before = stack.sim.counters().logoffs
    await stack.bff.close()
    expect(stack.sim.counters().logoffs).toBe(before + 2)
    await stack.sim.close()
  })
})

/** The BFF as its own process (from source), answering at the URL it logs. */
async function startBffProcess(
  env: Record<string, string>,
): Promise<Pick<Stack, 'get'> & { stop(): Promise<void> }> {
  const server = fileURLToPath(new URL('../src/server.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', server], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', WEB_DIST: '/nonexistent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString()
  })
  child.stderr.on('data', (c: Buffer) => {
    out += c.toString()
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const deadline = Date.now() + 20_000
  let url = ''
  while (!url) {
    url = /"dashboard":"(http:\/\/[^"]+)\/"/.exec(out)?.[1] ?? ''
    if (!url && (Date.now() > deadline || child.exitCode !== null))
      throw new Error(`the BFF did not start:\n${out}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    get: (path, init) => fetch(`${url}${path}`, init),
    stop: async () => {
      child.kill('SIGTERM')
      await exited
    },
  }
}

describe('two BFF replicas share sign-ins through one real Redis', () => {
  it('sign in on one, look up through the other, sign out through the second: the first refuses the cookie', async () => {
    const redis = await startRedis()
    const sim = await startSimulator({ port: 0, username: SIM_USER, password: SIM_PASSWORD })
    const env = {
      EM_URL: sim.url,
      AUTH: 'em',
      COOKIE_SECURE: 'false',
      REDIS_URL: redis.url,
      SESSION_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
    }
    // Two BFF processes, as two replicas behind a load balancer would be.
    const one = await startBffProcess(env)
    const two = await startBffProcess(env)
    try {
      const cookie = await signIn(one)
      const id = sim.demo.completedJobSessionId
      const viaTwo = await call(two, 'GET', `/api/replicaSessions/${id}`, { cookie })
      expect(viaTwo.status).toBe(200)
      expect((await call(two, 'GET', '/api/session', { cookie })).body.auth).toBe('em')
      expect((await call(two, 'DELETE', '/api/session', { cookie })).status).toBe(204)
      const refused = await call(one, 'GET', `/api/replicaSessions/${id}`, { cookie })
      expect(refused.status).toBe(401)
      expect(refused.body.error?.code).toBe('unauthenticated')

      // The EM token is sealed in Redis: no key or value holds it, nor the cookie's ID.
      const { Redis } = await import('ioredis')
      const client = new Redis(redis.url)
      const again = await signIn(one)
      const keys = await client.keys('*')
      const values = await Promise.all(keys.map((k) => client.get(k).catch(() => '')))
      const dump = [...keys, ...values].join('\n')
      expect(dump).not.toContain(again.split('=')[1])
      // Every EM token the simulator has issued and still honours (its logon sessions), none in Redis.
      const tokens = await liveTokens(sim)
      expect(tokens.length).toBeGreaterThan(0)
      for (const token of tokens) expect(dump).not.toContain(token)
      await client.quit()

      // Failed sign-ins count across replicas: 5 for a name on one, and the other refuses that name (only).
      const tryAs = (bff: typeof one, username: string, password: string) =>
        call(bff, 'POST', '/api/session', { body: { username, password } })
      for (let i = 0; i < 5; i++)
        expect((await tryAs(one, 'nobody-here', `wrong-${i}`)).body.error?.code).toBe('invalid_credentials')
      expect((await tryAs(two, 'nobody-here', 'wrong')).status).toBe(429)
      expect((await tryAs(two, SIM_USER, SIM_PASSWORD)).status).toBe(200)
    } finally {
      await one.stop()
      await two.stop()
      await sim.close()
      await redis.stop()
    }
  })
})

describe('HTTPS on the BFF itself', () => {
  it('serves the API over TLS with TLS_CERT_FILE and TLS_KEY_FILE', async () => {
    const stack = await startStack({ env: { TLS_CERT_FILE: TEST_CERTS.cert, TLS_KEY_FILE: TEST_CERTS.key } })
    try {
      expect(stack.bff.url).toMatch(/^https:\/\//)
      const url = new URL('/api/health', stack.bff.url)
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpsRequest(url, { ca: readFileSync(TEST_CERTS.ca) }, (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        })
        req.on('error', reject)
        req.end()
      })
      expect(status).toBe(200)
    } finally {
      await stack.close()
    }
  })
})

describe('start-up', () => {
  it('with EM_URL, AUTH must be given; AUTH=service on a non-loopback HOST warns', async () => {
    const server = fileURLToPath(new URL('../src/server.ts', import.meta.url))
    const run = (env: Record<string, string>) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', server], {
          env: { PATH: process.env.PATH ?? '', PORT: '0', WEB_DIST: '/nonexistent', ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        })
        let out = ''
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString()
          if (out.includes('EM Session Explorer is ready')) child.kill('SIGTERM')
        })
        child.stderr.on('data', (c: Buffer) => {
          out += c.toString()
        })
        child.on('exit', (code) => resolve({ code, out }))
      })
    const missing = await run({
      EM_URL: 'https://em.example.com:9398',
      EM_USERNAME: 'u',
      EM_PASSWORD: 'Hidden-1',
    })
    expect(missing.code).toBe(2)
    expect(missing.out).toMatch(/AUTH is required with EM_URL/)
    expect(missing.out).not.toContain('Hidden-1')
    const wide = await run({ HOST: '0.0.0.0' })
    expect(wide.out).toMatch(/AUTH=service on a non-loopback HOST/)
    expect(wide.code).toBe(0)
  })
})
