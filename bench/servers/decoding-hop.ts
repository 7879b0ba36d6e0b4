/**
 * The floor of any BFF on one Node hop: the pass-through proxy's node:http server, the BFF's EM client (undici's
 * Pool driven through `dispatch`, 64 connections; docs/decisions/008), the BFF's own decoder (its XML reader or
 * JSON.parse, and decodeReplicaTaskSession) and JSON.stringify. No Hono, no logging, no session handling, no
 * deadline or body cap, no security headers. It shows how much of the BFF's cost is the decoding it must do and
 * how much is everything around it. Prints `{"url": …}` when listening. Env: UPSTREAM_URL, UPSTREAM_TOKEN.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Dispatcher, Pool } from 'undici'
import { decodeReplicaTaskSession, parseBody } from '../../apps/bff/src/em/decode.ts'

const upstream = new URL(process.env.UPSTREAM_URL ?? '')
const token = process.env.UPSTREAM_TOKEN ?? ''
const pool = new Pool(upstream.origin, { connections: 64, pipelining: 1 })
const PATH_RE = /^\/api\/replicaTaskSessions\/([0-9a-f-]{36})$/

const server = http.createServer((req, res) => {
  const id = PATH_RE.exec(req.url ?? '')?.[1]
  if (!id) {
    res.writeHead(404).end()
    return
  }
  const chunks: Buffer[] = []
  let contentType: string | undefined
  const handler: Dispatcher.DispatchHandler = {
    // Required: without it undici takes the object for a handler of its older API.
    onRequestStart() {},
    onResponseStart(_controller, _status, headers) {
      const value = headers['content-type']
      contentType = Array.isArray(value) ? value[0] : value
    },
    onResponseData(_controller, chunk) {
      chunks.push(chunk)
    },
    onResponseEnd() {
      const body = chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks)
      const json = JSON.stringify(decodeReplicaTaskSession(parseBody(body, contentType), id))
      res
        .writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          // Without a length, headers written before the body make node:http send it chunked.
          'content-length': Buffer.byteLength(json),
        })
        .end(json)
    },
    onResponseError() {
      res.writeHead(502).end()
    },
  }
  pool.dispatch(
    {
      method: 'GET',
      path: `/api/replicaTaskSessions/${id}?format=Entity`,
      headers: { 'X-RestSvcSessionId': token, Accept: req.headers.accept ?? 'application/xml' },
    },
    handler,
  )
})
server.keepAliveTimeout = 65_000
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`)
})
process.on('SIGTERM', () => process.exit(0))
