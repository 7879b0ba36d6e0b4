import { randomUUID } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { SimUser, UserRole } from './types.ts'

/** The machine name EM prefixes to account names (`SRV13\Administrator` in the docs). */
export const DOMAIN = 'SIMULATOR'

/** An EM account: its role, and for a Portal User limited to some jobs, their names (lower-cased). */
export type Account = {
  name: string
  password: string
  role: UserRole
  jobNames: ReadonlySet<string> | null
}

export type LogonSession = {
  id: string
  /** base64 of the SessionId string (EM_API_FACTS §1.2, DECISIONS). */
  token: string
  userName: string
  account: Account
  lastSeen: number
}

/**
 * The accounts: the Portal Administrator and the role-less account of the original options, then `users`.
 * Throws on a duplicate name (names compare case-insensitively, as Windows account names do).
 */
export function buildAccounts(admin: SimUser, restricted: SimUser, users: readonly SimUser[]): Account[] {
  const accounts: Account[] = []
  for (const u of [admin, restricted, ...users]) {
    if (!u.username) throw new Error('every simulator account needs a user name')
    if (accounts.some((a) => a.name.toLowerCase() === u.username.toLowerCase()))
      throw new Error(`duplicate simulator account '${u.username}'`)
    accounts.push({
      name: u.username,
      password: u.password,
      role: u.role,
      jobNames:
        u.role === 'PortalUser' && u.jobNames ? new Set(u.jobNames.map((n) => n.toLowerCase())) : null,
    })
  }
  return accounts
}

/** The account a Basic user name designates: `SIMULATOR\name` and `.\name` work too, case-insensitively. */
export function findAccount(accounts: readonly Account[], user: string): Account | null {
  const bare = user.replace(/^(\.|SIMULATOR)\\/i, '').toLowerCase()
  return accounts.find((a) => a.name.toLowerCase() === bare) ?? null
}

/** Logon sessions with EM's sliding idle timeout (15 minutes by default, http_authentication.md). */
export class SessionStore {
  private readonly byId = new Map<string, LogonSession>()
  private readonly byToken = new Map<string, LogonSession>()

  constructor(
    private readonly now: () => number,
    private readonly idleTimeoutMs: number,
  ) {}

  create(account: Account): LogonSession {
    const id = randomUUID()
    const session: LogonSession = {
      id,
      token: Buffer.from(id, 'utf8').toString('base64'),
      userName: `${DOMAIN}\\${account.name}`,
      account,
      lastSeen: this.now(),
    }
    this.byId.set(id, session)
    this.byToken.set(session.token, session)
    return session
  }

  /** The live session for a token, refreshing its idle timer; null when unknown, logged off or expired. */
  authenticate(token: string): LogonSession | null {
    const session = this.byToken.get(token)
    if (!session || this.expired(session)) {
      if (session) this.remove(session.id)
      return null
    }
    session.lastSeen = this.now()
    return session
  }

  get(id: string): LogonSession | null {
    const session = this.byId.get(id)
    if (!session || this.expired(session)) return null
    return session
  }

  /** Ends a logon session; returns it, or null when there was none with that ID. */
  remove(id: string): LogonSession | null {
    const session = this.byId.get(id)
    if (!session) return null
    this.byId.delete(id)
    this.byToken.delete(session.token)
    return session
  }

  clear(): void {
    this.byId.clear()
    this.byToken.clear()
  }

  count(): number {
    this.prune()
    return this.byId.size
  }

  list(): LogonSession[] {
    this.prune()
    return [...this.byId.values()]
  }

  private expired(session: LogonSession): boolean {
    return this.now() - session.lastSeen >= this.idleTimeoutMs
  }

  private prune(): void {
    for (const s of [...this.byId.values()]) if (this.expired(s)) this.remove(s.id)
  }
}

/** `Authorization: Basic base64(user:pass)` (http_authentication.md); null when absent or not Basic. */
export function parseBasic(header: string | undefined): { user: string; password: string } | null {
  if (!header) return null
  const m = /^\s*basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header)
  if (!m?.[1]) return null
  const decoded = Buffer.from(m[1], 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return null
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

export const TOKEN_NAME = 'X-RestSvcSessionId'

/**
 * The token a request presents. When both are sent, EM "will use the cookie token and ignore the token sent in
 * the X-RestSvcSessionId header" (http_authentication.md). Node lower-cases header names, so the header is
 * matched case-insensitively as HTTP requires.
 */
export function presentedToken(headers: IncomingHttpHeaders): string | null {
  const cookie = cookieValue(headers.cookie, TOKEN_NAME)
  if (cookie !== null) return cookie
  const header = headers[TOKEN_NAME.toLowerCase()]
  const value = Array.isArray(header) ? header[0] : header
  return value === undefined ? null : value.trim()
}

function cookieValue(cookieHeader: string | undefined, name: string): string | null {
  if (!cookieHeader) return null
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return null
}
