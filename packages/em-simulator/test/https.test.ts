import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { TEST_CERTS } from '../src/index.ts'
import { basic, request, sim } from './helpers.ts'

describe('HTTPS', () => {
  it('serves the API over TLS with the test certificate; hrefs use https', async () => {
    const s = await sim({ tls: { cert: readFileSync(TEST_CERTS.cert), key: readFileSync(TEST_CERTS.key) } })
    expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    const ca = readFileSync(TEST_CERTS.ca)
    const entry = await request(`${s.url}/api/`, { ca })
    expect(entry.status).toBe(200)
    expect(entry.text).toContain(`Href="${s.url}/api/sessionMngr/?v=latest"`)
    const logon = await request(`${s.url}/api/sessionMngr/?v=latest`, {
      method: 'POST',
      headers: { Authorization: basic() },
      ca,
    })
    expect(logon.status).toBe(201)
  })

  it('a client trusting another CA refuses the connection', async () => {
    const s = await sim({ tls: { cert: readFileSync(TEST_CERTS.cert), key: readFileSync(TEST_CERTS.key) } })
    const err = await request(`${s.url}/api/`, { ca: readFileSync(TEST_CERTS.otherCa) }).then(
      () => null,
      (e: NodeJS.ErrnoException) => e.code,
    )
    expect(err).toMatch(/CERT|SIGNATURE|ISSUER/)
  })
})
