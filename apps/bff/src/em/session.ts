import { decodeLogonSession, type EmFormat, errorMessageOf, parseBody } from './decode.ts'
import { BffError, quoteEmMessage } from './errors.ts'
import type { EmRequest, EmResponse, EmTransport } from './transport.ts'

/** Counts the EM calls made on behalf of one request, for its log line. */
export type Trace = { emCalls: number }
/** An EM logon session: the token to send, and the ID its logoff takes. */
export type Logon = { token: string; sessionId: string | null; userName: string | null }

/** Whom EM is asked as: answers fetched for one `scope` are never served to another; `who` names its role. */
export type EmCaller = {
  readonly scope: string
  readonly who: string
  get(path: string, trace: Trace, maxBytes: number): Promise<EmResponse>
}

const TOKEN_HEADER = 'X-RestSvcSessionId'

/** Logon, GET with a token, logoff: EM's session protocol over the transport. */
export class EmConnection {
  /** Exactly one media type: EM switches to JSON when application/json appears anywhere in Accept. */
  readonly accept: string

  constructor(
    readonly transport: EmTransport,
    format: EmFormat,
  ) {
    this.accept = format === 'json' ? 'application/json' : 'application/xml'
  }

  /** `POST /api/sessionMngr/?v=latest` with Basic credentials. A 401 or 403 is `refused` (no token). */
  async logon(username: string, password: string, trace: Trace, refused: () => BffError): Promise<Logon> {
    trace.emCalls++
    const basic = Buffer.from(`${username}:${password}`, 'utf8').toString('base64')
    const headers = { Authorization: `Basic ${basic}`, 'Content-Length': '0' }
    const res = await this.send('POST', '/api/sessionMngr/?v=latest', 1024 * 1024, headers)
    if (res.status === 401 || res.status === 403) throw refused()
    if (res.status !== 201 && res.status !== 200) throw statusError(res, 'logging on', 'the account')
    // EM sends the token as a header and as a cookie: should a proxy drop the header, the cookie has it.
    const cookie = res.headers['set-cookie']
      ?.map((c) => /^\s*X-RestSvcSessionId=([^;]+)/i.exec(c)?.[1])
      .find(Boolean)
    const token = res.headers[TOKEN_HEADER.toLowerCase()] || cookie
    if (!token) {
      const message = `Enterprise Manager accepted the logon but sent no ${TOKEN_HEADER} header. Check that EM_URL points at Enterprise Manager's REST API (port 9398).`
      throw new BffError('em_bad_response', message)
    }
    try {
      return { token, ...decodeLogonSession(parseBody(res.body, res.headers['content-type'])) }
    } catch {
      // The token is what matters; without the SessionId the BFF just cannot log off.
      return { token, sessionId: null, userName: null }
    }
  }

  get(path: string, token: string, trace: Trace, maxBytes: number): Promise<EmResponse> {
    trace.emCalls++
    return this.send('GET', path, maxBytes, { [TOKEN_HEADER]: token })
  }

  /** `DELETE /api/logonSessions/{ID}`; failures are ignored: EM expires the session anyway. */
  async logoff(logon: Logon): Promise<boolean> {
    if (!logon.sessionId) return false
    try {
      const path = `/api/logonSessions/${encodeURIComponent(logon.sessionId)}`
      const res = await this.send('DELETE', path, 64 * 1024, { [TOKEN_HEADER]: logon.token })
      return res.status >= 200 && res.status < 300
    } catch {
      return false
    }
  }

  private send(method: EmRequest['method'], path: string, maxBytes: number, headers: Record<string, string>) {
    return this.transport.request({ method, path, headers: { ...headers, Accept: this.accept }, maxBytes })
  }
}

/** The service account's one EM session (AUTH=service): one shared logon; on a 401, one re-logon and retry. */
export class ServiceSession implements EmCaller {
  readonly scope = 'service'
  readonly who = "the EM_USERNAME account's role"
  logons = 0
  private current: Logon | null = null
  private pending: Promise<Logon> | null = null

  constructor(
    private readonly em: EmConnection,
    private readonly username: string,
    private readonly password: string,
  ) {}

  async get(path: string, trace: Trace, maxBytes: number): Promise<EmResponse> {
    for (let attempt = 1; attempt <= 2; attempt++) {
      const logon = await this.ensure(trace)
      const res = await this.em.get(path, logon.token, trace, maxBytes)
      if (res.status !== 401) return res
      // The token expired, was logged off, or EM restarted: drop it (unless someone already replaced it).
      if (this.current === logon) this.current = null
    }
    const message =
      'Enterprise Manager refused a freshly created session. Check that the EM_USERNAME account has an Enterprise Manager role, then try again.'
    throw new BffError('em_auth_failed', message)
  }

  /** Logs on when there is no session yet; concurrent callers share the one logon in flight. */
  ensure(trace: Trace): Promise<Logon> {
    if (this.current) return Promise.resolve(this.current)
    const message =
      'Enterprise Manager refused to log on with EM_USERNAME and EM_PASSWORD. Check both, and that the account has an Enterprise Manager role.'
    const refused = () => new BffError('em_auth_failed', message)
    this.pending ??= this.em
      .logon(this.username, this.password, trace, refused)
      .then((logon) => {
        this.logons++
        this.current = logon
        return logon
      })
      .finally(() => {
        this.pending = null
      })
    return this.pending
  }

  async logoff(): Promise<boolean> {
    const logon = this.current ?? (await this.pending?.catch(() => null)) ?? null
    this.current = null
    return logon ? this.em.logoff(logon) : false
  }
}

/** One signed-in user's EM session (AUTH=em): no password to log on again with, so a 401 ends the session. */
export class UserSession implements EmCaller {
  readonly scope: string
  readonly who = 'your Enterprise Manager account'

  constructor(
    private readonly em: EmConnection,
    private readonly logon: Logon,
    userName: string,
    private readonly onExpired: () => Promise<void>,
  ) {
    this.scope = `user:${userName.toLowerCase()}`
  }

  async get(path: string, trace: Trace, maxBytes: number): Promise<EmResponse> {
    const res = await this.em.get(path, this.logon.token, trace, maxBytes)
    if (res.status !== 401) return res
    await this.onExpired()
    const message =
      'Your Enterprise Manager session has ended (EM ends sessions after 15 minutes without use). Sign in again.'
    throw new BffError('session_expired', message)
  }
}

/** The BFF error for an EM answer with an unexpected status; `who` names the account whose role refused. */
export function statusError(res: EmResponse, doing: string, who: string): BffError {
  const quoted = quoteEmMessage(errorMessageOf(res.body, res.headers['content-type']))
  const detail = quoted ? `: "${quoted}"` : ''
  if (res.status === 403) {
    const message = `Enterprise Manager denied access (HTTP 403)${detail}: ${who} does not allow ${doing}.`
    return new BffError('em_forbidden', message)
  }
  if (res.status >= 500) {
    const message = `Enterprise Manager failed while ${doing} (HTTP ${res.status})${detail}. Try again in a moment.`
    return new BffError('em_unavailable', message)
  }
  const message = `Enterprise Manager answered ${doing} with an unexpected HTTP ${res.status}${detail}. Try again; if it persists, check the EM server.`
  return new BffError('em_bad_response', message)
}
