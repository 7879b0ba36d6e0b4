import { type SignedIn, signInRequestSchema } from '@ese/shared'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { BffError, isBffError } from '../em/errors.ts'
import type { EmCaller, EmConnection, ServiceSession, Trace } from '../em/session.ts'
import { UserSession } from '../em/session.ts'
import type { Limiter } from './limiter.ts'
import type { DashboardSession, SessionStore } from './sessions.ts'

export type AuthOptions = { refreshMs: number } & (
  | { mode: 'service'; service: ServiceSession; serviceUser: string }
  | {
      mode: 'em'
      em: EmConnection
      store: SessionStore
      limiter: Limiter
      cookieSecure: boolean
      sessionMaxHours: number
      trustProxy: boolean
    }
)
type EmOptions = Extract<AuthOptions, { mode: 'em' }>

const COOKIE = 'ese_session'
const SIGN_IN_OFF =
  'Sign-in is off: this dashboard reads Enterprise Manager with a service account (AUTH=service).'
const REFUSED =
  'Enterprise Manager refused this user name and password, or the account has no Enterprise Manager role.'
const STORE_DOWN =
  "The dashboard's session store cannot be reached. Try again in a moment; if it persists, check Redis (REDIS_URL)."

/** Whom a request reads EM as: the service account, or the user its cookie (an opaque random ID) names. */
export class Auth {
  constructor(private readonly options: AuthOptions) {}

  get mode(): 'em' | 'service' {
    return this.options.mode
  }

  /** The caller for a lookup: 401 `unauthenticated` (without calling EM) when no one is signed in. */
  async caller(c: Context): Promise<EmCaller> {
    const o = this.options
    if (o.mode === 'service') return o.service
    const { id, session } = (await find(o, c)) ?? unauthenticated()
    return new UserSession(o.em, session, session.userName, () => store(() => o.store.delete(id)))
  }

  async whoAmI(c: Context): Promise<SignedIn> {
    const o = this.options
    const name =
      o.mode === 'service' ? o.serviceUser : ((await find(o, c)) ?? unauthenticated()).session.userName
    return { user: { name }, auth: o.mode, refreshMs: o.refreshMs }
  }

  /** `POST /api/session`: logs on to EM as the user; the password goes to EM and nowhere else. */
  async signIn(c: Context, trace: Trace): Promise<SignedIn> {
    const o = this.options
    if (o.mode === 'service') throw new BffError('invalid_request', SIGN_IN_OFF)
    const parsed = signInRequestSchema.safeParse(await c.req.json().catch(() => null))
    if (!parsed.success)
      throw new BffError('invalid_request', 'Send JSON with a non-empty "username" and "password".')
    const { username, password } = parsed.data
    const keys = [`address:${clientAddress(c, o.trustProxy)}`, `user:${username.toLowerCase()}`]
    const seconds = Math.ceil((await store(() => o.limiter.blockedFor(keys))) / 1000)
    if (seconds > 0) {
      c.header('Retry-After', String(seconds))
      throw new BffError(
        'too_many_attempts',
        `Too many failed sign-ins from this address or for this user name. Wait ${seconds} s, then try again.`,
      )
    }
    const refused = () => new BffError('invalid_credentials', REFUSED)
    const logon = await o.em.logon(username, password, trace, refused).catch(async (error: unknown) => {
      if (isBffError(error) && error.code === 'invalid_credentials') await store(() => o.limiter.fail(keys))
      throw error
    })
    const userName = logon.userName ?? username
    const maxAgeMs = o.sessionMaxHours * 3_600_000
    const id = await store(() => o.store.create({ ...logon, userName, expiresAt: Date.now() + maxAgeMs }))
    const maxAge = Math.floor(maxAgeMs / 1000)
    setCookie(c, COOKIE, id, { ...cookieScope(o.cookieSecure), httpOnly: true, sameSite: 'Lax', maxAge })
    return { user: { name: userName }, auth: 'em', refreshMs: o.refreshMs }
  }

  /** `DELETE /api/session`: ends the dashboard session and logs its EM session off. */
  async signOut(c: Context): Promise<void> {
    const o = this.options
    if (o.mode === 'service') return
    deleteCookie(c, COOKIE, cookieScope(o.cookieSecure))
    const found = await find(o, c)
    if (!found) return
    await store(() => o.store.delete(found.id))
    await o.em.logoff(found.session)
  }

  /** At shutdown: logs off the EM sessions only this process holds (a shared store's live on); how many were. */
  async close(): Promise<number> {
    const o = this.options
    if (o.mode === 'service') return (await o.service.logoff()) ? 1 : 0
    const sessions = await o.store.drain().catch(() => [])
    return (await Promise.all(sessions.map((s) => o.em.logoff(s)))).filter(Boolean).length
  }
}

/** Refuses a cross-site request (CSRF) to sign in or out: its Origin, or the browser's Sec-Fetch-Site, says so. */
export function sameOrigin(c: Context): boolean {
  const site = c.req.header('sec-fetch-site')
  if (site && site !== 'same-origin' && site !== 'none') return false
  const origin = c.req.header('origin')
  return !origin || (URL.canParse(origin) && new URL(origin).host === c.req.header('host'))
}

async function find(o: EmOptions, c: Context): Promise<{ id: string; session: DashboardSession } | null> {
  const id = o.cookieSecure ? getCookie(c, COOKIE, 'host') : getCookie(c, COOKIE)
  const session = id ? await store(() => o.store.get(id)) : null
  return id && session ? { id, session } : null
}

function unauthenticated(): never {
  throw new BffError('unauthenticated', 'Sign in with your Enterprise Manager account to see this.')
}

/** `__Host-` (so Secure, Path=/ and no Domain) unless COOKIE_SECURE=false. */
function cookieScope(secure: boolean) {
  return { path: '/', secure, ...(secure ? { prefix: 'host' as const } : {}) }
}

/** The client's address; behind a trusted reverse proxy, the one it appended to X-Forwarded-For. */
function clientAddress(c: Context, trustProxy: boolean): string {
  const last = trustProxy ? c.req.header('x-forwarded-for')?.split(',').pop()?.trim() : undefined
  try {
    return last || (getConnInfo(c).remote.address ?? 'unknown')
  } catch {
    return 'unknown'
  }
}

/** The session store (Redis) failing is the dashboard's fault, not EM's: said so, without details. */
function store<T>(op: () => Promise<T>): Promise<T> {
  return op().catch((error: unknown) => {
    throw new BffError('internal', STORE_DOWN, { cause: error })
  })
}
