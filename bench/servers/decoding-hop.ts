/**
 * The floor of any BFF on one Node hop: the pass-through proxy's node:http server and keep-alive client, plus the
 * BFF's own decoder (its XML reader or JSON.parse, and decodeReplicaTaskSession) and JSON.stringify. No Hono, no
 * logging, no session handling, no security headers. It shows how much of the BFF's cost is the decoding it must
 * do and how much is everything around it. Prints `{"url": …}` when listening. Env: UPSTREAM_URL, UPSTREAM_TOKEN.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { decodeReplicaTaskSession, parseBody } from '../../apps/bff/src/em/decode.ts'

const upstream = new URL(process.env.UPSTREAM_URL ?? '')
const token = process.env.UPSTREAM_TOKEN ?? ''
const agent = new http.Agent({ keepAlive: true, maxSockets: 64, scheduling: 'lifo' })
const PATH_RE = /^\/api\/replicaTaskSessions\/([0-9a-f-]{36})$/

const server = http.createServer((req, res) => {
  const id = PATH_RE.exec(req.url ?? '')?.[1]
  if (!id) {
    res.writeHead(404).end()
    return
  }
  const out = http.request(
    {
      hostname: upstream.hostname,
      port: upstream.port,
      method: 'GET',
      path: `/api/replicaTaskSessions/${id}?format=Entity`,
      headers: { 'X-RestSvcSessionId': token, Accept: req.headers.accept ?? 'application/xml' },
      agent,
    },
    (answer) => {
      const chunks: Buffer[] = []
      answer.on('data', (chunk: Buffer) => chunks.push(chunk))
      answer.on('end', () => {
        const session = decodeReplicaTaskSession(
          parseBody(Buffer.concat(chunks), answer.headers['content-type']),
          id,
        )
        const json = JSON.stringify(session)
        res
          .writeHead(200, {
            'content-type': 'application/json; charset=utf-8',
            // Without a length, headers written before the body make node:http send it chunked.
            'content-length': Buffer.byteLength(json),
          })
          .end(json)
      })
    },
  )
  out.on('error', () => res.writeHead(502).end())
  out.end()
})
server.keepAliveTimeout = 65_000
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`)
})
process.on('SIGTERM', () => process.exit(0))
