import { errors, Pool } from 'undici'
import { BffError } from './errors.ts'

export type EmTransportOptions = {
  /** EM's origin, e.g. `https://em.example.com:9398`. Every request goes here and nowhere else. */
  origin: string
  /** PEM certificates that sign EM's certificate (EM_CA_FILE). */
  ca?: string | undefined
  /** EM_TLS_INSECURE: accept any certificate. */
  insecure?: boolean
  /** Per call: the wait for a connection, connect, headers and body. */
  timeoutMs: number
  /** EM_MAX_CONNECTIONS: calls beyond this many wait for one to finish. */
  maxConnections: number
}

export type EmRequest = {
  method: 'GET' | 'POST' | 'DELETE'
  /** Path and query, starting with `/api/`. */
  path: string
  headers: Record<string, string>
  /** Larger answers are refused (em_bad_response). */
  maxBytes: number
}

/** EM's answer headers: names lower-cased, one value each (the first that is not empty), `set-cookie` as a list. */
export type EmHeaders = Record<string, string | undefined> & { 'set-cookie'?: string[] }

export type EmResponse = { status: number; headers: EmHeaders; body: Buffer }

/** Body caps: one session is a few kB; a task list of thousands of machines a few MB. */
export const MAX_BYTES = { session: 1024 * 1024, list: 16 * 1024 * 1024 } as const

/**
 * The only way to EM: undici's connection pool (public API), one deadline per call, a cap on body size, and at
 * most `maxConnections` calls in flight. Waiting calls queue here rather than in the pool, so a call that
 * times out while waiting just leaves: one abandoned inside undici's queue would take a connection later only
 * to abort it, closing that connection (docs/decisions/010).
 */
export class EmTransport {
  readonly origin: string
  readonly timeoutMs: number
  private readonly pool: Pool
  private readonly slots: Slots
  private closed = false

  constructor(options: EmTransportOptions) {
    const url = new URL(options.origin)
    this.origin = url.origin
    this.timeoutMs = options.timeoutMs
    this.slots = new Slots(options.maxConnections)
    this.pool = new Pool(this.origin, {
      connections: options.maxConnections,
      ...(url.protocol === 'https:'
        ? { connect: { ...(options.ca ? { ca: options.ca } : {}), rejectUnauthorized: !options.insecure } }
        : {}),
    })
  }

  async request(req: EmRequest): Promise<EmResponse> {
    if (this.closed) throw shuttingDown()
    // What undici would refuse must not reach it: refused from its pool, a request leaves that connection busy
    // for good (undici 7.30). EM's token is the only value that comes from outside.
    for (const [name, value] of Object.entries(req.headers)) {
      if (!HEADER_NAME_RE.test(name) || UNSENDABLE_VALUE_RE.test(value)) throw unsendable(name)
    }
    const deadline = performance.now() + this.timeoutMs
    await this.slots.acquire(deadline, () => this.timeout())
    try {
      if (this.closed) throw shuttingDown()
      // Granted just as its deadline passed: going on would only open a connection to abort it.
      if (performance.now() >= deadline) throw this.timeout()
      return await this.send(req, deadline)
    } finally {
      this.slots.release()
    }
  }

  async close(): Promise<void> {
    this.closed = true
    this.slots.drain(shuttingDown())
    await this.pool.destroy().catch(() => {})
  }

  private async send(req: EmRequest, deadline: number): Promise<EmResponse> {
    const signal = AbortSignal.timeout(Math.max(1, Math.ceil(deadline - performance.now())))
    let answered = false
    try {
      const res = await this.pool.request({
        method: req.method,
        path: req.path,
        headers: req.headers,
        signal,
      })
      answered = true
      const headers = oneValueEach(res.headers)
      const declared = Number(headers['content-length'])
      // Destroying the body makes it emit an error that nobody else would listen for.
      res.body.on('error', () => {})
      if (declared > req.maxBytes) {
        res.body.destroy()
        throw tooLarge(req.maxBytes)
      }
      const chunks: Buffer[] = []
      let size = 0
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        size += chunk.length
        if (size > req.maxBytes) {
          res.body.destroy()
          throw tooLarge(req.maxBytes)
        }
        chunks.push(chunk)
      }
      return {
        status: res.statusCode,
        headers,
        body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size),
      }
    } catch (error) {
      if (signal.aborted && !(error instanceof BffError)) throw this.timeout()
      throw translate(error, answered)
    }
  }

  private timeout(): BffError {
    return new BffError(
      'em_timeout',
      `Enterprise Manager did not answer within ${this.timeoutMs} ms. It may be overloaded; try again, or raise EM_TIMEOUT_MS.`,
    )
  }
}

/** A counting semaphore whose waiters give up at their deadline. */
class Slots {
  private free: number
  private readonly waiting: Array<{ grant: () => void; fail: (e: Error) => void }> = []

  constructor(size: number) {
    this.free = size
  }

  acquire(deadline: number, onTimeout: () => Error): Promise<void> {
    if (this.free > 0) {
      this.free--
      return Promise.resolve()
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          clearTimeout(timer)
          resolve()
        },
        fail: (error: Error) => {
          clearTimeout(timer)
          reject(error)
        },
      }
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(waiter)
        if (i >= 0) this.waiting.splice(i, 1)
        reject(onTimeout())
      }, deadline - performance.now())
      this.waiting.push(waiter)
    })
  }

  release(): void {
    const next = this.waiting.shift()
    if (next) next.grant()
    else this.free++
  }

  drain(error: Error): void {
    for (const waiter of this.waiting.splice(0)) waiter.fail(error)
  }
}

type IncomingHeaders = Record<string, string | string[] | undefined>

/** One value per header (the first that is not empty) keeps a repeated Content-Type or token unambiguous. */
function oneValueEach(headers: IncomingHeaders): EmHeaders {
  const out: EmHeaders = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    if (name === 'set-cookie') out['set-cookie'] = Array.isArray(value) ? value : [value]
    else out[name] = Array.isArray(value) ? (value.find((v) => v !== '') ?? value[0]) : value
  }
  return out
}

// Node's certificate failures (tls.TLSSocket docs), connection failures, undici's timeouts, and the failures
// that, after EM began its answer, mean it was cut short.
const TLS_CODE_RE =
  /^(UNABLE_TO_|SELF_SIGNED_CERT|DEPTH_ZERO_SELF_SIGNED|CERT_|HOSTNAME_MISMATCH$|EPROTO$|ERR_TLS_|ERR_SSL_)/
const UNREACHABLE_RE =
  /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|E(HOST|NET)(UNREACH|DOWN)|EPIPE|ETIMEDOUT|UND_ERR_SOCKET)$/
const TIMEOUT_RE = /^UND_ERR_(CONNECT|HEADERS|BODY)_TIMEOUT$/
const CUT_SHORT_RE = /^(UND_ERR_SOCKET|ECONNRESET|EPIPE|UND_ERR_RES_CONTENT_LENGTH_MISMATCH)$/

const TLS_HINT =
  'If EM uses a self-signed or private-CA certificate, set EM_CA_FILE to a PEM file with the certificate that signs it (or, only for a trusted network, EM_TLS_INSECURE=true).'

/** undici's or Node's failure as the BffError the user sees. */
function translate(error: unknown, answered: boolean): BffError {
  if (error instanceof BffError) return error
  const code = typeof error === 'object' && error && 'code' in error ? String(error.code) : ''
  if (TLS_CODE_RE.test(code) || code.includes('CERT')) {
    return new BffError(
      'em_tls_error',
      `The TLS connection to Enterprise Manager failed (${code || 'handshake error'}). ${TLS_HINT}`,
      { cause: error },
    )
  }
  if (TIMEOUT_RE.test(code)) {
    return new BffError(
      'em_timeout',
      'Enterprise Manager did not answer in time. It may be overloaded; try again, or raise EM_TIMEOUT_MS.',
      { cause: error },
    )
  }
  if (code === 'UND_ERR_INVALID_ARG') {
    // The BFF builds every path and header from validated input; what can be invalid is a value EM gave it.
    return new BffError(
      'em_bad_response',
      'Enterprise Manager sent a value (such as its session token) that cannot be sent back in a request. Check EM.',
      { cause: error },
    )
  }
  const notHttp =
    error instanceof errors.HTTPParserError ||
    code.startsWith('HPE_') ||
    code === 'UND_ERR_HEADERS_OVERFLOW' ||
    (code === 'UND_ERR_SOCKET' && error instanceof Error && error.message === 'bad response')
  if (notHttp) {
    return new BffError(
      'em_bad_response',
      `Enterprise Manager sent an answer that is not valid HTTP${code ? ` (${code})` : ''}. Check that EM_URL points at Enterprise Manager's REST API (port 9398).`,
      { cause: error },
    )
  }
  if (answered && CUT_SHORT_RE.test(code)) {
    return new BffError(
      'em_bad_response',
      'Enterprise Manager closed the connection in the middle of its answer. Try again.',
      { cause: error },
    )
  }
  if (UNREACHABLE_RE.test(code)) {
    return new BffError(
      'em_unavailable',
      `Enterprise Manager cannot be reached (${code}). Check that it is running and that EM_URL is right, then try again.`,
      { cause: error },
    )
  }
  return new BffError(
    'em_unavailable',
    `The connection to Enterprise Manager failed${code ? ` (${code})` : ''}. Try again.`,
    { cause: error },
  )
}

/** HTTP's token grammar for names; values: no control characters but tab (what undici and node:http refuse). */
const HEADER_NAME_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const UNSENDABLE_VALUE_RE = /[^\t\x20-\x7e\x80-\xff]/

function unsendable(name: string): BffError {
  return new BffError(
    'em_bad_response',
    `Enterprise Manager sent a value that cannot be sent back in the ${name} header (such as its session token). Check EM.`,
  )
}

function tooLarge(max: number): BffError {
  return new BffError(
    'em_bad_response',
    `Enterprise Manager sent an answer larger than ${max / 1024 / 1024} MiB, more than it sends for this. Try again; if it persists, check EM.`,
  )
}

function shuttingDown(): BffError {
  return new BffError('em_unavailable', 'The dashboard server is shutting down; try again in a moment.')
}
