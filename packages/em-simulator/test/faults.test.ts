import http from 'node:http'
import { XMLValidator } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { DEFAULT_FAULTS, type RunningSimulator } from '../src/index.ts'
import { at, basic, get, logon, manualClock, parseJson, parseXml, request, sim } from './helpers.ts'

async function setup() {
  const clock = manualClock()
  const s = await sim({ now: clock.now })
  return { s, token: await logon(s) }
}

const taskPath = (s: RunningSimulator) =>
  `/replicaTaskSessions/${s.demo.completedTaskSessionId}?format=Entity`

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 5))
  if (!cond()) throw new Error('condition never became true')
}

describe('faults', () => {
  it('defaults: no faults, 50 MiB oversized bodies', () => {
    expect(DEFAULT_FAULTS).toEqual({
      latencyMs: 0,
      failureRate: 0,
      down: null,
      payload: null,
      oversizedBytes: 50 * 1024 * 1024,
    })
  })

  it('latencyMs holds every /api answer back (even the entry point)', async () => {
    const { s } = await setup()
    s.setFaults({ latencyMs: 60_000 })
    let settled = false
    const pending = request(`${s.url}/api/`).then(
      () => {
        settled = true
      },
      () => {
        settled = true
      },
    )
    await until(() => s.counters().requests > 0)
    // Received, not answered: other work still gets through the event loop meanwhile.
    await new Promise((r) => setTimeout(r, 50))
    expect(settled).toBe(false)
    await s.close()
    await pending
    expect(settled).toBe(true)
  })

  it('failureRate 1: every resource call answers 500 with an Error body; logon and logonSessions are spared', async () => {
    const { s, token } = await setup()
    s.setFaults({ failureRate: 1 })
    const xml = await get(s, taskPath(s), token)
    expect(xml.status).toBe(500)
    expect(xml.statusMessage).toBe('InternalServerError')
    expect(at(parseXml(xml.text), 'Error', '@StatusCode')).toBe('500')
    const json = await get(s, '/query?type=ReplicaTaskSession', token, true)
    expect(json.status).toBe(500)
    expect(parseJson(json).StatusCode).toBe(500)
    expect((await request(`${s.url}/api/`)).status).toBe(200)
    expect((await get(s, '/logonSessions', token)).status).toBe(200)
    const again = await request(`${s.url}/api/sessionMngr/?v=latest`, {
      method: 'POST',
      headers: { Authorization: basic() },
    })
    expect(again.status).toBe(201)
  })

  it('failureRate 0.5 fails some calls and not others', async () => {
    const { s, token } = await setup()
    s.setFaults({ failureRate: 0.5 })
    const statuses = new Set<number>()
    for (let i = 0; i < 40; i++) statuses.add((await get(s, '/backupServers', token)).status)
    expect(statuses).toEqual(new Set([200, 500]))
  })

  it("down '503': every /api call answers 503 with an Error body until cleared", async () => {
    const { s, token } = await setup()
    s.setFaults({ down: '503' })
    for (const r of [
      await request(`${s.url}/api/`),
      await request(`${s.url}/api/sessionMngr/?v=latest`, {
        method: 'POST',
        headers: { Authorization: basic() },
      }),
      await get(s, '/backupServers', token, true),
    ]) {
      expect(r.status).toBe(503)
      expect(r.statusMessage).toBe('ServiceUnavailable')
    }
    expect(parseJson(await get(s, '/backupServers', token, true)).StatusCode).toBe(503)
    s.clearFaults()
    expect((await get(s, '/backupServers', token)).status).toBe(200)
  })

  it("down 'refuse': ECONNREFUSED, and clearing it brings the API back on the same port", async () => {
    const { s, token } = await setup()
    s.setFaults({ down: 'refuse' })
    await until(() => true)
    const refused = await request(`${s.url}/api/`).then(
      () => null,
      (err: NodeJS.ErrnoException) => err.code,
    )
    expect(refused).toBe('ECONNREFUSED')
    s.clearFaults()
    let back = await request(`${s.url}/api/`).catch(() => null)
    for (let i = 0; i < 100 && !back; i++) {
      await new Promise((r) => setTimeout(r, 10))
      back = await request(`${s.url}/api/`).catch(() => null)
    }
    expect(back?.status).toBe(200)
    expect(new URL(s.url).port).toBe(String(s.port))
    expect((await get(s, '/backupServers', token)).status).toBe(200)
  })

  it('restart(): same port and data, every token invalid', async () => {
    const { s, token } = await setup()
    const before = (await get(s, taskPath(s), token)).text
    await s.restart()
    const stale = await get(s, '/backupServers', token)
    expect(stale.status).toBe(401)
    const fresh = await logon(s)
    expect((await get(s, taskPath(s), fresh)).text).toBe(before)
  })

  it('restart() drops open keep-alive connections', async () => {
    const { s, token } = await setup()
    const agent = new http.Agent({ keepAlive: true })
    const open = () =>
      new Promise<http.IncomingMessage>((resolve, reject) => {
        http
          .get(`${s.url}/api/backupServers`, { agent, headers: { 'X-RestSvcSessionId': token } }, resolve)
          .on('error', reject)
      })
    const res = await open()
    res.resume()
    await new Promise((r) => res.on('end', r))
    let closedSockets = 0
    for (const list of Object.values(agent.freeSockets))
      for (const sock of list ?? []) sock.on('close', () => closedSockets++)
    await s.restart()
    await until(() => closedSockets > 0)
    agent.destroy()
  })
})

describe('payload faults', () => {
  async function both(s: RunningSimulator, token: string, json: boolean) {
    const clean = await get(s, taskPath(s), token, json)
    return clean
  }

  it('malformed: broken XML and broken JSON, in the requested format', async () => {
    const { s, token } = await setup()
    s.setFaults({ payload: 'malformed' })
    const xml = await get(s, taskPath(s), token)
    expect(xml.status).toBe(200)
    expect(xml.headers['content-type']).toBe('application/xml; charset=utf-8')
    expect(XMLValidator.validate(xml.text)).not.toBe(true)
    const json = await get(s, taskPath(s), token, true)
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(() => JSON.parse(json.text.replace(/^\uFEFF/, ''))).toThrow()
    expect(Number(json.headers['content-length'])).toBe(json.bytes.length)
  })

  it('truncated: the first half of a valid body, Content-Length matching', async () => {
    const { s, token } = await setup()
    for (const json of [false, true]) {
      const full = await both(s, token, json)
      s.setFaults({ payload: 'truncated' })
      const cut = await get(s, taskPath(s), token, json)
      s.clearFaults()
      expect(cut.status).toBe(200)
      expect(cut.bytes.length).toBe(Math.floor(full.bytes.length / 2))
      expect(Number(cut.headers['content-length'])).toBe(cut.bytes.length)
      expect(full.bytes.subarray(0, cut.bytes.length).equals(cut.bytes)).toBe(true)
    }
  })

  it('billion-laughs: an entity-expansion XML document even when JSON was asked', async () => {
    const { s, token } = await setup()
    s.setFaults({ payload: 'billion-laughs' })
    const r = await get(s, taskPath(s), token, true)
    expect(r.status).toBe(200)
    expect(r.headers['content-type']).toBe('application/xml; charset=utf-8')
    expect(r.text).toContain('<!DOCTYPE')
    expect(r.text).toMatch(/<!ENTITY lol9 "(&lol8;){10}">/)
    expect(r.text).toContain('&lol9;')
  })

  it('oversized: a plausible body of exactly oversizedBytes, streamed', async () => {
    const { s, token } = await setup()
    const size = 1024 * 1024 + 17
    s.setFaults({ payload: 'oversized', oversizedBytes: size })
    const xml = await get(s, '/replicaTaskSessions?format=Entity', token)
    expect(xml.status).toBe(200)
    expect(Number(xml.headers['content-length'])).toBe(size)
    expect(xml.bytes.length).toBe(size)
    expect(XMLValidator.validate(xml.text)).toBe(true)
    const json = await get(s, '/replicaTaskSessions?format=Entity', token, true)
    expect(json.bytes.length).toBe(size)
    const parsed = JSON.parse(json.text.replace(/^\uFEFF/, '')) as { ReplicaTaskSessions: unknown[] }
    expect(parsed.ReplicaTaskSessions.length).toBeGreaterThan(100)
  })

  it('deep-nesting: 100 000 nested elements or arrays', async () => {
    const { s, token } = await setup()
    s.setFaults({ payload: 'deep-nesting' })
    const xml = await get(s, taskPath(s), token)
    expect(xml.text.split('<Links>').length - 1).toBe(100_000)
    const json = await get(s, taskPath(s), token, true)
    const text = json.text.replace(/^\uFEFF/, '')
    expect(text.split('[').length - 1).toBe(100_000)
    expect(text.split(']').length - 1).toBe(100_000)
  })

  it('html-200: an HTML error page with status 200 and text/html', async () => {
    const { s, token } = await setup()
    s.setFaults({ payload: 'html-200' })
    const r = await get(s, taskPath(s), token, true)
    expect(r.status).toBe(200)
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(r.text.startsWith('<!DOCTYPE html>')).toBe(true)
  })

  it('wrong-content-type: the valid body labelled text/plain', async () => {
    const { s, token } = await setup()
    const full = await both(s, token, false)
    s.setFaults({ payload: 'wrong-content-type' })
    const r = await get(s, taskPath(s), token)
    expect(r.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(r.text).toBe(full.text)
  })

  it('trickle: headers, then a byte at a time until the client leaves; close() ends it', async () => {
    const { s, token } = await setup()
    s.setFaults({ payload: 'trickle' })
    const first = await new Promise<{ status: number; chunk: Buffer; req: http.ClientRequest }>(
      (resolve, reject) => {
        const req = http.get(
          `${s.url}/api${taskPath(s)}`,
          { headers: { 'X-RestSvcSessionId': token } },
          (res) => {
            res.once('data', (chunk: Buffer) => resolve({ status: res.statusCode ?? 0, chunk, req }))
          },
        )
        req.on('error', reject)
      },
    )
    expect(first.status).toBe(200)
    expect(first.chunk.toString()).toBe('<')
    first.req.destroy()
    // A second trickling client is still connected when the simulator closes: close() must not hang.
    const second = new Promise<void>((resolve) => {
      const req = http.get(
        `${s.url}/api${taskPath(s)}`,
        { headers: { 'X-RestSvcSessionId': token } },
        (res) => {
          res.on('data', () => {})
          res.on('close', () => resolve())
        },
      )
      req.on('error', () => resolve())
    })
    await until(() => s.counters().requests >= 3)
    await s.close()
    await second
  })

  it('payload faults leave errors, logon and the entry point alone', async () => {
    const { s, token } = await setup()
    s.setFaults({ payload: 'malformed' })
    expect(XMLValidator.validate((await request(`${s.url}/api/`)).text)).toBe(true)
    const missing = await get(s, '/replicaTaskSessions/00000000-0000-4000-8000-000000000000', token)
    expect(missing.status).toBe(404)
    expect(XMLValidator.validate(missing.text)).toBe(true)
    const logonReply = await request(`${s.url}/api/sessionMngr/?v=latest`, {
      method: 'POST',
      headers: { Authorization: basic() },
    })
    expect(XMLValidator.validate(logonReply.text)).toBe(true)
  })

  it('rejects invalid fault settings', async () => {
    const { s } = await setup()
    expect(() => s.setFaults({ failureRate: 2 })).toThrow(/failureRate/)
    expect(() => s.setFaults({ payload: 'gzip-bomb' as never })).toThrow(/payload/)
  })
})
