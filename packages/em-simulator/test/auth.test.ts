import { describe, expect, it } from 'vitest'
import { at, basic, get, logon, manualClock, parseJson, parseXml, request, sim } from './helpers.ts'

const UNAUTH = 'Basic Realm=RestSvc'

describe('logon (POST /api/sessionMngr/)', () => {
  it('answers 201 with the token = base64(SessionId) in the header, the cookie and the body', async () => {
    const s = await sim()
    const r = await request(`${s.url}/api/sessionMngr/?v=latest`, {
      method: 'POST',
      headers: { Authorization: basic() },
    })
    expect(r.status).toBe(201)
    expect(r.statusMessage).toBe('Created')
    expect(r.headers.server).toBe('Microsoft-HTTPAPI/2.0')
    const token = String(r.headers['x-restsvcsessionid'])
    const body = parseXml(r.text)
    const sessionId = String(at(body, 'LogonSession', 'SessionId'))
    expect(sessionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(token).toBe(Buffer.from(sessionId, 'utf8').toString('base64'))
    expect(r.headers['set-cookie']).toEqual([`X-RestSvcSessionId=${token}; Path=/api`])
    expect(at(body, 'LogonSession', 'UserName')).toBe('SIMULATOR\\restapi')
    expect(at(body, 'LogonSession', '@Href')).toBe(`${s.url}/api/logonSessions/${sessionId}`)
  })

  it.each([['v1_7'], ['latest'], [null]])('accepts v=%s', async (v) => {
    const s = await sim()
    const q = v === null ? '' : `?v=${v}`
    const r = await request(`${s.url}/api/sessionMngr/${q}`, {
      method: 'POST',
      headers: { Authorization: basic() },
    })
    expect(r.status).toBe(201)
  })

  it('refuses an unsupported version with 400 and an Error body', async () => {
    const s = await sim()
    const r = await request(`${s.url}/api/sessionMngr/?v=v1_2`, {
      method: 'POST',
      headers: { Authorization: basic() },
    })
    expect(r.status).toBe(400)
    expect(r.statusMessage).toBe('BadRequest')
    expect(at(parseXml(r.text), 'Error', '@StatusCode')).toBe('400')
  })

  it.each([
    ['no Authorization header', undefined],
    ['a wrong password', basic('restapi', 'wrong')],
    ['an unknown user', basic('nobody', 'Sim-Passw0rd!')],
    ['a non-Basic scheme', 'Bearer abc'],
  ])('answers 401 with WWW-Authenticate for %s', async (_label, authorization) => {
    const s = await sim()
    const headers: Record<string, string> = { Accept: 'application/json' }
    if (authorization) headers.Authorization = authorization
    const r = await request(`${s.url}/api/sessionMngr/?v=latest`, { method: 'POST', headers })
    expect(r.status).toBe(401)
    expect(r.headers['www-authenticate']).toBe(UNAUTH)
    expect(r.headers['x-restsvcsessionid']).toBeUndefined()
    expect(parseJson(r).StatusCode).toBe(401)
    expect(s.counters().logons).toBe(0)
  })

  it('uses the configured credentials', async () => {
    const s = await sim({ username: 'svc-em', password: 'Other-Passw0rd!' })
    const bad = await request(`${s.url}/api/sessionMngr/`, {
      method: 'POST',
      headers: { Authorization: basic() },
    })
    expect(bad.status).toBe(401)
    const good = await request(`${s.url}/api/sessionMngr/`, {
      method: 'POST',
      headers: { Authorization: basic('svc-em', 'Other-Passw0rd!') },
    })
    expect(good.status).toBe(201)
  })
})

describe('tokens on resource calls', () => {
  const path = '/backupServers'

  it('401 without a token, with an unknown token, in the requested format', async () => {
    const s = await sim()
    const none = await get(s, path, null)
    expect(none.status).toBe(401)
    expect(none.headers['www-authenticate']).toBe(UNAUTH)
    expect(at(parseXml(none.text), 'Error', '@StatusCode')).toBe('401')
    const unknown = await get(
      s,
      path,
      Buffer.from('00000000-0000-4000-8000-000000000000').toString('base64'),
      true,
    )
    expect(unknown.status).toBe(401)
    expect(unknown.headers['www-authenticate']).toBe(UNAUTH)
    expect(parseJson(unknown).StatusCode).toBe(401)
  })

  it('the header name is case-insensitive', async () => {
    const s = await sim()
    const token = await logon(s)
    const r = await request(`${s.url}/api${path}`, { headers: { 'x-restsvcsessionid': token } })
    expect(r.status).toBe(200)
  })

  it('accepts the cookie alone, and the cookie wins over the header', async () => {
    const s = await sim()
    const token = await logon(s)
    const cookieOnly = await request(`${s.url}/api${path}`, {
      headers: { Cookie: `X-RestSvcSessionId=${token}` },
    })
    expect(cookieOnly.status).toBe(200)
    const goodCookie = await request(`${s.url}/api${path}`, {
      headers: { Cookie: `other=1; X-RestSvcSessionId=${token}`, 'X-RestSvcSessionId': 'bogus' },
    })
    expect(goodCookie.status).toBe(200)
    const badCookie = await request(`${s.url}/api${path}`, {
      headers: { Cookie: 'X-RestSvcSessionId=bogus', 'X-RestSvcSessionId': token },
    })
    expect(badCookie.status).toBe(401)
    expect(badCookie.headers['www-authenticate']).toBe(UNAUTH)
  })

  it('expires after the idle timeout, which slides with every authenticated call', async () => {
    const clock = manualClock()
    const s = await sim({ now: clock.now, idleTimeoutMs: 60_000 })
    const token = await logon(s)
    clock.advance(50_000)
    expect((await get(s, path, token)).status).toBe(200)
    clock.advance(50_000) // 100 s after logon, 50 s after the last call
    expect((await get(s, path, token)).status).toBe(200)
    clock.advance(60_000)
    const expired = await get(s, path, token)
    expect(expired.status).toBe(401)
    expect(expired.headers['www-authenticate']).toBe(UNAUTH)
    expect(s.counters().liveSessions).toBe(0)
  })

  it('expireAllSessions() invalidates every token', async () => {
    const s = await sim()
    const a = await logon(s)
    const b = await logon(s)
    expect(s.counters().liveSessions).toBe(2)
    s.expireAllSessions()
    expect((await get(s, path, a)).status).toBe(401)
    expect((await get(s, path, b)).status).toBe(401)
    expect(s.counters().liveSessions).toBe(0)
  })
})

describe('logon sessions', () => {
  it('lists and reads logon sessions, and DELETE logs off (204, then 401)', async () => {
    const s = await sim()
    const token = await logon(s)
    const other = await logon(s)
    const id = Buffer.from(token, 'base64').toString('utf8')
    const list = parseJson(await get(s, '/logonSessions', token, true))
    const ids = (list.LogonSessions as { SessionId: string }[]).map((x) => x.SessionId)
    expect(ids).toContain(id)
    expect(ids).toHaveLength(2)
    const one = await get(s, `/logonSessions/${id}`, token)
    expect(one.status).toBe(200)
    expect(at(parseXml(one.text), 'LogonSession', 'SessionId')).toBe(id)

    const del = await request(`${s.url}/api/logonSessions/${id}`, {
      method: 'DELETE',
      headers: { 'X-RestSvcSessionId': token },
    })
    expect(del.status).toBe(204)
    expect(del.bytes.length).toBe(0)
    expect(s.counters().logoffs).toBe(1)
    const after = await get(s, '/backupServers', token)
    expect(after.status).toBe(401)
    expect(after.headers['www-authenticate']).toBe(UNAUTH)
    // The other session lives on, and the deleted one is gone from it's view.
    expect((await get(s, `/logonSessions/${id}`, other)).status).toBe(404)
    expect((await get(s, '/backupServers', other)).status).toBe(200)
  })

  it('logon sessions need a token too', async () => {
    const s = await sim()
    const r = await get(s, '/logonSessions', null)
    expect(r.status).toBe(401)
  })
})

describe('an account without an EM role', () => {
  it('logs on (201) but gets 403 with an Error body on every resource call', async () => {
    const s = await sim()
    const token = await logon(s, 'restricted', 'Restricted-Passw0rd!')
    for (const path of [
      '/backupServers',
      `/replicaTaskSessions/${s.demo.completedTaskSessionId}`,
      '/query?type=ReplicaTaskSession',
    ]) {
      const r = await get(s, path, token, true)
      expect(r.status).toBe(403)
      expect(r.statusMessage).toBe('Forbidden')
      expect(parseJson(r).StatusCode).toBe(403)
    }
    // It can still see and end its own logon session.
    const id = Buffer.from(token, 'base64').toString('utf8')
    expect((await get(s, `/logonSessions/${id}`, token)).status).toBe(200)
    const body = parseXml((await get(s, `/logonSessions/${id}`, token)).text)
    expect(at(body, 'LogonSession', 'UserName')).toBe('SIMULATOR\\restricted')
  })
})
