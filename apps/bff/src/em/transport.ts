import type { ErrorCode } from '@ese/shared'
import { errors, Pool } from 'undici'
import { BffError } from './errors.ts'

export type EmTransportOptions = {
  origin: string // e.g. `https://em.example.com:9398`: every request goes here and nowhere else
  /** PEM certificates that sign EM's certificate (EM_CA_FILE); `insecure` (EM_TLS_INSECURE) accepts any. */
  ca?: string | undefined
  insecure?: boolean
  timeoutMs: number // per call: the wait for a connection, connect, headers and body
  maxConnections: number // EM_MAX_CONNECTIONS: calls beyond this many wait for one to finish
}

/** `path` starts with `/api/`; an answer larger than `maxBytes` is refused (em_bad_response). */
export type EmRequest = {
  method: 'GET' | 'POST' | 'DELETE'
  path: string
  headers: Record<string, string>
  maxBytes: number
}

/** EM's answer headers: names lower-cased, one value each (the first that is not empty), `set-cookie` as a list. */
export type EmHeaders = Record<string, string | undefined> & { 'set-cookie'?: string[] }

export type EmResponse = { status: number; headers: EmHeaders; body: Buffer }

/** Body caps: one session is a few kB; a task list of thousands of machines a few MB. */
export const MAX_BYTES = { session: 1024 * 1024, list: 16 * 1024 * 1024 } as const

// The only way to EM: undici's pool, one deadline per call, a body cap, at most `maxConnections` in flight.
// Calls wait here, not in undici's queue, where one past its deadline would later take a connection only to
// abort it, closing that connection (docs/decisions/010).
export class EmTransport {
  readonly origin: string
  readonly timeoutMs: number
  private readonly pool: Pool
  private free: number
  /** The calls waiting for a connection, in order: called without an error, one is granted a free slot. */
  private readonly waiting = new Set<(error?: Error) => void>()
  private closed = false

  constructor(options: EmTransportOptions) {
    const url = new URL(options.origin)
    this.origin = url.origin
    this.timeoutMs = options.timeoutMs
    this.free = options.maxConnections
    const tls = { ...(options.ca ? { ca: options.ca } : {}), rejectUnauthorized: !options.insecure }
    const connect = url.protocol === 'https:' ? { connect: tls } : {}
    this.pool = new Pool(this.origin, { connections: options.maxConnections, ...connect })
  }

  async request(req: EmRequest): Promise<EmResponse> {
    if (this.closed) throw shuttingDown()
    // Refused by undici's pool, a request would leave its connection busy for good (undici 7.30): check first.
    for (const [name, value] of Object.entries(req.headers)) {
      if (HEADER_NAME_RE.test(name) && !UNSENDABLE_VALUE_RE.test(value)) continue
      const message = `Enterprise Manager sent a value that cannot be sent back in the ${name} header (such as its session token). Check EM.`
      throw new BffError('em_bad_response', message)
    }
    const deadline = performance.now() + this.timeoutMs
    await this.acquire(deadline)
    try {
      if (this.closed) throw shuttingDown()
      // Granted just as its deadline passed: going on would only open a connection to abort it.
      if (performance.now() >= deadline) throw this.timeout()
      return await this.send(req, deadline)
    } finally {
      const [next] = this.waiting
      if (next) next()
      else this.free++
    }
  }

  async close(): Promise<void> {
    this.closed = true
    for (const settle of [...this.waiting]) settle(shuttingDown())
    await this.pool.destroy().catch(() => {})
  }

  /** Takes a free slot, or waits for one until `deadline`. */
  private acquire(deadline: number): Promise<void> {
    if (this.free > 0) {
      this.free--
      return Promise.resolve()
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => settle(this.timeout()), deadline - performance.now())
      const settle = (error?: Error) => {
        clearTimeout(timer)
        this.waiting.delete(settle)
        if (error) reject(error)
        else resolve()
      }
      this.waiting.add(settle)
    })
  }

  private async send({ method, path, headers, maxBytes }: EmRequest, deadline: number): Promise<EmResponse> {
    const signal = AbortSignal.timeout(Math.max(1, Math.ceil(deadline - performance.now())))
    let answered = false
    try {
      const res = await this.pool.request({ method, path, headers, signal })
      answered = true
      // Destroying the body makes it emit an error that nobody else would listen for.
      res.body.on('error', () => {})
      const tooLarge = () => {
        res.body.destroy()
        const message = `Enterprise Manager sent an answer larger than ${maxBytes / 1024 / 1024} MiB, more than it sends for this. Try again; if it persists, check EM.`
        return new BffError('em_bad_response', message)
      }
      const oneEach = oneValueEach(res.headers)
      if (Number(oneEach['content-length']) > maxBytes) throw tooLarge()
      const chunks: Buffer[] = []
      let size = 0
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        size += chunk.length
        if (size > maxBytes) throw tooLarge()
        chunks.push(chunk)
      }
      const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)
      return { status: res.statusCode, headers: oneEach, body }
    } catch (error) {
      if (error instanceof BffError) throw error
      throw signal.aborted ? this.timeout() : translate(error, answered)
    }
  }

  private timeout(): BffError {
    const message = `Enterprise Manager did not answer within ${this.timeoutMs} ms. It may be overloaded; try again, or raise EM_TIMEOUT_MS.`
    return new BffError('em_timeout', message)
  }
}

/** One value per header (the first that is not empty) keeps a repeated Content-Type or token unambiguous. */
function oneValueEach(headers: Record<string, string | string[] | undefined>): EmHeaders {
  const out: EmHeaders = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    if (name === 'set-cookie') out['set-cookie'] = Array.isArray(value) ? value : [value]
    else out[name] = Array.isArray(value) ? (value.find((v) => v !== '') ?? value[0]) : value
  }
  return out
}

/** HTTP's token grammar for names; values: no control characters but tab (what undici and node:http refuse). */
const HEADER_NAME_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const UNSENDABLE_VALUE_RE = /[^\t\x20-\x7e\x80-\xff]/

// Node's TLS failures (tls.TLSSocket docs), undici's timeouts, connection failures, and answers cut short.
const TLS_CODE_RE =
  /^(UNABLE_TO_|SELF_SIGNED_CERT|DEPTH_ZERO_SELF_SIGNED|CERT_|HOSTNAME_MISMATCH$|EPROTO$|ERR_TLS_|ERR_SSL_)/
const TIMEOUT_RE = /^UND_ERR_(CONNECT|HEADERS|BODY)_TIMEOUT$/
const UNREACHABLE_RE =
  /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|E(HOST|NET)(UNREACH|DOWN)|EPIPE|ETIMEDOUT|UND_ERR_SOCKET)$/
const CUT_SHORT_RE = /^(UND_ERR_SOCKET|ECONNRESET|EPIPE|UND_ERR_RES_CONTENT_LENGTH_MISMATCH)$/

/** undici's or Node's failure as the BffError the user sees. */
function translate(error: unknown, answered: boolean): BffError {
  const code = typeof error === 'object' && error && 'code' in error ? String(error.code) : ''
  const notHttp =
    error instanceof errors.HTTPParserError ||
    code.startsWith('HPE_') ||
    code === 'UND_ERR_HEADERS_OVERFLOW' ||
    (code === 'UND_ERR_SOCKET' && error instanceof Error && error.message === 'bad response')
  let what: ErrorCode
  let message: string
  if (TLS_CODE_RE.test(code) || code.includes('CERT')) {
    what = 'em_tls_error'
    message = `The TLS connection to Enterprise Manager failed (${code || 'handshake error'}). If EM uses a self-signed or private-CA certificate, set EM_CA_FILE to a PEM file with the certificate that signs it (or, only for a trusted network, EM_TLS_INSECURE=true).`
  } else if (TIMEOUT_RE.test(code)) {
    what = 'em_timeout'
    message =
      'Enterprise Manager did not answer in time. It may be overloaded; try again, or raise EM_TIMEOUT_MS.'
  } else if (code === 'UND_ERR_INVALID_ARG') {
    // The BFF builds every path and header from validated input; what can be invalid is a value EM gave it.
    what = 'em_bad_response'
    message =
      'Enterprise Manager sent a value (such as its session token) that cannot be sent back in a request. Check EM.'
  } else if (notHttp) {
    what = 'em_bad_response'
    message = `Enterprise Manager sent an answer that is not valid HTTP${code ? ` (${code})` : ''}. Check that EM_URL points at Enterprise Manager's REST API (port 9398).`
  } else if (answered && CUT_SHORT_RE.test(code)) {
    what = 'em_bad_response'
    message = 'Enterprise Manager closed the connection in the middle of its answer. Try again.'
  } else if (UNREACHABLE_RE.test(code)) {
    what = 'em_unavailable'
    message = `Enterprise Manager cannot be reached (${code}). Check that it is running and that the dashboard's EM_URL setting names it, then try again.`
  } else {
    what = 'em_unavailable'
    message = `The connection to Enterprise Manager failed${code ? ` (${code})` : ''}. Try again.`
  }
  return new BffError(what, message, { cause: error })
}

function shuttingDown(): BffError {
  return new BffError('em_unavailable', 'The dashboard server is shutting down; try again in a moment.')
}
