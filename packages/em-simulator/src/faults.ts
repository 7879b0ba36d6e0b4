/**
 * Fault injection: validation/merging of fault settings and the writers for payload faults, which replace the
 * body of a 200 answer to a resource call.
 */
import type { ServerResponse } from 'node:http'
import { BOM } from './json/writer.ts'
import { DEFAULT_FAULTS, type Faults, PAYLOAD_FAULTS, type PayloadFault } from './types.ts'
import { EM_NAMESPACE } from './xml/writer.ts'

/** Validates a partial Faults object (from code, env or the control endpoint); returns an error message or the value. */
export function validateFaults(
  input: unknown,
): { ok: true; value: Partial<Faults> } | { ok: false; error: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, error: 'faults must be a JSON object' }
  }
  const out: Partial<Faults> = {}
  for (const [key, value] of Object.entries(input)) {
    switch (key) {
      case 'latencyMs':
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
          return { ok: false, error: 'latencyMs must be a number >= 0' }
        }
        out.latencyMs = value
        break
      case 'failureRate':
        if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
          return { ok: false, error: 'failureRate must be a number between 0 and 1' }
        }
        out.failureRate = value
        break
      case 'down':
        if (value !== null && value !== 'refuse' && value !== '503') {
          return { ok: false, error: "down must be null, 'refuse' or '503'" }
        }
        out.down = value
        break
      case 'payload':
        if (value !== null && !PAYLOAD_FAULTS.includes(value as PayloadFault)) {
          return { ok: false, error: `payload must be null or one of ${PAYLOAD_FAULTS.join(', ')}` }
        }
        out.payload = value as PayloadFault | null
        break
      case 'oversizedBytes':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
          return { ok: false, error: 'oversizedBytes must be a positive integer' }
        }
        out.oversizedBytes = value
        break
      default:
        return { ok: false, error: `unknown fault '${key}'` }
    }
  }
  return { ok: true, value: out }
}

export function mergeFaults(current: Faults, patch: Partial<Faults>): Faults {
  const next = { ...current }
  for (const [k, v] of Object.entries(patch)) {
    if (v !== undefined) (next as Record<string, unknown>)[k] = v
  }
  return next
}

export const noFaults = (): Faults => ({ ...DEFAULT_FAULTS })

export type Body = { bytes: Buffer; json: boolean; contentType: string }

export const XML_TYPE = 'application/xml; charset=utf-8'
export const JSON_TYPE = 'application/json; charset=utf-8'

/** Tracks long-lived fault responses (trickle, oversized) so close()/restart() can end them. */
export class ActiveStreams {
  private readonly stops = new Set<() => void>()

  add(stop: () => void): () => void {
    this.stops.add(stop)
    return () => this.stops.delete(stop)
  }

  stopAll(): void {
    for (const stop of [...this.stops]) stop()
    this.stops.clear()
  }
}

/** Writes `body` under payload fault `kind`. Headers other than Content-Type/Length are in `headers`. */
export function writePayloadFault(
  res: ServerResponse,
  kind: PayloadFault,
  body: Body,
  headers: Record<string, string>,
  oversizedBytes: number,
  streams: ActiveStreams,
): void {
  const send = (status: number, contentType: string, bytes: Buffer): void => {
    res.writeHead(status, status === 200 ? 'OK' : undefined, {
      ...headers,
      'Content-Type': contentType,
      'Content-Length': String(bytes.length),
    })
    res.end(bytes)
  }
  switch (kind) {
    case 'malformed':
      send(200, body.contentType, body.json ? malformedJson(body.bytes) : malformedXml(body.bytes))
      return
    case 'truncated':
      send(200, body.contentType, body.bytes.subarray(0, Math.floor(body.bytes.length / 2)))
      return
    case 'billion-laughs':
      // An XML bomb even when JSON was asked: a client must neither expand entities nor trust the media type.
      send(200, XML_TYPE, Buffer.from(BILLION_LAUGHS))
      return
    case 'deep-nesting':
      send(200, body.contentType, body.json ? deepJson() : deepXml())
      return
    case 'html-200':
      send(200, 'text/html; charset=utf-8', Buffer.from(HTML_ERROR_PAGE))
      return
    case 'wrong-content-type':
      send(200, 'text/plain; charset=utf-8', body.bytes)
      return
    case 'oversized':
      writeOversized(res, body.json, headers, oversizedBytes, streams)
      return
    case 'trickle':
      writeTrickle(res, body, headers, streams)
      return
  }
}

function malformedXml(bytes: Buffer): Buffer {
  const text = bytes.toString('utf8')
  const close = text.lastIndexOf('</')
  if (close >= 0) {
    // A mismatched end tag for the root: the document is never well-formed.
    return Buffer.from(`${text.slice(0, close)}<Links><Link Href="${text.slice(close)}`)
  }
  return Buffer.from(text.replace(/\s*\/>\s*$/, '><Broken></Unbalanced>'))
}

function malformedJson(bytes: Buffer): Buffer {
  const text = bytes.toString('utf8').trimEnd()
  // Drop the final brace and leave a dangling member: `…,"Links":[` never parses.
  return Buffer.from(`${text.slice(0, -1)},"Links":[{"Rel":"Up",`)
}

const BILLION_LAUGHS = `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<ReplicaTaskSession xmlns="${EM_NAMESPACE}" Type="ReplicaTaskSession" Name="&lol9;">
  <Reason>&lol9;</Reason>
</ReplicaTaskSession>
`

const HTML_ERROR_PAGE = `<!DOCTYPE html>
<html>
<head><title>502 Bad Gateway</title></head>
<body>
<h1>Bad Gateway</h1>
<p>The proxy server received an invalid response from an upstream server.</p>
<hr><address>Reverse proxy at the Enterprise Manager host</address>
</body>
</html>
`

export const DEEP_LEVELS = 100_000
let deepXmlCache: Buffer | null = null
let deepJsonCache: Buffer | null = null

function deepXml(): Buffer {
  deepXmlCache ??= Buffer.from(
    `<?xml version="1.0" encoding="utf-8"?>\n<ReplicaTaskSessions xmlns="${EM_NAMESPACE}">${'<Links>'.repeat(DEEP_LEVELS)}${'</Links>'.repeat(DEEP_LEVELS)}</ReplicaTaskSessions>\n`,
  )
  return deepXmlCache
}

function deepJson(): Buffer {
  deepJsonCache ??= Buffer.from(
    `${BOM}{"ReplicaTaskSessions":${'['.repeat(DEEP_LEVELS)}${']'.repeat(DEEP_LEVELS)}}`,
  )
  return deepJsonCache
}

const OVERSIZED_ITEM_XML = `<ReplicaTaskSession Href="https://em.invalid/api/replicaTaskSessions/00000000-0000-4000-8000-000000000000?format=Entity" Type="ReplicaTaskSession" Name="padding@2025-01-01 00:00:00" UID="urn:veeam:ReplicaTaskSession:00000000-0000-4000-8000-000000000000" VmDisplayName="padding"><Links /><JobSessionUid>urn:veeam:ReplicaJobSession:00000000-0000-4000-8000-000000000000</JobSessionUid><CreationTimeUTC>2025-01-01T00:00:00Z</CreationTimeUTC><EndTimeUTC>2025-01-01T00:01:00Z</EndTimeUTC><State>Completed</State><Result>Success</Result><Reason /><TotalSize>17179869184</TotalSize></ReplicaTaskSession>\n`
const OVERSIZED_ITEM_JSON = `{"JobSessionUid":"urn:veeam:ReplicaJobSession:00000000-0000-4000-8000-000000000000","CreationTimeUTC":"2025-01-01T00:00:00Z","EndTimeUTC":"2025-01-01T00:01:00Z","State":"Completed","Result":"Success","Reason":"","TotalSize":17179869184,"VmDisplayName":"padding","Name":"padding@2025-01-01 00:00:00","UID":"urn:veeam:ReplicaTaskSession:00000000-0000-4000-8000-000000000000","Links":[],"Href":"https://em.invalid/api/replicaTaskSessions/00000000-0000-4000-8000-000000000000?format=Entity","Type":"ReplicaTaskSession"}`

/**
 * A well-formed list of exactly `total` bytes, generated while streaming: only one ~64 KiB chunk is ever held.
 * Whitespace pads the remainder (legal between elements and between JSON tokens).
 */
function writeOversized(
  res: ServerResponse,
  json: boolean,
  headers: Record<string, string>,
  total: number,
  streams: ActiveStreams,
): void {
  const head = Buffer.from(
    json
      ? `${BOM}{"ReplicaTaskSessions":[${OVERSIZED_ITEM_JSON}`
      : `<?xml version="1.0" encoding="utf-8"?>\n<ReplicaTaskSessions xmlns="${EM_NAMESPACE}">\n`,
  )
  const tail = Buffer.from(json ? ']}' : '</ReplicaTaskSessions>\n')
  const unit = Buffer.from(json ? `,${OVERSIZED_ITEM_JSON}` : OVERSIZED_ITEM_XML)
  const middle = Math.max(0, total - head.length - tail.length)
  const units = Math.floor(middle / unit.length)
  const pad = middle - units * unit.length
  const perChunk = Math.max(1, Math.floor(65_536 / unit.length))
  const chunk = Buffer.concat(Array.from({ length: perChunk }, () => unit))

  res.writeHead(200, 'OK', {
    ...headers,
    'Content-Type': json ? JSON_TYPE : XML_TYPE,
    'Content-Length': String(head.length + units * unit.length + pad + tail.length),
  })
  let remaining = units
  let stopped = false
  const untrack = streams.add(() => {
    stopped = true
    res.destroy()
  })
  res.on('close', () => {
    stopped = true
    untrack()
  })
  res.write(head)
  const pump = (): void => {
    while (!stopped && remaining > 0) {
      const n = Math.min(perChunk, remaining)
      remaining -= n
      const ok = res.write(n === perChunk ? chunk : chunk.subarray(0, n * unit.length))
      if (!ok) {
        res.once('drain', pump)
        return
      }
    }
    if (stopped) return
    if (pad > 0) res.write(Buffer.alloc(pad, 0x20))
    res.end(tail)
  }
  pump()
}

/** Headers at once, then one byte a second for as long as the client listens (body first, then spaces). */
function writeTrickle(
  res: ServerResponse,
  body: Body,
  headers: Record<string, string>,
  streams: ActiveStreams,
): void {
  res.writeHead(200, 'OK', { ...headers, 'Content-Type': body.contentType })
  res.flushHeaders()
  let i = 0
  const tick = (): void => {
    const byte = i < body.bytes.length ? body.bytes.subarray(i, i + 1) : Buffer.from(' ')
    i++
    res.write(byte)
  }
  tick()
  const timer = setInterval(tick, 1000)
  const stop = (): void => {
    clearInterval(timer)
    untrack()
  }
  const untrack = streams.add(() => {
    clearInterval(timer)
    res.destroy()
  })
  res.on('close', stop)
}
