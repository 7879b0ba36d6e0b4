import { type SignedIn, signInRequestSchema } from '@ese/shared'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { BffError, isBffError } from '../em/errors.ts'
import {
  type EmCaller,
  type EmConnection,
  type ServiceSession,
  type Trace,
  UserSession,
} from '../em/session.ts'
import type { Limiter } from './limiter.ts'
import type { SessionStore } from './sessions.ts'

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

const COOKIE = 'ese_session'

/**
 * Who a request reads EM as. With AUTH=service, the one service account; with AUTH=em, the user of the
 * dashboard session named by the request's cookie, who signed in with their own EM account. The cookie holds
 * an opaque random ID; the EM token stays in the session store, sealed.
 */
export class Auth {
  constructor(private readonly options: AuthOptions) {}

  get mode(): 'em' | 'service' {
    return this.options.mode
  }

  /** The caller for a lookup: 401 `unauthenticated` (without calling EM) when no one is signed in. */
  async caller(c: Context): Promise<EmCaller> {
    const o = this.options
    if (o.mode === 'service') return o.service
    const id = this.cookie(c)
    const session = id ? await store(() => o.store.get(id)) : null
    if (!id || !session) throw unauthenticated()
    const logon = { token: session.token, sessionId: session.emSessionId, userName: session.userName }
    return new UserSession(o.em, logon, session.userName, () => store(() => o.store.delete(id)))
  }

  async whoAmI(c: Context): Promise<SignedIn> {
    const o = this.options
    if (o.mode === 'service')
      return { user: { name: o.serviceUser }, auth: 'service', refreshMs: o.refreshMs }
    const id = this.cookie(c)
    const session = id ? await store(() => o.store.get(id)) : null
    if (!session) throw unauthenticated()
    return { user: { name: session.userName }, auth: 'em', refreshMs: o.refreshMs }
  }

  /** `POST /api/session`: logs on to EM as the user; the password goes to EM and nowhere else. */
  async signIn(c: Context, trace: Trace): Promise<SignedIn> {
    const o = this.options
    if (o.mode === 'service') {
      throw new BffError(
        'invalid_request',
        'Sign-in is off: this dashboard reads Enterprise Manager with a service account (AUTH=service).',
      )
    }
    const parsed = signInRequestSchema.safeParse(await c.req.json().catch(() => null))
    if (!parsed.success) {
      throw new BffError('invalid_request', 'Send JSON with a non-empty "username" and "password".')
    }
    const { username, password } = parsed.data
    const keys = [`address:${this.clientAddress(c)}`, `user:${username.toLowerCase()}`]
    const wait = await store(() => o.limiter.blockedFor(keys))
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000)
      c.header('Retry-After', String(seconds))
      throw new BffError(
        'too_many_attempts',
        `Too many failed sign-ins from this address or for this user name. Wait ${seconds} s, then try again.`,
      )
    }
    const logon = await o.em
      .logon(username, password, trace, () => {
        return new BffError(
          'invalid_credentials',
          'Enterprise Manager refused this user name and password, or the account has no Enterprise Manager role.',
        )
      })
      .catch(async (error: unknown) => {
        if (isBffError(error) && error.code === 'invalid_credentials') await store(() => o.limiter.fail(keys))
        throw error
      })
    const userName = logon.userName ?? username
    const maxAgeMs = o.sessionMaxHours * 3_600_000
    const id = await store(() =>
      o.store.create({
        userName,
        token: logon.token,
        emSessionId: logon.sessionId,
        expiresAt: Date.now() + maxAgeMs,
      }),
    )
    setCookie(c, COOKIE, id, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure: o.cookieSecure,
      maxAge: Math.floor(maxAgeMs / 1000),
      ...(o.cookieSecure ? { prefix: 'host' as const } : {}),
    })
    return { user: { name: userName }, auth: 'em', refreshMs: o.refreshMs }
  }

  /** `DELETE /api/session`: ends the dashboard session and logs its EM session off. */
  async signOut(c: Context): Promise<void> {
    const o = this.options
    if (o.mode === 'service') return
    const id = this.cookie(c)
    deleteCookie(c, COOKIE, {
      path: '/',
      secure: o.cookieSecure,
      ...(o.cookieSecure ? { prefix: 'host' } : {}),
    })
    const session = id ? await store(() => o.store.get(id)) : null
    if (!id || !session) return
    await store(() => o.store.delete(id))
    await o.em.logoff({ token: session.token, sessionId: session.emSessionId, userName: session.userName })
  }

  /**
   * At shutdown: EM sessions only this process knows of are logged off (a shared store keeps them for the
   * other replicas). Returns how many were.
   */
  async close(): Promise<number> {
    const o = this.options
    if (o.mode === 'service') return (await o.service.logoff()) ? 1 : 0
    const sessions = await o.store.drain().catch(() => [])
    const done = await Promise.all(
      sessions.map((s) => o.em.logoff({ token: s.token, sessionId: s.emSessionId, userName: s.userName })),
    )
    await o.store.close()
    return done.filter(Boolean).length
  }

  private cookie(c: Context): string | undefined {
    const o = this.options
    return o.mode === 'em' && o.cookieSecure ? getCookie(c, COOKIE, 'host') : getCookie(c, COOKIE)
  }

  /** The client's address; behind a trusted reverse proxy, the one it appended to X-Forwarded-For. */
  private clientAddress(c: Context): string {
    const o = this.options
    const forwarded = o.mode === 'em' && o.trustProxy ? c.req.header('x-forwarded-for') : undefined
    const last = forwarded?.split(',').pop()?.trim()
    if (last) return last
    try {
      return getConnInfo(c).remote.address ?? 'unknown'
    } catch {
      return 'unknown'
    }
  }
}

/** Refuses a cross-site request (CSRF) to sign in or out: its Origin, or the browser's Sec-Fetch-Site, says so. */
export function sameOrigin(c: Context): boolean {
  const site = c.req.header('sec-fetch-site')
  if (site && site !== 'same-origin' && site !== 'none') return false
  const origin = c.req.header('origin')
  if (!origin) return true
  try {
    return new URL(origin).host === c.req.header('host')
  } catch {
    return false
  }
}

function unauthenticated(): BffError {
  return new BffError('unauthenticated', 'Sign in with your Enterprise Manager account to see this.')
}

/** The session store (Redis) failing is the dashboard's fault, not EM's: said so, without details. */
async function store<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op()
  } catch (error) {
    throw new BffError(
      'internal',
      "The dashboard's session store cannot be reached. Try again in a moment; if it persists, check Redis (REDIS_URL).",
      { cause: error },
    )
  }
}
