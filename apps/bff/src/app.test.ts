import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { CapturedLog } from '../test/stack.ts'
import { API_CONTENT_SECURITY_POLICY, answerOfSync, CONTENT_SECURITY_POLICY } from './answers.ts'
import { createApp } from './app.ts'
import { Auth } from './auth/auth.ts'
import { MemoryLimiter } from './auth/limiter.ts'
import { MemoryStore, TokenCipher } from './auth/sessions.ts'
import type { EmClient } from './em/client.ts'
import { BffError } from './em/errors.ts'
import type { EmConnection, ServiceSession } from './em/session.ts'
import { Explorer } from './explorer.ts'
import { createLogger } from './log.ts'
import { Lookups } from './lookups.ts'
import { Reads } from './reads.ts'
import { Spa } from './static.ts'

const GUID = '24590151-20cd-4e57-8a2f-8b65869a1879'

type FakeClient = Partial<
  Record<'taskSession' | 'jobSession' | 'backupServer' | 'taskList', (...args: never[]) => Promise<unknown>>
>

/** The app over a fake EM client (the real cache, reads and service-mode auth); its log lines captured. */
function appWith(client: FakeClient, spa: Spa | null = null) {
  const log = new CapturedLog()
  const logger = createLogger(log)
  const reads = new Reads(client as unknown as EmClient, new Lookups())
  const service = { scope: 'service', who: 'the service account' } as unknown as ServiceSession
  const app = createApp({
    reads,
    explorer: new Explorer(reads),
    auth: new Auth({ mode: 'service', service, serviceUser: 'svc', refreshMs: 2000 }),
    ready: async () => {},
    logger,
    spa,
  })
  return { app, lines: log.lines }
}

function builtSpa(): Spa {
  const dir = mkdtempSync(join(tmpdir(), 'spa-'))
  mkdirSync(join(dir, 'assets'))
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>x</title><script type="module" src="/assets/index-AbC123.js"></script>',
  )
  writeFileSync(join(dir, 'assets', 'index-AbC123.js'), `console.log(${JSON.stringify('x'.repeat(2000))})`)
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  const spa = Spa.load(dir)
  if (!spa) throw new Error('no spa')
  return spa
}

describe('the app', () => {
  it('an unexpected failure is a 500 internal with a plain message: no stack, no details', async () => {
    const { app, lines } = appWith({
      taskSession: async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'x')")
      },
    })
    const res = await app.request(`/api/replicaTaskSessions/${GUID}`)
    expect(res.status).toBe(500)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('internal')
    expect(body.error.message).not.toMatch(/TypeError|reading|at /)
    expect(lines.some((l) => l.includes('TypeError'))).toBe(true)
  })

  it('a BffError becomes its status and code', async () => {
    const { app } = appWith({
      jobSession: async () => {
        throw new BffError('em_timeout', 'EM is slow.')
      },
    })
    const res = await app.request(`/api/replicaSessions/${GUID}`)
    expect(res.status).toBe(504)
    expect(await res.json()).toEqual({ error: { code: 'em_timeout', message: 'EM is slow.' } })
  })

  it('passes the lower-case GUID of a URN or an upper-case GUID to the lookup', async () => {
    const asked: string[] = []
    const { app } = appWith({
      backupServer: async (_caller: unknown, id: string) => {
        asked.push(id)
        return {}
      },
      taskSession: async (_caller: unknown, kind: string, id: string) => {
        asked.push(`${kind} ${id}`)
        return { state: 'InProgress', endTime: null }
      },
    } as FakeClient)
    await app.request(`/api/backupServers/urn:veeam:BackupServer:${GUID.toUpperCase()}`)
    await app.request(`/api/backupTaskSessions/urn:veeam:BackupTaskSession:${GUID.toUpperCase()}`)
    await app.request(`/api/replicaTaskSessions/${GUID.toUpperCase()}`)
    expect(asked).toEqual([GUID, `backupTaskSession ${GUID}`, `replicaTaskSession ${GUID}`])
    // The URN of another kind is not an ID of this one.
    const wrong = await app.request(`/api/backupTaskSessions/urn:veeam:ReplicaTaskSession:${GUID}`)
    expect(wrong.status).toBe(400)
  })

  it('puts the security headers on API, error, HTML and asset responses alike', async () => {
    const { app } = appWith({ taskSession: async () => ({}) }, builtSpa())
    for (const path of [
      `/api/replicaTaskSessions/${GUID}`,
      '/api/replicaTaskSessions/nope',
      '/api/nope',
      '/',
      '/replicaSessions/x',
      '/assets/index-AbC123.js',
      '/assets/missing.js',
    ]) {
      const res = await app.request(path)
      // API answers (errors included) get the API's policy, which allows nothing; documents get the SPA's.
      expect(res.headers.get('content-security-policy'), path).toBe(
        path.startsWith('/api/') ? API_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY,
      )
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer')
      expect(res.headers.get('x-frame-options'), path).toBe('DENY')
      expect(res.headers.get('cross-origin-resource-policy'), path).toBe('same-origin')
    }
    expect(API_CONTENT_SECURITY_POLICY).toBe("default-src 'none'; frame-ancestors 'none'")
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'")
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline')
  })

  it('serves the SPA: deep links get index.html, hashed assets are immutable, missing assets and /api are not the SPA', async () => {
    const { app } = appWith({}, builtSpa())
    const deep = await app.request(`/replicaTaskSessions/${GUID}`)
    expect(deep.status).toBe(200)
    expect(deep.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await deep.text()).toContain('<title>x</title>')
    // Its preloads depend on who asks: never stored, so a revalidation (304) cannot bring back someone's earlier
    // headers, preloading data for a visitor since signed out.
    expect(deep.headers.get('cache-control')).toBe('no-store')
    expect(deep.headers.get('etag')).toBeNull()
    const again = await app.request(`/replicaTaskSessions/${GUID}`, { headers: { 'if-none-match': '"x"' } })
    expect(again.status).toBe(200)
    expect((await app.request('/')).headers.get('cache-control')).toBe('no-store')

    const asset = await app.request('/assets/index-AbC123.js', { headers: { 'accept-encoding': 'gzip, br' } })
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(asset.headers.get('content-encoding')).toBe('br')
    const etag = asset.headers.get('etag') ?? ''
    expect(
      (await app.request('/assets/index-AbC123.js', { headers: { 'if-none-match': etag } })).status,
    ).toBe(304)

    expect((await app.request('/assets/index-Missing.js')).status).toBe(404)
    expect((await app.request('/robots.txt')).status).toBe(404)
    const api = await app.request('/api/unknown')
    expect(api.status).toBe(404)
    expect(api.headers.get('content-type')).toMatch(/^application\/json/)
    expect((await app.request('/favicon.svg')).headers.get('content-type')).toBe('image/svg+xml')
  })

  it("an EM link with only the host changed, opened in a browser, goes to the dashboard's page, not the JSON", async () => {
    const { app } = appWith({ taskSession: async () => ({ id: GUID }) })
    const navigate = { 'sec-fetch-dest': 'document' }
    const res = await app.request(`/api/replicaTaskSessions/${GUID}?format=Entity`, { headers: navigate })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`/replicaTaskSessions/${GUID}`)
    const list = await app.request(`/api/replicaSessions/${GUID}/replicaTaskSessions`, { headers: navigate })
    expect(list.headers.get('location')).toBe(`/replicaSessions/${GUID}/replicaTaskSessions`)
    // The SPA's own requests (fetch) still get the JSON, and API-only paths are not pages.
    expect((await app.request(`/api/replicaTaskSessions/${GUID}`)).status).toBe(200)
    expect((await app.request('/api/health', { headers: navigate })).status).toBe(200)
  })

  it("a page's document tells the browser to preload who is signed in, which every page asks first", async () => {
    const { app } = appWith({}, builtSpa())
    const upper = `/replicaTaskSessions/${GUID.toUpperCase()}`
    const urn = `/backupServers/urn:veeam:BackupServer:${GUID}`
    for (const path of ['/', '/sign-in', '/sessions/x', upper, urn, `/replicaSessions/${GUID}/x`]) {
      expect((await app.request(path)).headers.get('link'), path).toBe(
        '</api/session>; rel=preload; as=fetch; crossorigin',
      )
    }
    expect((await app.request('/assets/index-AbC123.js')).headers.get('link')).toBeNull()
    expect((await app.request('/api/health')).headers.get('link')).toBeNull()
  })

  it("a session's page, for someone signed in, also preloads what its route loads at once, so EM's time passes while the SPA starts", async () => {
    const preload = (path: string) => `<${path}>; rel=preload; as=fetch; crossorigin`
    const { app } = appWith({}, builtSpa())
    const expected: [string, string[]][] = [
      [`/replicaTaskSessions/${GUID}`, [`/api/replicaTaskSessions/${GUID}`]],
      [`/backupTaskSessions/${GUID}`, [`/api/backupTaskSessions/${GUID}`]],
      [
        `/replicaSessions/${GUID}`,
        [`/api/replicaSessions/${GUID}`, `/api/replicaSessions/${GUID}/replicaTaskSessions`],
      ],
      [
        `/backupSessions/${GUID}`,
        [`/api/backupSessions/${GUID}`, `/api/backupSessions/${GUID}/taskSessions`],
      ],
      [`/backupServers/${GUID}`, [`/api/backupServers/${GUID}`]],
    ]
    for (const [path, data] of expected) {
      expect((await app.request(path)).headers.get('link'), path).toBe(
        ['/api/session', ...data].map(preload).join(', '),
      )
    }

    // Signed in with an EM account: the same; signed out, only who is signed in (the route never asks for the
    // data, and a preload left unused would answer its first request after sign-in with a stale 401).
    const store = new MemoryStore(new TokenCipher('secret'))
    const auth = new Auth({
      mode: 'em',
      em: {} as EmConnection,
      store,
      limiter: new MemoryLimiter({ user: 5, address: 20 }, 60_000),
      cookieSecure: false,
      sessionMaxHours: 8,
      trustProxy: false,
      refreshMs: 2000,
    })
    const reads = new Reads({} as EmClient, new Lookups())
    const spa = builtSpa()
    const emApp = createApp({
      reads,
      explorer: new Explorer(reads),
      auth,
      ready: async () => {},
      logger: createLogger(new CapturedLog()),
      spa,
    })
    const id = await store.create({
      token: 't',
      sessionId: 's',
      userName: 'ann',
      expiresAt: Date.now() + 60_000,
    })
    const path = `/replicaTaskSessions/${GUID}`
    const signedIn = await emApp.request(path, { headers: { cookie: `ese_session=${id}` } })
    expect(signedIn.headers.get('link')).toBe(
      ['/api/session', `/api/replicaTaskSessions/${GUID}`].map(preload).join(', '),
    )
    for (const cookie of [undefined, 'ese_session=unknown']) {
      const res = await emApp.request(path, cookie ? { headers: { cookie } } : {})
      expect(res.status).toBe(200)
      expect(res.headers.get('link'), cookie).toBe(preload('/api/session'))
    }
  })

  it('serves only the regular files found in the build at start: no symlink out of it, nothing added later', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'outside-'))
    writeFileSync(join(outside, 'secret.txt'), 'TOP SECRET')
    const dir = mkdtempSync(join(tmpdir(), 'spa-'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>')
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'link.txt'))
    symlinkSync(outside, join(dir, 'linked'))
    const { app } = appWith({}, Spa.load(dir))
    writeFileSync(join(dir, 'later.txt'), 'added after start')
    for (const path of ['/link.txt', '/linked/secret.txt', '/later.txt', '/..%2f..%2fetc%2fpasswd']) {
      const res = await app.request(path)
      expect(res.status, path).toBe(404)
      expect(await res.text(), path).not.toContain('SECRET')
    }
  })

  it('large answers (task lists) are kept gzipped and sent so to a client that accepts gzip, unpacked to others; small ones as is', async () => {
    const task = (i: number) => ({ id: `${i}`, name: `vm-${i}@2026-11-30`, state: 'Completed', endTime: 'x' })
    const { app } = appWith({
      // A list comes answered (lists.ts): its JSON, gzipped when large.
      taskList: async () => {
        const items = Array.from({ length: 2000 }, (_, i) => task(i))
        return { answer: answerOfSync(JSON.stringify({ items })), allFinished: true }
      },
      jobSession: async () => ({ state: 'Stopped', endTime: 'x', name: 'job' }),
    })
    const listPath = `/api/replicaSessions/${GUID}/replicaTaskSessions`
    const gzipped = await app.request(listPath, { headers: { 'accept-encoding': 'gzip, deflate, br' } })
    expect(gzipped.status).toBe(200)
    expect(gzipped.headers.get('content-encoding')).toBe('gzip')
    expect(gzipped.headers.get('vary')).toMatch(/accept-encoding/i)
    expect(gzipped.headers.get('cache-control')).toBe('no-store')
    const packed = Buffer.from(await gzipped.arrayBuffer())
    const unpacked = JSON.parse(gunzipSync(packed).toString('utf8')) as { items: unknown[] }
    expect(unpacked.items).toHaveLength(2000)
    expect(packed.length).toBeLessThan(JSON.stringify(unpacked).length / 5)

    const plain = await app.request(listPath)
    expect(plain.headers.get('content-encoding')).toBeNull()
    const refused = await app.request(listPath, { headers: { 'accept-encoding': 'br, gzip;q=0' } })
    expect(refused.headers.get('content-encoding')).toBeNull()
    expect(((await refused.json()) as { items: unknown[] }).items).toHaveLength(2000)
    expect(((await plain.json()) as { items: unknown[] }).items).toHaveLength(2000)
    const single = await app.request(`/api/replicaSessions/${GUID}`, {
      headers: { 'accept-encoding': 'gzip' },
    })
    expect(single.headers.get('content-encoding')).toBeNull()
    expect(await single.json()).toMatchObject({ name: 'job' })
  })

  it('the API is read-only: other methods get a JSON 404', async () => {
    const { app } = appWith({ taskSession: async () => ({}) })
    const res = await app.request(`/api/replicaTaskSessions/${GUID}`, { method: 'DELETE' })
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found')
  })
})
