import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { TEST_CERTS } from '@ese/em-simulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { liveTokens, SIM_PASSWORD, type Stack, startStack } from './stack.ts'

/** Every response body and header the tests saw, and every log line, checked for secrets at the end. */
const seen: string[] = []
const secrets = new Set<string>([SIM_PASSWORD])

async function record(
  res: Response,
): Promise<{ status: number; body: unknown; text: string; headers: Headers }> {
  const text = await res.text()
  seen.push(text, ...[...res.headers.entries()].map(([k, v]) => `${k}: ${v}`))
  let body: unknown = null
  try {
    body = JSON.parse(text)
  } catch {
    body = null
  }
  return { status: res.status, body, text, headers: res.headers }
}

async function collectSecrets(stack: Stack) {
  for (const token of await liveTokens(stack.sim)) secrets.add(token)
}

function errorOf(body: unknown): { code: string; message: string } {
  return (body as { error: { code: string; message: string } }).error
}

const ALLOWED_EM_CALL = [
  /^POST \/api\/sessionMngr\/$/,
  /^DELETE \/api\/logonSessions\/[0-9a-f-]{36}$/,
  /^GET \/api\/replicaTaskSessions\/[0-9a-f-]{36}$/,
  /^GET \/api\/replicaSessions\/[0-9a-f-]{36}$/,
  /^GET \/api\/replicaSessions\/[0-9a-f-]{36}\/replicaTaskSessions$/,
  /^GET \/api\/backupServers\/[0-9a-f-]{36}$/,
  /^GET \/api\/$/,
]
function unexpectedEmCalls(stack: Stack): string[] {
  // Test helpers (liveTokens) use logonSessions themselves; everything else must be on the allowed list.
  return Object.keys(stack.sim.counters().requestsByPath).filter(
    (key) => key !== 'GET /api/logonSessions' && !ALLOWED_EM_CALL.some((re) => re.test(key)),
  )
}

describe.each(['xml', 'json'] as const)('lookups against the simulator in %s mode', (format) => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({ env: { EM_FORMAT: format } })
  })
  afterAll(async () => {
    await collectSecrets(stack)
    seen.push(...stack.logLines())
    expect(unexpectedEmCalls(stack)).toEqual([])
    await stack.close()
  })

  it('a completed task session, then its job session, task list and backup server through its links', async () => {
    const { demo } = stack.sim
    const task = await record(
      await stack.get(`/api/replicaTaskSessions/${demo.completedTaskSessionId.toUpperCase()}`),
    )
    expect(task.status).toBe(200)
    expect(task.headers.get('content-type')).toMatch(/^application\/json/)
    const t = task.body as Record<string, unknown> & { links: Array<Record<string, string | null>> }
    expect(t).toMatchObject({
      id: demo.completedTaskSessionId,
      uid: `urn:veeam:ReplicaTaskSession:${demo.completedTaskSessionId}`,
      state: 'Completed',
      result: 'Success',
      reason: '',
    })
    expect(typeof t.totalSize).toBe('number')
    expect(Date.parse(String(t.creationTime))).toBeLessThan(Date.parse(String(t.endTime)))
    expect(String(t.name)).toMatch(/^.+@\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    expect(String(t.name).startsWith(`${t.vmDisplayName}@`)).toBe(true)

    const up = (kind: string) => t.links.find((l) => l.rel === 'Up' && l.kind === kind)
    const jobLink = up('replicaJobSession')
    const serverLink = up('backupServer')
    expect(jobLink?.id).toBe(t.jobSessionId)
    expect(jobLink?.path).toBe(`/replicaSessions/${t.jobSessionId}`)
    expect(serverLink?.path).toMatch(/^\/backupServers\/[0-9a-f-]{36}$/)
    // Only navigational links, never EM's own URLs.
    expect(t.links.every((l) => ['Up', 'Down', 'Alternate', 'Related'].includes(String(l.rel)))).toBe(true)
    expect(task.text).not.toContain(stack.sim.url)

    const job = await record(await stack.get(`/api${jobLink?.path}`))
    expect(job.status).toBe(200)
    expect(job.body).toMatchObject({ id: t.jobSessionId, state: 'Stopped', jobType: 'Replica' })
    expect((job.body as { name: string }).name).toBe(jobLink?.name)

    const list = await record(await stack.get(`/api${jobLink?.path}/replicaTaskSessions`))
    expect(list.status).toBe(200)
    const items = (list.body as { items: Array<{ id: string; jobSessionId: string }> }).items
    expect(items.length).toBeGreaterThanOrEqual(1)
    expect(items.map((i) => i.id)).toContain(demo.completedTaskSessionId)
    expect(items.every((i) => i.jobSessionId === t.jobSessionId)).toBe(true)
    expect(items.find((i) => i.id === demo.completedTaskSessionId)).toEqual(t)

    const server = await record(await stack.get(`/api${serverLink?.path}`))
    expect(server.status).toBe(200)
    expect(server.body).toMatchObject({ name: serverLink?.name, port: 9392 })
    expect((server.body as { links: Array<{ rel: string }> }).links.map((l) => l.rel)).not.toContain('Edit')
  })

  it('URNs are accepted; a failed task carries its reason; a running one has no end time', async () => {
    const { demo } = stack.sim
    const failed = await record(
      await stack.get(`/api/replicaTaskSessions/urn:veeam:ReplicaTaskSession:${demo.failedTaskSessionId}`),
    )
    expect(failed.status).toBe(200)
    expect(failed.body).toMatchObject({ result: 'Failed', state: 'Completed' })
    expect((failed.body as { reason: string }).reason.length).toBeGreaterThan(5)

    const running = await record(await stack.get(`/api/replicaSessions/${demo.runningJobSessionId}`))
    expect(running.body).toMatchObject({ endTime: null })
    expect((running.body as { state: string }).state).not.toBe('Stopped')
  })

  it('old sessions (beyond the 30-day collections) are still served by ID', async () => {
    const old = await record(await stack.get(`/api/replicaTaskSessions/${stack.sim.demo.oldTaskSessionId}`))
    expect(old.status).toBe(200)
    const created = Date.parse((old.body as { creationTime: string }).creationTime)
    expect(Date.now() - created).toBeGreaterThan(30 * 24 * 3600_000)
  })

  it('logs one line per request with method, path, status, ms and EM calls, and no query string', async () => {
    const id = stack.sim.demo.warningTaskSessionId
    await record(await stack.get(`/api/replicaTaskSessions/${id}?secret=1`))
    const line = stack
      .logLines()
      .map((l) => JSON.parse(l))
      .find((l) => l.path === `/api/replicaTaskSessions/${id}`)
    expect(line).toMatchObject({ msg: 'request', method: 'GET', status: 200 })
    expect(line.emCalls).toBeGreaterThanOrEqual(1)
    expect(typeof line.ms).toBe('number')
    expect(stack.logLines().join('\n')).not.toContain('secret=1')
  })
})

describe('the EM session', () => {
  it('50 concurrent cold requests cause exactly one logon; an expiry of every session causes one more', async () => {
    const stack = await startStack()
    try {
      const ids = [
        stack.sim.demo.completedTaskSessionId,
        stack.sim.demo.failedTaskSessionId,
        stack.sim.demo.warningTaskSessionId,
        stack.sim.demo.runningTaskSessionId,
        stack.sim.demo.oldTaskSessionId,
      ]
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          stack.get(`/api/replicaTaskSessions/${ids[i % ids.length]}`).then(record),
        ),
      )
      expect(results.map((r) => r.status)).toEqual(Array(50).fill(200))
      expect(stack.sim.counters().logons).toBe(1)
      await collectSecrets(stack)
      const logonsBefore = stack.sim.counters().logons

      stack.sim.expireAllSessions()
      const again = await Promise.all(
        Array.from({ length: 20 }, () =>
          stack.get(`/api/replicaSessions/${stack.sim.demo.runningJobSessionId}`).then(record),
        ),
      )
      expect(again.map((r) => r.status)).toEqual(Array(20).fill(200))
      expect(stack.sim.counters().logons).toBe(logonsBefore + 1)
      await collectSecrets(stack)
      seen.push(...stack.logLines())
    } finally {
      await stack.close()
    }
  })

  it('sends the token in the header only and one media type in Accept', async () => {
    // Checked through behaviour: the simulator lets a valid cookie win over a header, so a BFF that sent a
    // stale cookie alongside a fresh header would fail after an expiry. The expiry test above passes; here the
    // EM calls are counted per path to show the single retry: one 401, one logon, one retried call.
    const stack = await startStack({ env: { RUNNING_CACHE_MS: '0' } })
    try {
      const id = stack.sim.demo.runningTaskSessionId
      expect((await stack.get(`/api/replicaTaskSessions/${id}`)).status).toBe(200)
      stack.sim.expireAllSessions()
      stack.sim.resetCounters()
      expect((await stack.get(`/api/replicaTaskSessions/${id}`)).status).toBe(200)
      const c = stack.sim.counters()
      expect(c.logons).toBe(1)
      expect(c.requestsByPath[`GET /api/replicaTaskSessions/${id}`]).toBe(2)
    } finally {
      await stack.close()
    }
  })
})

describe('caching and shared lookups', () => {
  it('a completed session is fetched from EM once; a running one once per running window; concurrent lookups share a call', async () => {
    const stack = await startStack({ env: { RUNNING_CACHE_MS: '400' } })
    try {
      const { completedTaskSessionId: done, runningTaskSessionId: live } = stack.sim.demo
      for (let i = 0; i < 3; i++)
        expect((await stack.get(`/api/replicaTaskSessions/${done}`)).status).toBe(200)
      for (let i = 0; i < 3; i++)
        expect((await stack.get(`/api/replicaTaskSessions/${live}`)).status).toBe(200)
      let c = stack.sim.counters().requestsByPath
      expect(c[`GET /api/replicaTaskSessions/${done}`]).toBe(1)
      expect(c[`GET /api/replicaTaskSessions/${live}`]).toBe(1)
      // Once the window has passed, the running session is asked for again; the finished one never is.
      await new Promise((resolve) => setTimeout(resolve, 450))
      for (let i = 0; i < 3; i++) {
        expect((await stack.get(`/api/replicaTaskSessions/${live}`)).status).toBe(200)
        expect((await stack.get(`/api/replicaTaskSessions/${done}`)).status).toBe(200)
      }
      c = stack.sim.counters().requestsByPath
      expect(c[`GET /api/replicaTaskSessions/${done}`]).toBe(1)
      expect(c[`GET /api/replicaTaskSessions/${live}`]).toBe(2)

      await new Promise((resolve) => setTimeout(resolve, 450))
      stack.sim.setFaults({ latencyMs: 300 })
      stack.sim.resetCounters()
      const all = await Promise.all(
        Array.from({ length: 20 }, () => stack.get(`/api/replicaTaskSessions/${live}`)),
      )
      expect(all.every((r) => r.status === 200)).toBe(true)
      c = stack.sim.counters().requestsByPath
      expect(c[`GET /api/replicaTaskSessions/${live}`]).toBe(1)
    } finally {
      await stack.close()
    }
  })
})

describe('one pipeline: a lookup by GUID and by URN are answered alike', () => {
  const headersOf = (res: Response) =>
    Object.fromEntries(
      [...res.headers.entries()].filter(
        // Everything but the date, framing included: the same length, never chunked.
        ([k]) => k !== 'date',
      ),
    )
  const URN_TYPE: Record<string, string> = {
    replicaTaskSessions: 'ReplicaTaskSession',
    replicaSessions: 'ReplicaJobSession',
    backupServers: 'BackupServer',
  }
  /** The same lookup by URN. */
  const viaApp = (path: string) =>
    path.replace(
      /^\/api\/(\w+)\/([0-9a-f-]{36})/,
      (_m, segment: string, guid: string) => `/api/${segment}/urn:veeam:${URN_TYPE[segment]}:${guid}`,
    )

  it('a miss, then a hit, are answered exactly as the app answers, logged the same way, for all four lookups', async () => {
    const stack = await startStack()
    try {
      const { demo } = stack.sim
      const server = demo.backupServerIds[0] ?? ''
      const paths = [
        `/api/replicaTaskSessions/${demo.completedTaskSessionId}`,
        `/api/replicaSessions/${demo.completedJobSessionId}`,
        `/api/replicaSessions/${demo.completedJobSessionId}/replicaTaskSessions`,
        `/api/backupServers/${server}`,
      ]
      for (const path of paths) {
        const miss = await stack.get(path)
        const missBody = await miss.text()
        expect(miss.status).toBe(200)
        const hit = await stack.get(path)
        expect(hit.status).toBe(200)
        expect(await hit.text()).toBe(missBody)
        expect(headersOf(hit)).toEqual(headersOf(miss))
        const app = await stack.get(viaApp(path))
        expect(app.status).toBe(200)
        expect(await app.text()).toBe(missBody)
        expect(headersOf(app)).toEqual(headersOf(miss))
      }
      const counts = stack.sim.counters().requestsByPath
      for (const path of paths) expect(counts[`GET ${path}`], path).toBe(1)
      const lines = stack
        .logLines()
        .map((l) => JSON.parse(l) as { msg: string; method: string; path?: string; emCalls?: number })
      for (const path of paths) {
        const logged = lines.filter((l) => l.msg === 'request' && l.path === path)
        expect(logged.map((l) => [l.method, l.emCalls === 0])).toEqual([
          ['GET', false],
          ['GET', true],
        ])
        expect(lines.filter((l) => l.msg === 'request' && l.path === viaApp(path))).toHaveLength(1)
      }
    } finally {
      await stack.close()
    }
  })

  it('a Host the framework would refuse is refused the same way; an ordinary one is served', async () => {
    const stack = await startStack()
    try {
      const url = new URL(stack.bff.url)
      const statusWithHost = (path: string, host: string) =>
        new Promise<number>((resolve, reject) => {
          const req = request(
            { host: url.hostname, port: url.port, path, method: 'GET', headers: { host } },
            (res) => {
              res.resume()
              res.on('end', () => resolve(res.statusCode ?? 0))
            },
          )
          req.on('error', reject)
          req.end()
        })
      const path = `/api/replicaTaskSessions/${stack.sim.demo.completedTaskSessionId}`
      const expected: Array<[string, number]> = [
        ['x.com/evil', 400],
        ['x@y', 400],
        ['a b', 400],
        ['em-explorer.corp.local', 200],
        ['EM-Explorer.corp.local', 200],
        ['em-explorer.corp.local:80', 200],
        ['em-explorer.corp.local:8080', 200],
        ['em-explorer.corp.local:61000', 200],
      ]
      for (const [host, status] of expected) {
        expect(await statusWithHost(path, host), host).toBe(status)
        expect(await statusWithHost(viaApp(path), host), `${host} (app)`).toBe(status)
      }
    } finally {
      await stack.close()
    }
  })

  it('errors are answered exactly as the app answers them, with the same warning in the log', async () => {
    const stack = await startStack({ env: { EM_TIMEOUT_MS: '1000' } })
    try {
      const unknown = '/api/replicaSessions/00000000-0000-4000-8000-000000000000'
      const running = `/api/replicaTaskSessions/${stack.sim.demo.runningTaskSessionId}`
      const cases: Array<[string, string, () => void]> = [
        [unknown, 'not_found', () => {}],
        [running, 'em_bad_response', () => stack.sim.setFaults({ payload: 'malformed' })],
        [running, 'em_unavailable', () => stack.sim.setFaults({ down: '503' })],
      ]
      for (const [path, code, fault] of cases) {
        fault()
        try {
          const fast = await stack.get(path)
          const app = await stack.get(viaApp(path))
          const body = await fast.text()
          expect(errorOf(JSON.parse(body)).code, code).toBe(code)
          expect(app.status).toBe(fast.status)
          expect(await app.text()).toBe(body)
          expect(headersOf(app)).toEqual(headersOf(fast))
        } finally {
          stack.sim.clearFaults()
        }
      }
      const warnings = stack
        .logLines()
        .map((l) => JSON.parse(l) as { msg: string; code?: string; path?: string })
        .filter((l) => l.msg === 'em call failed')
      for (const code of ['em_bad_response', 'em_unavailable']) {
        expect(warnings.filter((w) => w.code === code).map((w) => w.path)).toEqual([running, viaApp(running)])
      }
      const ok = await stack.get(running)
      expect(ok.status).toBe(200)
    } finally {
      await stack.close()
    }
  })
})

describe('each error code from its real cause', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({ env: { EM_TIMEOUT_MS: '1000' } })
  })
  afterAll(async () => {
    await collectSecrets(stack)
    seen.push(...stack.logLines())
    await stack.close()
  })

  it.each([
    'not-a-guid',
    '24590151-20cd-4e57-8a2f-8b65869a187',
    'urn:veeam:ReplicaJobSession:24590151-20cd-4e57-8a2f-8b65869a1879',
    '%2e%2e%2fsessionMngr',
    '24590151-20cd-4e57-8a2f-8b65869a1879%3Fformat%3DEntity',
    '%2024590151-20cd-4e57-8a2f-8b65869a1879',
  ])('400 invalid_id for %j, without calling EM', async (id) => {
    const before = stack.sim.counters().requests
    const res = await record(await stack.get(`/api/replicaTaskSessions/${id}`))
    expect(res.status).toBe(400)
    expect(errorOf(res.body).code).toBe('invalid_id')
    expect(errorOf(res.body).message).toMatch(/GUID/)
    expect(stack.sim.counters().requests).toBe(before)
  })

  it('404 not_found for an unknown GUID, mentioning EM keeps history for a limited time', async () => {
    const res = await record(await stack.get('/api/replicaSessions/00000000-0000-4000-8000-000000000000'))
    expect(res.status).toBe(404)
    expect(errorOf(res.body).code).toBe('not_found')
    expect(errorOf(res.body).message).toMatch(/limited time/)
  })

  it('404 not_found for an unknown API path', async () => {
    const res = await record(await stack.get('/api/jobs/00000000-0000-4000-8000-000000000000'))
    expect(res.status).toBe(404)
    expect(errorOf(res.body).code).toBe('not_found')
  })

  it('502 em_bad_response for a garbage payload, then recovery', async () => {
    stack.sim.setFaults({ payload: 'malformed' })
    try {
      const res = await record(
        await stack.get(`/api/replicaTaskSessions/${stack.sim.demo.runningTaskSessionId}`),
      )
      expect(res.status).toBe(502)
      expect(errorOf(res.body).code).toBe('em_bad_response')
    } finally {
      stack.sim.clearFaults()
    }
    const ok = await stack.get(`/api/replicaTaskSessions/${stack.sim.demo.runningTaskSessionId}`)
    expect(ok.status).toBe(200)
  })

  it('504 em_timeout when EM is slower than EM_TIMEOUT_MS', async () => {
    stack.sim.setFaults({ latencyMs: 2500 })
    try {
      const started = Date.now()
      const res = await record(await stack.get(`/api/replicaSessions/${stack.sim.demo.runningJobSessionId}`))
      expect(res.status).toBe(504)
      expect(errorOf(res.body).code).toBe('em_timeout')
      expect(Date.now() - started).toBeLessThan(2500)
    } finally {
      stack.sim.clearFaults()
    }
  })

  it('502 em_unavailable when EM refuses connections, and /api/ready says so; both recover', async () => {
    stack.sim.setFaults({ down: 'refuse' })
    try {
      const res = await record(await stack.get(`/api/replicaSessions/${stack.sim.demo.runningJobSessionId}`))
      expect(res.status).toBe(502)
      expect(errorOf(res.body).code).toBe('em_unavailable')
      const ready = await record(await stack.get('/api/ready'))
      expect(ready.status).toBe(503)
      expect(errorOf(ready.body).code).toBe('em_unavailable')
      expect(ready.text).not.toContain(stack.sim.url)
    } finally {
      stack.sim.clearFaults()
    }
    expect((await stack.get('/api/ready')).status).toBe(200)
  })

  it('502 em_unavailable when EM answers 503', async () => {
    stack.sim.setFaults({ down: '503' })
    try {
      const res = await record(await stack.get(`/api/replicaSessions/${stack.sim.demo.runningJobSessionId}`))
      expect(res.status).toBe(502)
      expect(errorOf(res.body).code).toBe('em_unavailable')
    } finally {
      stack.sim.clearFaults()
    }
  })

  it('health answers without calling EM', async () => {
    const before = stack.sim.counters().requests
    const res = await record(await stack.get('/api/health'))
    expect(res.status).toBe(200)
    expect(stack.sim.counters().requests).toBe(before)
  })
})

describe('credentials and roles', () => {
  it('502 em_auth_failed for a wrong password', async () => {
    const stack = await startStack({ em: { password: 'wrong-password' } })
    try {
      const res = await record(
        await stack.get(`/api/replicaTaskSessions/${stack.sim.demo.completedTaskSessionId}`),
      )
      expect(res.status).toBe(502)
      expect(errorOf(res.body).code).toBe('em_auth_failed')
      expect(errorOf(res.body).message).toMatch(/EM_USERNAME/)
      seen.push(...stack.logLines())
    } finally {
      await stack.close()
    }
  })

  it('403 em_forbidden for an account without an Enterprise Manager role', async () => {
    const stack = await startStack({
      sim: { restrictedUsername: 'viewer', restrictedPassword: 'Viewer-Passw0rd!' },
      em: { username: 'viewer', password: 'Viewer-Passw0rd!' },
    })
    secrets.add('Viewer-Passw0rd!')
    try {
      const res = await record(await stack.get(`/api/backupServers/${stack.sim.demo.backupServerIds[0]}`))
      expect(res.status).toBe(403)
      expect(errorOf(res.body).code).toBe('em_forbidden')
      seen.push(...stack.logLines())
    } finally {
      await stack.close()
    }
  })
})

describe('TLS', () => {
  const tls = { cert: readFileSync(TEST_CERTS.cert), key: readFileSync(TEST_CERTS.key) }

  it('with EM_CA_FILE the HTTPS simulator is trusted', async () => {
    const stack = await startStack({ sim: { tls }, em: { ca: readFileSync(TEST_CERTS.ca, 'utf8') } })
    try {
      expect(stack.sim.url).toMatch(/^https:/)
      const res = await stack.get(`/api/replicaTaskSessions/${stack.sim.demo.completedTaskSessionId}`)
      expect(res.status).toBe(200)
    } finally {
      await stack.close()
    }
  })

  it.each([
    ['no CA file', undefined],
    ['an unrelated CA', readFileSync(TEST_CERTS.otherCa, 'utf8')],
  ])('an untrusted certificate is refused with em_tls_error (%s)', async (_label, ca) => {
    const stack = await startStack({ sim: { tls }, em: { ca } })
    try {
      const res = await record(
        await stack.get(`/api/replicaTaskSessions/${stack.sim.demo.completedTaskSessionId}`),
      )
      expect(res.status).toBe(502)
      expect(errorOf(res.body).code).toBe('em_tls_error')
      expect(errorOf(res.body).message).toMatch(/EM_CA_FILE/)
      expect(errorOf(res.body).message).toMatch(/EM_TLS_INSECURE/)
      expect(stack.sim.counters().logons).toBe(0)
    } finally {
      await stack.close()
    }
  })

  it('EM_TLS_INSECURE accepts the certificate without a CA file', async () => {
    const stack = await startStack({ sim: { tls }, em: { insecure: true } })
    try {
      expect(
        (await stack.get(`/api/replicaTaskSessions/${stack.sim.demo.completedTaskSessionId}`)).status,
      ).toBe(200)
    } finally {
      await stack.close()
    }
  })
})

describe('no secret anywhere', () => {
  it('no response body, header or log line contains the EM password or an EM token', () => {
    expect(seen.length).toBeGreaterThan(50)
    expect(secrets.size).toBeGreaterThan(2)
    const all = seen.join('\n')
    for (const secret of secrets) expect(all).not.toContain(secret)
  })
})
