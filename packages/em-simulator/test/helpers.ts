import http from 'node:http'
import https from 'node:https'
import { XMLParser } from 'fast-xml-parser'
import { afterEach } from 'vitest'
import {
  DEFAULT_CREDENTIALS,
  type RunningSimulator,
  type SimulatorOptions,
  startSimulator,
} from '../src/index.ts'

export type Reply = {
  status: number
  statusMessage: string
  headers: http.IncomingHttpHeaders
  bytes: Buffer
  /** Body as text, BOM kept. */
  text: string
}

/** A raw HTTP(S) request: we need reason phrases, raw bytes (BOM) and exact headers, which fetch hides. */
export function request(
  url: string,
  init: { method?: string; headers?: Record<string, string>; ca?: string | Buffer; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const u = new URL(url)
    const lib = u.protocol === 'https:' ? https : http
    const req = lib.request(
      u,
      {
        method: init.method ?? 'GET',
        headers: init.headers,
        ...(init.ca ? { ca: init.ca } : {}),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const bytes = Buffer.concat(chunks)
          resolve({
            status: res.statusCode ?? 0,
            statusMessage: res.statusMessage ?? '',
            headers: res.headers,
            bytes,
            text: bytes.toString('utf8'),
          })
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    if (init.body) req.write(init.body)
    req.end()
  })
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2025, 5, 17, 20, 0, 0, 0)) {
  let t = start
  return {
    now: () => t,
    set: (ms: number) => {
      t = ms
    },
    advance: (ms: number) => {
      t += ms
    },
  }
}

const running: RunningSimulator[] = []

/** Starts a simulator that is closed after the current test. */
export async function sim(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const s = await startSimulator({ port: 0, ...options })
  running.push(s)
  return s
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()))
})

export const basic = (
  user: string = DEFAULT_CREDENTIALS.username,
  password: string = DEFAULT_CREDENTIALS.password,
) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

export async function logon(s: RunningSimulator, user?: string, password?: string): Promise<string> {
  const r = await request(`${s.url}/api/sessionMngr/?v=latest`, {
    method: 'POST',
    headers: { Authorization: basic(user, password) },
  })
  if (r.status !== 201) throw new Error(`logon failed: ${r.status} ${r.text}`)
  return String(r.headers['x-restsvcsessionid'])
}

/** GET an /api path with a token; `json` asks for JSON. */
export function get(s: RunningSimulator, path: string, token: string | null, json = false): Promise<Reply> {
  const headers: Record<string, string> = {}
  if (token) headers['X-RestSvcSessionId'] = token
  if (json) headers.Accept = 'application/json'
  return request(`${s.url}/api${path}`, { headers })
}

/** Parses EM XML the way a careful client does: no number coercion, attributes kept. */
export const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => name === 'Link' || name === 'Ref',
})

/** Order-preserving parse, for element-order checks. */
export const orderedParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  preserveOrder: true,
  trimValues: true,
})

export function parseXml(text: string): Record<string, unknown> {
  return xmlParser.parse(text) as Record<string, unknown>
}

export function parseJson(reply: Reply): Record<string, unknown> {
  return JSON.parse(reply.text.replace(/^\uFEFF/, '')) as Record<string, unknown>
}

/** Walks a parsed (non-ordered) document: `at(doc, 'QueryResult', 'PagingInfo')`. */
export function at(doc: unknown, ...path: (string | number)[]): unknown {
  let cur: unknown = doc
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string | number, unknown>)[key]
  }
  return cur
}

export type Obj = Record<string, unknown>

/** A repeated element as an array, whether the parser saw one, several or none. */
export function arr(v: unknown): Obj[] {
  if (v === undefined || v === null) return []
  return (Array.isArray(v) ? v : [v]) as Obj[]
}
