import { describe, expect, it } from 'vitest'
import { basic, get, logon, request, sim } from './helpers.ts'

async function control(url: string, method: string, path: string, body?: unknown) {
  const r = await request(`${url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: r.status, body: r.text ? (JSON.parse(r.text) as Record<string, unknown>) : null }
}

describe('counters', () => {
  it('counts logons, logoffs, live sessions and requests by literal path', async () => {
    const s = await sim()
    const token = await logon(s)
    await logon(s)
    await get(s, `/replicaTaskSessions/${s.demo.completedTaskSessionId}?format=Entity`, token)
    await get(s, `/replicaTaskSessions/${s.demo.completedTaskSessionId}`, token)
    await get(s, '/backupServers', token)
    const id = Buffer.from(token, 'base64').toString('utf8')
    await request(`${s.url}/api/logonSessions/${id}`, {
      method: 'DELETE',
      headers: { 'X-RestSvcSessionId': token },
    })
    const c = s.counters()
    expect(c.logons).toBe(2)
    expect(c.logoffs).toBe(1)
    expect(c.liveSessions).toBe(1)
    expect(c.requests).toBe(6)
    expect(c.requestsByPath).toEqual({
      'POST /api/sessionMngr/': 2,
      [`GET /api/replicaTaskSessions/${s.demo.completedTaskSessionId}`]: 2,
      'GET /api/backupServers': 1,
      [`DELETE /api/logonSessions/${id}`]: 1,
    })
    s.resetCounters()
    expect(s.counters()).toEqual({
      logons: 0,
      logoffs: 0,
      failedLogons: 0,
      liveSessions: 1,
      requests: 0,
      requestsByPath: {},
      byUser: {},
    })
  })
})

describe('control endpoint', () => {
  it('is absent unless enabled: nothing outside /api on the API port', async () => {
    const s = await sim()
    expect(s.controlUrl).toBeNull()
    for (const path of ['/counters', '/faults', '/demo', '/restart']) {
      expect((await request(`${s.url}${path}`)).status).toBe(404)
      expect((await request(`${s.url}${path}`, { method: 'POST' })).status).toBe(404)
    }
  })

  it('serves demo IDs, counters and faults as JSON on its own loopback listener', async () => {
    const s = await sim({ control: true })
    const url = s.controlUrl ?? ''
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(new URL(url).port).not.toBe(String(s.port))
    expect((await request(`${s.url}/counters`)).status).toBe(404)

    expect((await control(url, 'GET', '/demo')).body).toEqual(s.demo)
    await logon(s)
    const counters = await control(url, 'GET', '/counters')
    // Every request on the API port counts, the 404 for /counters above included.
    expect(counters.body).toMatchObject({
      logons: 1,
      liveSessions: 1,
      requests: 2,
      requestsByPath: { 'GET /counters': 1, 'POST /api/sessionMngr/': 1 },
    })
    expect((await control(url, 'POST', '/counters/reset')).body).toMatchObject({ logons: 0, requests: 0 })

    const set = await control(url, 'POST', '/faults', { failureRate: 1, latencyMs: 0 })
    expect(set.status).toBe(200)
    expect(set.body).toMatchObject({ failureRate: 1, down: null, payload: null })
    const token = await logon(s)
    expect((await get(s, '/backupServers', token)).status).toBe(500)
    // Merged, not replaced.
    await control(url, 'POST', '/faults', { payload: 'html-200' })
    expect((await control(url, 'GET', '/faults')).body).toMatchObject({ failureRate: 1, payload: 'html-200' })
    expect((await control(url, 'POST', '/faults', { failureRate: 'lots' })).status).toBe(400)
    expect((await control(url, 'POST', '/faults', { colour: 'red' })).status).toBe(400)
    const cleared = await control(url, 'DELETE', '/faults')
    expect(cleared.body).toEqual({
      latencyMs: 0,
      failureRate: 0,
      down: null,
      payload: null,
      oversizedBytes: 52_428_800,
    })
    expect((await get(s, '/backupServers', token)).status).toBe(200)
    expect((await control(url, 'GET', '/nothing')).status).toBe(404)
  })

  it('expires sessions and restarts the API', async () => {
    const s = await sim({ control: true })
    const url = s.controlUrl ?? ''
    const a = await logon(s)
    expect((await control(url, 'POST', '/sessions/expire')).status).toBe(200)
    expect((await get(s, '/backupServers', a)).status).toBe(401)
    const b = await logon(s)
    expect((await control(url, 'POST', '/restart')).status).toBe(200)
    expect((await get(s, '/backupServers', b)).status).toBe(401)
    expect((await logon(s)).length).toBeGreaterThan(0)
  })

  it('keeps answering while the API refuses connections; DELETE /faults brings the API back', async () => {
    const s = await sim({ control: { port: 0 } })
    const url = s.controlUrl ?? ''
    const token = await logon(s)
    await control(url, 'POST', '/faults', { down: 'refuse' })
    const err = await request(`${s.url}/api/`).then(
      () => null,
      (e: NodeJS.ErrnoException) => e.code,
    )
    expect(err).toBe('ECONNREFUSED')
    expect((await control(url, 'GET', '/faults')).body).toMatchObject({ down: 'refuse' })
    await control(url, 'DELETE', '/faults')
    // The control call returns once the API listens again, on the same port.
    expect((await get(s, '/backupServers', token)).status).toBe(200)
    const relogon = await request(`${s.url}/api/sessionMngr/`, {
      method: 'POST',
      headers: { Authorization: basic() },
    })
    expect(relogon.status).toBe(201)
  })
})
