import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_CONTENT_SECURITY_POLICY } from '../src/answers.ts'
import { generateBadIds } from './bad-input.ts'
import { type Stack, startStack } from './stack.ts'

const ROUTES = [
  (id: string) => `/api/replicaTaskSessions/${id}`,
  (id: string) => `/api/replicaSessions/${id}`,
  (id: string) => `/api/replicaSessions/${id}/replicaTaskSessions`,
  (id: string) => `/api/backupServers/${id}`,
]

/** A GET with the path sent byte for byte as given (no client-side normalisation of `..` or escapes). */
function rawGet(
  base: string,
  path: string,
): Promise<{ status: number; type: string; body: string; csp: unknown; nosniff: unknown }> {
  const url = new URL(base)
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => {
        body += c
      })
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type']),
          body,
          csp: res.headers['content-security-policy'],
          nosniff: res.headers['x-content-type-options'],
        }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

const EXPECTED_EM_CALLS = [
  /^POST \/api\/sessionMngr\/$/,
  /^GET \/api\/replicaTaskSessions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  /^GET \/api\/replicaSessions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\/replicaTaskSessions)?$/,
  /^GET \/api\/backupServers\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
]

describe('bad input at the BFF', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack()
  })
  afterAll(() => stack.close())

  it('at least 200 generated IDs on every route each get a 400 or 404 JSON error, and EM sees only expected calls', async () => {
    const ids = generateBadIds()
    expect(ids.length).toBeGreaterThanOrEqual(200)
    const outcomes = new Map<string, number>()
    for (const id of ids) {
      for (const route of ROUTES) {
        // As a client puts an ID into a URL: percent-encoded as one path segment…
        const encoded = await rawGet(stack.bff.url, route(encodeURIComponent(id)))
        // …and, where it is printable ASCII, as typed (traversal and escapes reach the server as they are;
        // what HTTP does not allow in a path is refused by the server's parser, still as a JSON 400).
        const asTyped = /^[\x21-\x7e]*$/.test(id) ? [await rawGet(stack.bff.url, route(id))] : []
        for (const res of [encoded, ...asTyped]) {
          const key = `${res.status}`
          outcomes.set(key, (outcomes.get(key) ?? 0) + 1)
          if (res.type.startsWith('application/json')) {
            const body = JSON.parse(res.body) as { error?: { code: string; message: string } }
            expect([400, 404], `${route(id)} → ${res.status}`).toContain(res.status)
            expect(['invalid_id', 'not_found']).toContain(body.error?.code)
            expect(body.error?.message.length).toBeGreaterThan(10)
            // From the app, the lookup fast path, or the server's own refusal of a malformed request alike.
            expect(res.csp, route(id)).toBe(API_CONTENT_SECURITY_POLICY)
            expect(res.nosniff, route(id)).toBe('nosniff')
          } else {
            // A path the client did not keep under /api (e.g. `../../x` normalised away): not an API answer at
            // all, so it must not be a success either.
            expect(res.status, `${route(id)} → ${res.status} ${res.type}`).toBe(404)
          }
        }
      }
    }
    expect(outcomes.get('400')).toBeGreaterThan(800)
    const calls = Object.keys(stack.sim.counters().requestsByPath)
    expect(calls.filter((c) => !EXPECTED_EM_CALLS.some((re) => re.test(c)))).toEqual([])
  })

  it('the simulator control endpoint is never reachable through the BFF', async () => {
    const before = stack.sim.counters().requestsByPath
    for (const path of [
      '/__control/counters',
      '/api/__control/counters',
      '/api/../__control/faults',
      '/api/%2e%2e/__control/demo',
      '/api/replicaTaskSessions/..%2F..%2F__control%2Fcounters',
    ]) {
      const res = await rawGet(stack.bff.url, path)
      expect(res.status, path).toBe(path.startsWith('/api/replicaTaskSessions') ? 400 : 404)
      expect(res.body).not.toMatch(/logons|liveSessions/)
    }
    const after = stack.sim.counters().requestsByPath
    expect(after).toEqual(before)
  })
})
