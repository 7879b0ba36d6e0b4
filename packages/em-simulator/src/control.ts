/**
 * The control endpoint: a separate loopback listener (so it keeps answering while the API listener refuses
 * connections) with JSON in and out. Not part of EM; off unless enabled.
 */
import http from 'node:http'
import { validateFaults } from './faults.ts'
import type { Counters, DemoIds, Faults, JsonCase } from './types.ts'

export type Controls = {
  counters(): Counters
  resetCounters(): void
  faults(): Faults
  setFaults(f: Partial<Faults>): Promise<void>
  clearFaults(): Promise<void>
  expireAllSessions(): void
  restart(): Promise<void>
  demo: DemoIds
  /** Run-time settings that are not faults (clearing faults leaves them alone). */
  settings(): { jsonCase: JsonCase }
  setJsonCase(c: JsonCase): void
}

const MAX_BODY = 64 * 1024

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
  })
  res.end(text)
}

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let size = 0
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        reject(new Error('body too large'))
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => {
      const text = Buffer.concat(chunks)
        .toString('utf8')
        .replace(/^\uFEFF/, '')
      try {
        resolve(text.trim() === '' ? {} : JSON.parse(text))
      } catch {
        reject(new Error('body is not valid JSON'))
      }
    })
    req.on('error', reject)
  })
}

export function createControlServer(controls: Controls): http.Server {
  return http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]?.replace(/\/+$/, '') || '/'
    const key = `${req.method} ${path}`
    const run = async (): Promise<void> => {
      switch (key) {
        case 'GET /counters':
          return reply(res, 200, controls.counters())
        case 'POST /counters/reset':
          controls.resetCounters()
          return reply(res, 200, controls.counters())
        case 'GET /faults':
          return reply(res, 200, controls.faults())
        case 'POST /faults': {
          const parsed = validateFaults(await readJson(req))
          if (!parsed.ok) return reply(res, 400, { error: parsed.error })
          await controls.setFaults(parsed.value)
          return reply(res, 200, controls.faults())
        }
        case 'DELETE /faults':
          await controls.clearFaults()
          return reply(res, 200, controls.faults())
        case 'POST /sessions/expire':
          controls.expireAllSessions()
          return reply(res, 200, { expired: true })
        case 'POST /restart':
          await controls.restart()
          return reply(res, 200, { restarted: true })
        case 'GET /demo':
          return reply(res, 200, controls.demo)
        case 'GET /settings':
          return reply(res, 200, controls.settings())
        case 'POST /settings': {
          const body = await readJson(req)
          const parsed = validateSettings(body)
          if (!parsed.ok) return reply(res, 400, { error: parsed.error })
          if (parsed.value.jsonCase !== undefined) controls.setJsonCase(parsed.value.jsonCase)
          return reply(res, 200, controls.settings())
        }
        default:
          return reply(res, 404, { error: `no control route ${key}` })
      }
    }
    run().catch((err: unknown) => {
      if (!res.headersSent) reply(res, 400, { error: err instanceof Error ? err.message : String(err) })
    })
  })
}

function validateSettings(
  input: unknown,
): { ok: true; value: { jsonCase?: JsonCase } } | { ok: false; error: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { ok: false, error: 'settings must be a JSON object' }
  const out: { jsonCase?: JsonCase } = {}
  for (const [key, value] of Object.entries(input)) {
    if (key !== 'jsonCase') return { ok: false, error: `unknown setting '${key}'` }
    if (value !== 'pascal' && value !== 'camel')
      return { ok: false, error: "jsonCase must be 'pascal' or 'camel'" }
    out.jsonCase = value
  }
  return { ok: true, value: out }
}
