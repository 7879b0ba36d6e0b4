import { decodeLogonSessionId, type EmFormat, errorMessageOf, parseBody } from './decode.ts'
import { BffError, quoteEmMessage } from './errors.ts'
import { asError, type Done, type EmHttp, type EmRequest, type EmResponse } from './http.ts'

/** Counts the EM calls made on behalf of one request, for its log line. */
export type Trace = { emCalls: number }

export type EmSessionOptions = {
  http: EmHttp
  username: string
  password: string
  format: EmFormat
  onLogon?: () => void
}

const TOKEN_HEADER = 'X-RestSvcSessionId'
const MEDIA_TYPE: Record<EmFormat, string> = { xml: 'application/xml', json: 'application/json' }

type Logon = { token: string; sessionId: string | null }

/**
 * Holds the one EM logon session the BFF works with. Logs on lazily, shares one logon among any number of
 * concurrent callers, sends the token in the header only, and on a 401 logs on again once and retries once.
 */
export class EmSession {
  private current: Logon | null = null
  private pending: Promise<Logon> | null = null
  private readonly http: EmHttp
  private readonly authorization: string
  private readonly accept: string
  private readonly onLogon: () => void
  logons = 0

  constructor(options: EmSessionOptions) {
    this.http = options.http
    this.authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`, 'utf8').toString('base64')}`
    // Exactly one media type: EM switches to JSON when application/json appears anywhere in Accept.
    this.accept = MEDIA_TYPE[options.format]
    this.onLogon = options.onLogon ?? (() => {})
  }

  get loggedOn(): boolean {
    return this.current !== null
  }

  /** GET a path on EM with the session token, logging on first when needed. */
  async get(path: string, trace: Trace): Promise<EmResponse> {
    const logon = await this.ensure(trace)
    const res = await this.send(path, logon.token, trace)
    return res.status === 401 ? this.retryUnauthorized(path, logon, trace) : res
  }

  /**
   * The callback form of `get`, for the hot path: while logged on, the call goes straight to the transport and
   * its answer straight back, with no promise on the way. Logging on, and the retry after a 401, are `get`'s.
   */
  getWith(path: string, trace: Trace, done: Done<EmResponse>): void {
    const logon = this.current
    if (!logon) {
      this.get(path, trace).then(
        (res) => done(null, res),
        (error: unknown) => done(asError(error)),
      )
      return
    }
    trace.emCalls++
    this.http.send(this.request(path, logon.token), (...result) => {
      if (result[0] !== null || result[1].status !== 401) {
        done(...result)
        return
      }
      this.retryUnauthorized(path, logon, trace).then(
        (res) => done(null, res),
        (error: unknown) => done(asError(error)),
      )
    })
  }

  /** After a 401 with `logon`'s token: logs on again (unless someone already did) and retries once. */
  private async retryUnauthorized(path: string, logon: Logon, trace: Trace): Promise<EmResponse> {
    // The token expired, was logged off, or EM restarted: drop it (unless someone already replaced it).
    if (this.current === logon) this.current = null
    const fresh = await this.ensure(trace)
    const retried = await this.send(path, fresh.token, trace)
    if (retried.status === 401) {
      if (this.current === fresh) this.current = null
      throw new BffError(
        'em_auth_failed',
        'Enterprise Manager refused a freshly created session. Check that the EM_USERNAME account has an Enterprise Manager role, then try again.',
      )
    }
    return retried
  }

  /** Logs on when there is no session yet; concurrent callers share the one logon in flight. */
  ensure(trace: Trace): Promise<Logon> {
    if (this.current) return Promise.resolve(this.current)
    if (!this.pending) {
      this.pending = this.logon(trace).finally(() => {
        this.pending = null
      })
    }
    return this.pending
  }

  /** Ends the EM session (DELETE /api/logonSessions/{ID}); failures are ignored, EM expires it anyway. */
  async logoff(): Promise<boolean> {
    const logon = this.current ?? (this.pending ? await this.pending.catch(() => null) : null)
    this.current = null
    if (!logon?.sessionId) return false
    try {
      const res = await this.http.request({
        method: 'DELETE',
        path: `/api/logonSessions/${encodeURIComponent(logon.sessionId)}`,
        headers: { [TOKEN_HEADER]: logon.token, Accept: this.accept },
      })
      return res.status >= 200 && res.status < 300
    } catch {
      return false
    }
  }

  private async logon(trace: Trace): Promise<Logon> {
    trace.emCalls++
    const res = await this.http.request({
      method: 'POST',
      path: '/api/sessionMngr/?v=latest',
      headers: { Authorization: this.authorization, Accept: this.accept, 'Content-Length': '0' },
    })
    if (res.status === 401 || res.status === 403) {
      throw new BffError(
        'em_auth_failed',
        `Enterprise Manager refused to log on with EM_USERNAME and EM_PASSWORD (HTTP ${res.status}). Check both, and that the account has an Enterprise Manager role.`,
      )
    }
    if (res.status !== 201 && res.status !== 200) throw statusError(res, 'logging on')
    // Header names arrive lower-cased (em/http.ts), so EM's header is found whatever case it sends it in.
    const token = res.headers[TOKEN_HEADER.toLowerCase()]
    // EM sends the token as a header and as a cookie; should a proxy drop the header, the cookie still has it.
    const value = (Array.isArray(token) ? token[0] : token) || tokenFromCookie(res.headers['set-cookie'])
    if (!value) {
      throw new BffError(
        'em_bad_response',
        `Enterprise Manager accepted the logon but sent no ${TOKEN_HEADER} header. Check that EM_URL points at Enterprise Manager's REST API (port 9398).`,
      )
    }
    let sessionId: string | null = null
    try {
      sessionId = decodeLogonSessionId(parseBody(res.body, res.headers['content-type']))
    } catch {
      // The token is what matters; without the SessionId the BFF just cannot log off at shutdown.
    }
    this.logons++
    this.onLogon()
    const logon = { token: value, sessionId }
    this.current = logon
    return logon
  }

  private send(path: string, token: string, trace: Trace): Promise<EmResponse> {
    trace.emCalls++
    return this.http.request(this.request(path, token))
  }

  private request(path: string, token: string): EmRequest {
    return { method: 'GET', path, headers: { [TOKEN_HEADER]: token, Accept: this.accept } }
  }
}

/** The BFF error for an EM answer with an unexpected status. */
export function statusError(res: EmResponse, doing: string): BffError {
  const quoted = quoteEmMessage(errorMessageOf(res.body, res.headers['content-type']))
  const detail = quoted ? `: "${quoted}"` : ''
  if (res.status === 403) {
    return new BffError(
      'em_forbidden',
      `Enterprise Manager denied access (HTTP 403)${detail}. The EM_USERNAME account's role does not allow reading this; give it the Portal Administrator role.`,
    )
  }
  if (res.status >= 500) {
    return new BffError(
      'em_unavailable',
      `Enterprise Manager failed while ${doing} (HTTP ${res.status})${detail}. Try again in a moment.`,
    )
  }
  return new BffError(
    'em_bad_response',
    `Enterprise Manager answered ${doing} with an unexpected HTTP ${res.status}${detail}. Try again; if it persists, check the EM server.`,
  )
}

function tokenFromCookie(cookies: string[] | undefined): string | undefined {
  for (const cookie of cookies ?? []) {
    const m = /^\s*X-RestSvcSessionId=([^;]+)/i.exec(cookie)
    if (m?.[1]) return m[1]
  }
  return undefined
}
