import type { Dispatcher } from 'undici'
import { BffError } from './errors.ts'
import { errors, Pool } from './undici.ts'

export type EmHttpOptions = {
  /** EM's origin, e.g. `https://em.example.com:9398`. Every request goes here and nowhere else. */
  origin: string
  /** PEM certificates that sign EM's certificate (EM_CA_FILE). */
  ca?: string | undefined
  /** EM_TLS_INSECURE: accept any certificate. */
  insecure?: boolean
  /** Per call, from the first byte sent to the last byte received. */
  timeoutMs: number
  /** Larger bodies are refused: EM's answers for one session are small, a flood is a fault. */
  maxBodyBytes: number
  /** Upper bound on concurrent connections to EM. */
  maxSockets?: number
}

export type EmResponse = {
  status: number
  headers: EmHeaders
  body: Buffer
}

/**
 * How a call ends, Node style: `(error)` or `(null, value)`. The callback form is the BFF's hot path (a lookup
 * makes no promise on its way when its session is logged on; bench/findings.md, item 17); the promise forms
 * wrap it. A callback is called exactly once, possibly before the call that takes it returns, and must not throw.
 */
export type Done<T> = (...result: [error: Error] | [error: null, value: T]) => void

/** The promise of a call made in the callback form. */
export function settle<T>(start: (done: Done<T>) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    start((...result) => {
      if (result[0] === null) resolve(result[1])
      else reject(result[0])
    })
  })
}

/** A thrown value as an Error: what the code here throws always is one. */
export function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown))
}

export type EmRequest = {
  method: 'GET' | 'POST' | 'DELETE'
  /** Path and query, starting with `/api/`. */
  path: string
  headers: Record<string, string>
}

// Node reports certificate problems with these codes (and ERR_TLS_* / ERR_SSL_*); see tls.TLSSocket docs.
const TLS_ERROR_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'HOSTNAME_MISMATCH',
  'EPROTO',
])

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
])

const TLS_HINT =
  'If EM uses a self-signed or private-CA certificate, set EM_CA_FILE to a PEM file with the certificate that signs it (or, only for a trusted network, EM_TLS_INSECURE=true).'

/** EM's answer headers: names lower-cased, one value each (the first that is not empty), `set-cookie` as a list. */
export type EmHeaders = Record<string, string | undefined> & { 'set-cookie'?: string[] }

/**
 * The transport to EM: undici's connection pool driven through its `dispatch` handler API (docs/decisions/008:
 * a quarter to a third less CPU per call than node:http's client), one deadline per call covering the wait for a
 * connection, connect, headers and body, and a cap on body size.
 */
export class EmHttp {
  readonly origin: string
  private readonly pool: Pool
  private readonly connections: number
  private dispatched = 0
  private readonly waiting: Exchange[] = []
  private closed = false
  readonly timeoutMs: number
  readonly maxBodyBytes: number

  constructor(options: EmHttpOptions) {
    const url = new URL(options.origin)
    this.origin = url.origin
    this.timeoutMs = options.timeoutMs
    this.maxBodyBytes = options.maxBodyBytes
    this.connections = options.maxSockets ?? 64
    this.pool = new Pool(this.origin, {
      connections: this.connections,
      pipelining: 1,
      // Backstops only: the call's own deadline (below) covers all of it and is what the caller sees.
      connectTimeout: options.timeoutMs,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      ...(url.protocol === 'https:'
        ? { connect: { ...(options.ca ? { ca: options.ca } : {}), rejectUnauthorized: !options.insecure } }
        : {}),
    })
  }

  request(req: EmRequest): Promise<EmResponse> {
    return settle((done) => this.send(req, done))
  }

  /** The callback form of `request`. */
  send(req: EmRequest, done: Done<EmResponse>): void {
    if (this.closed) {
      done(new BffError('em_unavailable', 'The BFF is shutting down; try again in a moment.'))
      return
    }
    // What undici would refuse at once must not reach it: refused when it comes out of undici's own pool queue,
    // a call leaves that connection marked busy for good (undici 7.30.2). EM's token is the only value that
    // comes from outside.
    for (const name in req.headers) {
      if (UNSENDABLE_HEADER_VALUE.test(req.headers[name] ?? '')) {
        done(unsendable(name))
        return
      }
    }
    const exchange = new Exchange(this, req, done)
    if (this.dispatched < this.connections) this.dispatch(exchange)
    else this.waiting.push(exchange)
  }

  /**
   * At most one call per connection is handed to undici; the others wait here. undici can only abort a call
   * once it has a connection (and then closes that connection), so a call that timed out in undici's own queue
   * would still get a connection later, one each: after a stall, a burst of new connections (TLS handshakes)
   * with fresh calls queued behind them. A call that times out here is simply dropped. (The call handed over
   * when another ends may still wait briefly in undici's queue: undici frees a connection one turn later.)
   */
  private dispatch(exchange: Exchange): void {
    this.dispatched++
    const { method, path, headers } = exchange.req
    try {
      this.pool.dispatch({ method, path, headers }, exchange)
    } catch (error) {
      // undici reports bad arguments through the handler; this is only for what it throws instead.
      exchange.fail(translate(error, false))
      exchange.release()
    }
  }

  /** An exchange handed to undici is done with it (answered, failed or aborted): the next waiting call goes. */
  released(): void {
    this.dispatched--
    for (let next = this.waiting.shift(); next; next = this.waiting.shift()) {
      // Its deadline passed while it waited (its timer has not run yet): it would only open a connection to drop.
      if (next.expired()) next.timeOut()
      else {
        this.dispatch(next)
        return
      }
    }
  }

  /** A waiting call that timed out leaves the queue. */
  forget(exchange: Exchange): void {
    const i = this.waiting.indexOf(exchange)
    if (i >= 0) this.waiting.splice(i, 1)
  }

  close(): void {
    this.closed = true
    // One by one, not as a cascade of failures each releasing the next.
    for (const exchange of this.waiting.splice(0)) {
      exchange.fail(new BffError('em_unavailable', 'The BFF is shutting down; try again in a moment.'))
    }
    this.pool.destroy().catch(() => {
      // Closing: nothing is waiting for these sockets any more.
    })
  }
}

const ABANDONED = new Error('abandoned: the call already failed')

/** The characters undici (like node:http) refuses in a header value: controls other than tab, and DEL. */
const UNSENDABLE_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/

function unsendable(name: string): BffError {
  // The BFF builds every path and header from validated input; what can be invalid is a value EM gave it (its token).
  return new BffError(
    'em_bad_response',
    `Enterprise Manager sent a value that cannot be sent back in the ${name} header (such as its session token). Check EM.`,
  )
}

/** One call to EM, as undici's dispatch handler; calls back once, with the answer or a BffError. */
class Exchange implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | null = null
  private settled = false
  private done = false
  private answered = false
  private status = 0
  private headers: EmHeaders = {}
  // The body: most answers arrive in one chunk, which is kept as it is (no copy). When a second comes and the
  // Content-Length is known (EM always sends one), the body is copied into one buffer of that size as it
  // arrives, so a large answer (a list of 1000 task sessions is 1.4 MB) is not held twice; without one, the
  // chunks are joined at the end. (An announced size that never arrives costs address space only: pages are
  // touched as bytes come.)
  private declared = 0
  private first: Buffer | null = null
  private sized: Buffer | null = null
  private chunks: Buffer[] | null = null
  private size = 0
  private readonly timer: NodeJS.Timeout
  private readonly deadline: number

  constructor(
    private readonly http: EmHttp,
    readonly req: EmRequest,
    private readonly callback: Done<EmResponse>,
  ) {
    this.deadline = performance.now() + http.timeoutMs
    this.timer = setTimeout(() => this.timeOut(), http.timeoutMs)
  }

  expired(): boolean {
    return performance.now() >= this.deadline
  }

  timeOut(): void {
    this.fail(
      new BffError(
        'em_timeout',
        `Enterprise Manager did not answer within ${this.http.timeoutMs} ms. It may be overloaded; try again, or raise EM_TIMEOUT_MS.`,
      ),
    )
  }

  fail(error: BffError): void {
    if (this.settled) return
    this.settled = true
    clearTimeout(this.timer)
    this.http.forget(this)
    // Before the request reached a socket there is no controller yet; onRequestStart aborts it then.
    if (this.controller && !this.controller.aborted) this.controller.abort(ABANDONED)
    this.callback(error)
  }

  /** undici is done with this call: once, whatever happened. */
  release(): void {
    if (this.done) return
    this.done = true
    this.http.released()
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller
    if (this.settled) controller.abort(ABANDONED)
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHeaders,
  ): void {
    if (statusCode < 200) return // 1xx: informational, the answer follows
    this.answered = true
    this.status = statusCode
    this.headers = oneValueEach(headers)
    const declared = Number(this.headers['content-length'])
    if (Number.isFinite(declared) && declared > this.http.maxBodyBytes) {
      this.fail(tooLarge(this.http.maxBodyBytes))
      return
    }
    if (Number.isFinite(declared) && declared > 0) this.declared = declared
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return
    const size = this.size + chunk.length
    if (size > (this.declared || this.http.maxBodyBytes)) {
      this.fail(tooLarge(this.http.maxBodyBytes))
      return
    }
    if (this.sized) chunk.copy(this.sized, this.size)
    else if (this.chunks) this.chunks.push(chunk)
    else if (!this.first) this.first = chunk
    else if (this.declared) {
      this.sized = Buffer.allocUnsafe(this.declared)
      this.first.copy(this.sized, 0)
      chunk.copy(this.sized, this.size)
      this.first = null
    } else {
      this.chunks = [this.first, chunk]
      this.first = null
    }
    this.size = size
  }

  onResponseEnd(): void {
    this.release()
    if (this.settled) return
    this.settled = true
    clearTimeout(this.timer)
    const { sized, chunks, size } = this
    const body = sized
      ? sized.subarray(0, size)
      : chunks
        ? Buffer.concat(chunks, size)
        : (this.first ?? Buffer.alloc(0))
    this.callback(null, { status: this.status, headers: this.headers, body })
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.release()
    this.fail(translate(error, this.answered))
  }
}

type IncomingHeaders = Record<string, string | string[] | undefined>

/**
 * undici gives a repeated header as a list; node:http kept the first of most. One value each (the first that is
 * not empty) keeps a repeated Content-Type or token unambiguous; cookies stay a list.
 */
function oneValueEach(headers: IncomingHeaders): EmHeaders {
  const out: EmHeaders = {}
  for (const name in headers) {
    const value = headers[name]
    if (value === undefined) continue
    if (name === 'set-cookie') out['set-cookie'] = Array.isArray(value) ? value : [value]
    else out[name] = Array.isArray(value) ? (value.find((v) => v !== '') ?? value[0]) : value
  }
  return out
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'])
// The connection broke after EM had begun its answer (or the answer was shorter than it said).
const CUT_SHORT_CODES = new Set([
  'UND_ERR_SOCKET',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
])

/** undici's parser refused the bytes, or they came when no request was waiting for them ('bad response'). */
function notHttp(error: unknown, code: string): boolean {
  return (
    error instanceof errors.HTTPParserError ||
    code.startsWith('HPE_') ||
    code === 'UND_ERR_HEADERS_OVERFLOW' ||
    code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' ||
    (code === 'UND_ERR_SOCKET' && error instanceof Error && error.message === 'bad response')
  )
}

function translate(error: unknown, answered: boolean): BffError {
  if (error instanceof BffError) return error
  const code = typeof error === 'object' && error && 'code' in error ? String(error.code) : ''
  if (
    TLS_ERROR_CODES.has(code) ||
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code.includes('CERT')
  ) {
    return new BffError(
      'em_tls_error',
      `The TLS connection to Enterprise Manager failed (${code || 'handshake error'}). ${TLS_HINT}`,
      { cause: error },
    )
  }
  if (TIMEOUT_CODES.has(code)) {
    return new BffError(
      'em_timeout',
      'Enterprise Manager did not answer in time. It may be overloaded; try again, or raise EM_TIMEOUT_MS.',
      { cause: error },
    )
  }
  if (answered && CUT_SHORT_CODES.has(code)) {
    return new BffError(
      'em_bad_response',
      'Enterprise Manager closed the connection in the middle of its answer. Try again.',
      { cause: error },
    )
  }
  if (code === 'UND_ERR_INVALID_ARG') {
    // Caught before dispatch (request()); this is the backstop for anything else undici refuses in a request.
    return new BffError(
      'em_bad_response',
      'Enterprise Manager sent a value (such as its session token) that cannot be sent back in a request. Check EM.',
      { cause: error },
    )
  }
  if (notHttp(error, code)) {
    return new BffError(
      'em_bad_response',
      `Enterprise Manager sent an answer that is not valid HTTP${code ? ` (${code})` : ''}. Check that EM_URL points at Enterprise Manager's REST API (port 9398).`,
      { cause: error },
    )
  }
  if (UNREACHABLE_CODES.has(code)) {
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

function tooLarge(max: number): BffError {
  return new BffError(
    'em_bad_response',
    `Enterprise Manager sent an answer larger than ${Math.round(max / 1024 / 1024)} MiB, which is not what it sends for one session. Try again; if it persists, check EM.`,
  )
}
