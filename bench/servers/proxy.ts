/**
 * The floor of one Node hop: a bare node:http pass-through proxy. It forwards the request's path, method and
 * headers to the upstream over a keep-alive agent and pipes the answer back, doing nothing else (no decoding,
 * no cache, no log). PROXY_MAX_SOCKETS caps its connections to the upstream, as EM_MAX_CONNECTIONS caps the
 * BFF's. Prints `{"url": …}` when listening. Env: UPSTREAM_URL, PROXY_MAX_SOCKETS (default 6).
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

const upstream = new URL(process.env.UPSTREAM_URL ?? '')
const agent = new http.Agent({
  keepAlive: true,
  maxSockets: Number(process.env.PROXY_MAX_SOCKETS ?? 6),
  scheduling: 'lifo',
})

const server = http.createServer((req, res) => {
  const out = http.request(
    {
      hostname: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: upstream.host },
      agent,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    },
  )
  out.on('error', () => {
    if (!res.headersSent) res.writeHead(502)
    res.end()
  })
  req.pipe(out)
})
server.keepAliveTimeout = 65_000
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`)
})
process.on('SIGTERM', () => process.exit(0))
