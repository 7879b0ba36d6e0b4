import { readFileSync } from 'node:fs'
import net from 'node:net'
import tls from 'node:tls'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { isBffError } from './errors.ts'
import { EmTransport, type EmTransportOptions } from './transport.ts'

// EM's transport faults that a well-behaved simulator never produces, played by a raw TCP server: each test says
// what the server writes on the wire and what the caller must get.
type Script = (socket: net.Socket, request: string) => void

type Wire = {
  origin: string
  /** Every request head the server has read, in order. */
  requests: string[]
  /** Connections accepted so far. */
  connections: () => number
}

const servers: net.Server[] = []
const transports: EmTransport[] = []

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()))
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.close(() => resolve())
          // Sockets a test left hanging on purpose.
          for (const k of (s as net.Server & { sockets?: Set<net.Socket> }).sockets ?? []) k.destroy()
        }),
    ),
  )
})

async function wire(script: Script, options: { tls?: { cert: string; key: string } } = {}): Promise<Wire> {
  const sockets = new Set<net.Socket>()
  const requests: string[] = []
  let connections = 0
  const onSocket = (socket: net.Socket) => {
    connections++
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    let buffered = ''
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1')
      // One request at a time, no bodies: a request ends at its blank line.
      let end = buffered.indexOf('\r\n\r\n')
      while (end >= 0) {
        const request = buffered.slice(0, end)
        buffered = buffered.slice(end + 4)
        requests.push(request)
        script(socket, request)
        end = buffered.indexOf('\r\n\r\n')
      }
    })
  }
  const server = options.tls
    ? tls.createServer({ cert: options.tls.cert, key: options.tls.key }, onSocket)
    : net.createServer(onSocket)
  server.on('tlsClientError', () => {})
  Object.assign(server, { sockets })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  return {
    origin: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    connections: () => connections,
  }
}

function transport(origin: string, options: Partial<EmTransportOptions> = {}): EmTransport {
  const t = new EmTransport({ origin, timeoutMs: 1000, maxConnections: 6, ...options })
  transports.push(t)
  return t
}

const get = (t: EmTransport, path = '/api/x', maxBytes = 1024) =>
  t.request({ method: 'GET', path, headers: { Accept: 'application/xml' }, maxBytes })

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise
  } catch (error) {
    if (!isBffError(error)) throw error
    return { code: error.code, message: error.message }
  }
  throw new Error('the call succeeded')
}

/** The BffError code a call ends with, or 'ok'. */
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (error: unknown) => (isBffError(error) ? error.code : `thrown: ${String(error)}`),
  )

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const answer = (body: string, extra = '') =>
  `HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`

describe('EmTransport, the transport to EM', () => {
  it('returns status, headers and body, and keeps connections alive', async () => {
    const em = await wire((socket) => socket.write(answer('<a>1</a>', 'X-RestSvcSessionId: tok\r\n')))
    const t = transport(em.origin)
    const first = await get(t, '/api/first?format=Entity')
    const second = await get(t)
    for (let i = 0; i < 8; i++) await get(t)
    expect(first.status).toBe(200)
    expect(first.headers['content-type']).toBe('application/xml')
    // Header names come lower-cased whatever case EM wrote them in.
    expect(first.headers['x-restsvcsessionid']).toBe('tok')
    expect(Buffer.isBuffer(first.body)).toBe(true)
    expect(first.body.toString()).toBe('<a>1</a>')
    expect(second.body.toString()).toBe('<a>1</a>')
    expect(em.requests[0]).toMatch(/^GET \/api\/first\?format=Entity HTTP\/1\.1\r\n/)
    expect(em.requests[0]).toMatch(/\r\naccept: application\/xml/i)
    // Keep-alive: ten calls one after another over at most two connections (undici frees a connection for the
    // next call one turn of the event loop after the answer, so the call right after may open a second one).
    expect(em.requests).toHaveLength(10)
    expect(em.connections()).toBeLessThanOrEqual(2)
  })

  it('sends the method, and only to its origin (a path and base URL with a path are ignored)', async () => {
    const em = await wire((socket) =>
      socket.write('HTTP/1.1 204 No Content\r\nX-RestSvcSessionId: gone\r\n\r\n'),
    )
    const t = transport(`${em.origin}/api/ignored?x=1`)
    expect(t.origin).toBe(em.origin)
    const res = await t.request({
      method: 'DELETE',
      path: '/api/logonSessions/abc',
      headers: {},
      maxBytes: 10,
    })
    expect(res.status).toBe(204)
    expect(res.body.length).toBe(0)
    expect(em.requests[0]).toMatch(/^DELETE \/api\/logonSessions\/abc HTTP\/1\.1\r\n/)
  })

  it('gives a repeated header once (the first that is not empty) and cookies as a list', async () => {
    const em = await wire((socket) =>
      socket.write(
        answer(
          '<a/>',
          'X-RestSvcSessionId: first\r\nX-RestSvcSessionId: second\r\nContent-Type: text/html\r\nSet-Cookie: a=1\r\nLocation: \r\nLocation: /api/\r\n',
        ),
      ),
    )
    const res = await get(transport(em.origin))
    expect(res.headers['x-restsvcsessionid']).toBe('first')
    expect(res.headers['content-type']).toBe('application/xml')
    expect(res.headers['set-cookie']).toEqual(['a=1'])
    // An empty first copy does not hide the value.
    expect(res.headers.location).toBe('/api/')

    const two = await wire((socket) =>
      socket.write(answer('<a/>', 'Set-Cookie: a=1; Path=/\r\nSet-Cookie: b=2; HttpOnly\r\n')),
    )
    expect((await get(transport(two.origin))).headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; HttpOnly'])
  })

  it("1xx as undici's public API handles them: a 103 is skipped for the final answer; a 100 Continue nobody asked for is em_bad_response", async () => {
    const hints = await wire((socket) =>
      socket.write(`HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n${answer('<b/>')}`),
    )
    const res = await get(transport(hints.origin))
    expect(res.status).toBe(200)
    expect(res.body.toString()).toBe('<b/>')
    // undici drops the connection with "bad response" on an unasked 100 (client-h1 onHeadersComplete).
    const unasked = await wire((socket) => socket.write(`HTTP/1.1 100 Continue\r\n\r\n${answer('<b/>')}`))
    expect(await failure(get(transport(unasked.origin)))).toMatchObject({
      code: 'em_bad_response',
      message: expect.stringMatching(/not valid HTTP/),
    })
  })

  it('joins a chunked answer', async () => {
    const em = await wire((socket) =>
      socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n<a>\r\n4\r\n</a>\r\n0\r\n\r\n'),
    )
    expect((await get(transport(em.origin))).body.toString()).toBe('<a></a>')
  })

  it('joins an answer with a Content-Length that arrives in pieces; a body kept as it arrived stays intact', async () => {
    const body = `<a>${'y'.repeat(300)}</a>`
    const em = await wire((socket, request) => {
      if (request.startsWith('GET /api/pieces')) {
        socket.write(answer(body).slice(0, -200))
        setTimeout(() => socket.write(body.slice(-200, -100)), 15)
        setTimeout(() => socket.write(body.slice(-100)), 30)
      } else socket.write(answer(request.startsWith('GET /api/one') ? '<one/>' : '<two/>'))
    })
    const t = transport(em.origin, { maxConnections: 1 })
    const pieces = await get(t, '/api/pieces')
    expect(pieces.body.toString()).toBe(body)
    // One chunk each, on the same connection: the first answer's bytes are not those of the next read.
    const one = await get(t, '/api/one')
    const two = await get(t, '/api/two')
    expect([one.body.toString(), two.body.toString()]).toEqual(['<one/>', '<two/>'])
    expect(pieces.body.toString()).toBe(body)
    expect(em.connections()).toBe(1)
  })

  it('em_bad_response when EM closes the connection in the middle of its answer', async () => {
    const em = await wire((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n<EntityRef')
      setTimeout(() => socket.destroy(), 20)
    })
    const error = await failure(get(transport(em.origin)))
    expect(error.code).toBe('em_bad_response')
    expect(error.message).toMatch(/middle of its answer/)
  })

  it('em_bad_response when EM closes in the middle of a chunked answer', async () => {
    const em = await wire((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n<a>\r\n')
      setTimeout(() => socket.destroy(), 20)
    })
    expect((await failure(get(transport(em.origin)))).code).toBe('em_bad_response')
  })

  it('em_unavailable when EM closes the connection before answering', async () => {
    const em = await wire((socket) => socket.destroy())
    const error = await failure(get(transport(em.origin)))
    expect(error.code).toBe('em_unavailable')
    expect(error.message).not.toMatch(/ at |\n/)
  })

  it('em_bad_response when what comes back is not HTTP', async () => {
    const em = await wire((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'))
    const error = await failure(get(transport(em.origin)))
    expect(error.code).toBe('em_bad_response')
    expect(error.message).toMatch(/not valid HTTP/)
  })

  it('refuses an answer that announces more than maxBytes, and one that sends more without announcing it', async () => {
    const announced = await wire((socket) =>
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n${'x'.repeat(100)}`),
    )
    expect(await failure(get(transport(announced.origin)))).toMatchObject({
      code: 'em_bad_response',
      message: expect.stringMatching(/larger than/),
    })
    const chunk = 'x'.repeat(600)
    const unannounced = await wire((socket) =>
      socket.write(
        `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n${chunk}\r\n258\r\n${chunk}\r\n0\r\n\r\n`,
      ),
    )
    expect(await failure(get(transport(unannounced.origin)))).toMatchObject({
      code: 'em_bad_response',
      message: expect.stringMatching(/larger than/),
    })
  })

  it('the cap is per call: exactly maxBytes passes, one byte more does not, and a larger cap takes it', async () => {
    // Chunked, so the cap is met while reading (an announced length is refused before reading: see below).
    const chunk = 'x'.repeat(500)
    const em = await wire((socket) =>
      socket.write(
        `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1f4\r\n${chunk}\r\n1f4\r\n${chunk}\r\n0\r\n\r\n`,
      ),
    )
    const t = transport(em.origin)
    expect((await get(t, '/api/x', 1000)).body.length).toBe(1000)
    expect((await failure(get(t, '/api/x', 999))).code).toBe('em_bad_response')
    expect((await get(t, '/api/x', 5000)).body.toString()).toBe('x'.repeat(1000))
  })

  it('refusing an announced oversize answer that has already arrived whole raises no uncaught exception', async () => {
    // transport.ts calls res.body.destroy() with no error listener; undici's BodyReadable then emits a
    // RequestAbortedError ('error' event) that nobody handles: an uncaught exception, which ends a Node process.
    const uncaught: unknown[] = []
    const onUncaught = (error: unknown) => uncaught.push(error)
    process.on('uncaughtException', onUncaught)
    try {
      const em = await wire((socket) => socket.write(answer('x'.repeat(1000))))
      const t = transport(em.origin)
      expect(await failure(get(t, '/api/x', 999))).toMatchObject({
        code: 'em_bad_response',
        message: expect.stringMatching(/larger than/),
      })
      await sleep(100)
      expect((await get(t, '/api/x', 1000)).body.length).toBe(1000)
    } finally {
      process.off('uncaughtException', onUncaught)
    }
    expect(uncaught.map((e) => String(e))).toEqual([])
  })

  it('em_timeout at the deadline when EM sends headers and then trickles, and the next call still works', async () => {
    let calls = 0
    const em = await wire((socket) => {
      calls++
      if (calls > 1) {
        socket.write(answer('<ok/>'))
        return
      }
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n')
      const drip = setInterval(() => (socket.destroyed ? clearInterval(drip) : socket.write('x')), 50)
      socket.on('close', () => clearInterval(drip))
    })
    const t = transport(em.origin, { timeoutMs: 300 })
    const error = await failure(get(t))
    expect(error.code).toBe('em_timeout')
    expect(error.message).toMatch(/300 ms/)
    expect((await get(t)).body.toString()).toBe('<ok/>')
  })

  it('em_timeout at the deadline when EM accepts the call and never answers', async () => {
    const em = await wire(() => {})
    expect((await failure(get(transport(em.origin, { timeoutMs: 200 })))).code).toBe('em_timeout')
    expect(em.requests).toHaveLength(1)
  })

  it('the deadline also covers waiting for a free connection: a waiting call leaves at its deadline and is never sent', async () => {
    // One connection, held by a call EM answers only after 1.5 s. With one timeout for every call, a waiter's
    // deadline comes after the holder's, so the holder always frees the slot first; to have waiters whose
    // deadline passes while the slot is still taken, they are started with a shorter timeout than the holder's
    // (EmTransport reads timeoutMs per call).
    const em = await wire((socket, request) => {
      if (!request.startsWith('GET /api/holder ')) socket.write(answer('<ok/>'))
      else setTimeout(() => socket.destroyed || socket.write(answer('<slow/>')), 1500)
    })
    const t = transport(em.origin, { timeoutMs: 5000, maxConnections: 1 })
    const holder = get(t, '/api/holder')
    await sleep(50)
    expect(em.requests).toHaveLength(1)
    Object.assign(t, { timeoutMs: 200 })
    const started = performance.now()
    const waiters = await Promise.all([1, 2, 3].map((i) => failure(get(t, `/api/waiter${i}`))))
    expect(waiters.map((e) => e.code)).toEqual(['em_timeout', 'em_timeout', 'em_timeout'])
    // Well before the holder's answer: they did not wait for the slot.
    expect(performance.now() - started).toBeLessThan(1000)
    expect((await holder).body.toString()).toBe('<slow/>')
    // Once the slot is free, nothing abandoned is sent late, nor a connection opened for it.
    await sleep(100)
    expect(em.requests.map((r) => r.split(' ')[1])).toEqual(['/api/holder'])
    expect(em.connections()).toBe(1)
    // And the slot is free for the next call.
    expect((await get(t, '/api/next')).body.toString()).toBe('<ok/>')
  })

  it('after EM stalls past the deadline of more calls than there are connections, it recovers at once, without a burst of connections', async () => {
    // undici alone keeps a timed-out call queued until a connection is free and then opens one just to drop
    // it: 20 timed-out calls meant 20 more connections (TLS handshakes on a real EM) and fresh calls failing
    // behind them. Calls beyond the connection limit wait in EmTransport, which drops them at their deadline.
    let stalled = true
    const em = await wire((socket) => {
      if (!stalled) socket.write(answer('<ok/>'))
    })
    const t = transport(em.origin, { timeoutMs: 200, maxConnections: 2 })
    const calls = Array.from({ length: 20 }, () => failure(get(t)))
    for (const error of await Promise.all(calls)) expect(error.code).toBe('em_timeout')
    stalled = false
    const res = await get(t)
    expect(res.body.toString()).toBe('<ok/>')
    // Let any connection undici would still open for an abandoned call arrive before counting.
    await sleep(100)
    // The two stalled connections (closed when their calls were abandoned), at most one more per connection for
    // a waiting call whose timer had not yet run when a connection came free, and the one that answered: bounded
    // by the connection limit, not by the number of calls that timed out (undici alone: one per call).
    expect(em.connections()).toBeLessThanOrEqual(2 * 2 + 1)
    expect(em.requests.length).toBeLessThanOrEqual(2 * 2 + 1)
  })

  it('calls beyond the connection limit wait their turn and are all answered; never more than maxConnections reach EM', async () => {
    const busy = new Set<net.Socket>()
    let most = 0
    const em = await wire((socket) => {
      busy.add(socket)
      most = Math.max(most, busy.size)
      setTimeout(() => {
        busy.delete(socket)
        socket.write(answer('<ok/>'))
      }, 5)
    })
    const t = transport(em.origin, { maxConnections: 3 })
    const all = await Promise.all(Array.from({ length: 30 }, () => get(t)))
    expect(all.map((r) => r.body.toString())).toEqual(Array(30).fill('<ok/>'))
    expect(em.requests).toHaveLength(30)
    // Three at a time, over the same three connections.
    expect(most).toBe(3)
    expect(em.connections()).toBeLessThanOrEqual(3)
  })

  it('em_bad_response, sending nothing, when a header value cannot be sent (a token with a line break); the next call works', async () => {
    const em = await wire((socket) => socket.write(answer('<ok/>')))
    const t = transport(em.origin)
    const error = await failure(
      t.request({
        method: 'GET',
        path: '/api/x',
        headers: { 'X-RestSvcSessionId': 'abc\r\nX-Evil: 1' },
        maxBytes: 1024,
      }),
    )
    expect(error.code).toBe('em_bad_response')
    expect(error.message).not.toContain('abc')
    expect(em.requests).toHaveLength(0)
    expect((await get(t)).status).toBe(200)
    expect(em.requests.join('\n')).not.toMatch(/X-Evil/i)
  })

  // undici's Pool marks a connection busy for good when dispatching to it throws (an invalid header value is
  // refused by Client.dispatch, which answers false: the pool sets kNeedDrain on that client, and no drain ever
  // comes). A call then queued inside the pool is not even ended by its abort signal (undici only aborts a
  // request once it is dispatched), so it hangs past its deadline, holding one of EmTransport's slots.
  const settle = (p: Promise<unknown>, ms: number) =>
    Promise.race([outcome(p), sleep(ms).then(() => 'still waiting long past its deadline')])

  it('a call with an unsendable value that waited for a connection does not take that connection out', async () => {
    const em = await wire((socket) => {
      setTimeout(() => socket.write(answer('<ok/>')), 30)
    })
    const t = transport(em.origin, { maxConnections: 1, timeoutMs: 300 })
    const bad = () =>
      settle(
        t.request({
          method: 'GET',
          path: '/api/x',
          headers: { 'X-RestSvcSessionId': 'a\r\nb: 1' },
          maxBytes: 1024,
        }),
        1500,
      )
    expect(await Promise.all([settle(get(t), 1500), bad(), bad()])).toEqual([
      'ok',
      'em_bad_response',
      'em_bad_response',
    ])
    expect(await Promise.all([settle(get(t), 1500), settle(get(t), 1500)])).toEqual(['ok', 'ok'])
  })

  it('as many unsendable calls as there are connections, one after another, leave EM reachable', async () => {
    const em = await wire((socket) => socket.write(answer('<ok/>')))
    const t = transport(em.origin, { maxConnections: 2, timeoutMs: 300 })
    expect(await settle(get(t), 1500)).toBe('ok')
    for (let i = 0; i < 2; i++) {
      const bad = t.request({
        method: 'GET',
        path: '/api/x',
        headers: { 'X-RestSvcSessionId': `bad${i}\nX-Evil: 1` },
        maxBytes: 1024,
      })
      expect(await settle(bad, 1500)).toBe('em_bad_response')
    }
    expect(await settle(get(t), 1500)).toBe('ok')
  })

  it('close() ends every waiting call at once with em_unavailable, and later calls too', async () => {
    const em = await wire(() => {})
    const t = transport(em.origin, { maxConnections: 2, timeoutMs: 30_000 })
    const calls = Array.from({ length: 5000 }, () => failure(get(t)))
    await sleep(50)
    await t.close()
    // Had any been left waiting, it would end in em_timeout after 30 s and this test would time out first.
    const errors = await Promise.all(calls)
    expect(new Set(errors.map((e) => e.code))).toEqual(new Set(['em_unavailable']))
    // The waiting ones were never sent.
    expect(em.requests.length).toBeLessThanOrEqual(2)
    expect(await failure(get(t))).toMatchObject({
      code: 'em_unavailable',
      message: expect.stringMatching(/shutting down/),
    })
  })

  it('em_unavailable when nothing listens at EM_URL', async () => {
    const em = await wire(() => {})
    await new Promise<void>((resolve) => servers.pop()?.close(() => resolve()))
    const error = await failure(get(transport(em.origin)))
    expect(error.code).toBe('em_unavailable')
    expect(error.message).toMatch(/ECONNREFUSED/)
  })
})

describe('EmTransport over TLS', () => {
  const cert = (name: string) =>
    readFileSync(
      fileURLToPath(new URL(`../../../../packages/em-simulator/certs/${name}`, import.meta.url)),
      'utf8',
    )
  const serverTls = () => ({ cert: cert('em.pem'), key: cert('em.key') })

  it('trusts EM through the CA it is given (EM_CA_FILE)', async () => {
    const em = await wire((socket) => socket.write(answer('<tls/>')), { tls: serverTls() })
    const res = await get(transport(em.origin, { ca: cert('ca.pem') }))
    expect(res.body.toString()).toBe('<tls/>')
  })

  it('em_tls_error for a certificate no trusted CA signed, naming EM_CA_FILE as the way out', async () => {
    const em = await wire((socket) => socket.write(answer('<tls/>')), { tls: serverTls() })
    for (const options of [{}, { ca: cert('other-ca.pem') }]) {
      const error = await failure(get(transport(em.origin, options)))
      expect(error.code).toBe('em_tls_error')
      expect(error.message).toMatch(/EM_CA_FILE/)
    }
    expect(em.requests).toHaveLength(0)
  })

  it('accepts any certificate with insecure (EM_TLS_INSECURE)', async () => {
    const em = await wire((socket) => socket.write(answer('<tls/>')), { tls: serverTls() })
    expect((await get(transport(em.origin, { insecure: true }))).body.toString()).toBe('<tls/>')
  })
})
