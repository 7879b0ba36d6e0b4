/**
 * Hono hello-world on @hono/node-server, served the way the BFF serves: the ceiling for a cached answer.
 * `/hello` is the plain hello-world; `/hello-headers` answers the same with the headers every BFF answer must
 * carry (content type, no-store, the API's security headers), to show what those cost on their own;
 * `/hello-sized` adds a JSON body as large as the BFF's cached answer (HELLO_SIZED_BYTES), to show what sending
 * real data costs.
 */
import type { AddressInfo } from 'node:net'
import { API_HEADERS } from '@ese/bff'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const BFF_HEADERS = { ...API_HEADERS }

const sizedBytes = Number(process.env.HELLO_SIZED_BYTES ?? 1024)
const sizedBody = JSON.stringify({ hello: 'x'.repeat(Math.max(0, sizedBytes - 12)) })

const app = new Hono()
  .get('/hello', (c) => c.json({ hello: 'world' }))
  .get('/hello-headers', () => new Response('{"hello":"world"}', { status: 200, headers: BFF_HEADERS }))
  .get('/hello-sized', () => new Response(sizedBody, { status: 200, headers: BFF_HEADERS }))
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => {
  const { port } = server.address() as AddressInfo
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`)
})
process.on('SIGTERM', () => process.exit(0))
