import { readFileSync } from 'node:fs'
import { isIP } from 'node:net'

/** Everything the BFF reads from its environment, validated once at start. This is the only reader of env. */
export type Config = {
  host: string
  port: number
  /** Null when EM_URL is unset: the start script then runs the embedded simulator (the demo). */
  em: EmConfig | null
  /** `em`: every user signs in with their own EM account; `service`: one service account reads for all. */
  auth: 'em' | 'service'
  emFormat: 'xml' | 'json'
  emTimeoutMs: number
  emMaxConnections: number
  runningCacheMs: number
  sessionMaxHours: number
  cookieSecure: boolean
  /** Sessions in Redis, shared by replicas; in memory when null. */
  redisUrl: string | null
  /** Seals EM tokens in the session store; required with REDIS_URL, random per process otherwise. */
  sessionSecret: string | null
  /** HTTPS on the BFF itself. */
  tls: { cert: string; key: string } | null
  /** Take the client's address for sign-in limits from X-Forwarded-For (behind a reverse proxy). */
  trustProxy: boolean
  /** Directory of the built SPA, served when it exists. */
  webDist: string | null
}

export type EmConfig = {
  /** Origin only, e.g. `https://em.example.com:9398`. */
  origin: string
  /** The service account (AUTH=service); unused with AUTH=em. */
  username?: string | undefined
  password?: string | undefined
  /** PEM text of EM_CA_FILE. */
  ca: string | undefined
  caFile: string | undefined
  insecure: boolean
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration error:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

type Env = Record<string, string | undefined>

const HOSTNAME_RE =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i

/**
 * Reads and checks the configuration. Every problem is reported at once, each naming the variable, what is
 * wrong and how to fix it. Secrets are never echoed back.
 */
export function loadConfig(env: Env, defaults: { webDist?: string | null } = {}): Config {
  const problems: string[] = []
  const value = (name: string) => {
    const v = env[name]
    return v === undefined || v.trim() === '' ? undefined : v.trim()
  }
  const int = (name: string, fallback: number, min: number, max: number, what: string) => {
    const raw = value(name)
    if (raw === undefined) return fallback
    const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN
    if (n >= min && n <= max) return n
    problems.push(`${name} must be a whole number${what && ` ${what}`} from ${min} to ${max} (got "${raw}").`)
    return fallback
  }
  const flag = (name: string, fallback: boolean) => {
    const raw = (value(name) ?? String(fallback)).toLowerCase()
    if (['true', '1', 'yes'].includes(raw)) return true
    if (!['false', '0', 'no'].includes(raw))
      problems.push(`${name} must be "true" or "false" (got "${raw}").`)
    return false
  }
  const pem = (name: string, marker: string) => {
    const file = value(name)
    if (file === undefined) return undefined
    try {
      const text = readFileSync(file, 'utf8')
      if (!text.includes(marker)) problems.push(`${name} (${file}) holds no PEM "${marker}".`)
      return text
    } catch (error) {
      const code = typeof error === 'object' && error && 'code' in error ? String(error.code) : 'unreadable'
      problems.push(`${name} (${file}) cannot be read (${code}): give the path of a PEM file.`)
      return undefined
    }
  }

  const host = value('HOST') ?? '127.0.0.1'
  if (!isIP(host) && !HOSTNAME_RE.test(host)) {
    problems.push(
      `HOST must be an IP address or host name to listen on, such as 127.0.0.1 or 0.0.0.0 (got "${host}").`,
    )
  }
  const port = int('PORT', 8080, 0, 65535, '')
  const format = (value('EM_FORMAT') ?? 'xml').toLowerCase()
  if (format !== 'xml' && format !== 'json') {
    problems.push(`EM_FORMAT must be "xml" (EM's default) or "json" (got "${value('EM_FORMAT')}").`)
  }
  const emTimeoutMs = int('EM_TIMEOUT_MS', 10_000, 100, 600_000, 'of milliseconds')
  const emMaxConnections = int('EM_MAX_CONNECTIONS', 6, 1, 256, 'of connections')
  const runningCacheMs = int('RUNNING_CACHE_MS', 2000, 0, 60_000, 'of milliseconds')
  const insecure = flag('EM_TLS_INSECURE', false)
  const cookieSecure = flag('COOKIE_SECURE', true)
  const trustProxy = flag('TRUST_PROXY', false)

  const hoursRaw = value('SESSION_MAX_HOURS')
  const sessionMaxHours = hoursRaw === undefined ? 8 : Number(hoursRaw)
  if (!/^\d+(\.\d+)?$/.test(hoursRaw ?? '8') || !(sessionMaxHours > 0 && sessionMaxHours <= 720)) {
    problems.push(`SESSION_MAX_HOURS must be a number of hours above 0 and at most 720 (got "${hoursRaw}").`)
  }

  const rawUrl = value('EM_URL')
  const authRaw = value('AUTH')?.toLowerCase()
  if (authRaw !== undefined && authRaw !== 'em' && authRaw !== 'service') {
    problems.push(
      `AUTH must be "em" (each user signs in with their own EM account) or "service" (got "${authRaw}").`,
    )
  }
  const auth = authRaw === 'em' ? 'em' : 'service'
  const username = env.EM_USERNAME
  const password = env.EM_PASSWORD
  let em: EmConfig | null = null
  if (rawUrl === undefined) {
    for (const name of ['EM_USERNAME', 'EM_PASSWORD', 'EM_CA_FILE'] as const) {
      if (value(name) !== undefined) {
        problems.push(
          `${name} is set but EM_URL is not: set EM_URL to your Enterprise Manager, e.g. https://em.example.com:9398.`,
        )
      }
    }
  } else {
    const origin = parseEmUrl(rawUrl)
    if (typeof origin !== 'string') problems.push(origin.problem)
    if (authRaw === undefined) {
      problems.push(
        'AUTH is required with EM_URL: "em" to have every user sign in with their own EM account (for a team), or "service" to read with EM_USERNAME and EM_PASSWORD.',
      )
    } else if (auth === 'service') {
      if (!username) problems.push('EM_USERNAME is required with AUTH=service: the EM account to read with.')
      if (!password) problems.push('EM_PASSWORD is required with AUTH=service: the password of EM_USERNAME.')
    } else if (username || password) {
      problems.push(
        'EM_USERNAME and EM_PASSWORD are not used with AUTH=em (users sign in themselves): remove them.',
      )
    }
    const caFile = value('EM_CA_FILE')
    const ca = pem('EM_CA_FILE', '-----BEGIN CERTIFICATE-----')
    if (typeof origin === 'string') em = { origin, username, password, ca, caFile, insecure }
  }

  const redisUrl = value('REDIS_URL') ?? null
  if (redisUrl !== null && !/^rediss?:\/\//i.test(redisUrl)) {
    problems.push('REDIS_URL must start with redis:// or rediss://, such as redis://127.0.0.1:6379.')
  }
  const sessionSecret = value('SESSION_SECRET') ?? null
  if (redisUrl !== null && sessionSecret === null) {
    problems.push(
      'SESSION_SECRET is required with REDIS_URL: at least 32 random characters, the same on every replica (it seals EM tokens in Redis).',
    )
  } else if (sessionSecret !== null && sessionSecret.length < 32) {
    problems.push('SESSION_SECRET must be at least 32 characters long (use random ones).')
  }

  const cert = pem('TLS_CERT_FILE', '-----BEGIN CERTIFICATE-----')
  const key = pem('TLS_KEY_FILE', 'PRIVATE KEY-----')
  if ((value('TLS_CERT_FILE') === undefined) !== (value('TLS_KEY_FILE') === undefined)) {
    problems.push('TLS_CERT_FILE and TLS_KEY_FILE go together: set both for HTTPS, or neither.')
  }

  if (problems.length > 0) throw new ConfigError(problems)
  return {
    host,
    port,
    em,
    auth,
    emFormat: format === 'json' ? 'json' : 'xml',
    emTimeoutMs,
    emMaxConnections,
    runningCacheMs,
    sessionMaxHours,
    cookieSecure,
    redisUrl,
    sessionSecret,
    tls: cert && key ? { cert, key } : null,
    trustProxy,
    webDist: value('WEB_DIST') ?? defaults.webDist ?? null,
  }
}

function parseEmUrl(raw: string): string | { problem: string } {
  const example = 'such as https://em.example.com:9398'
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    // Not quoted back: it may hold credentials.
    return { problem: `EM_URL must be a URL ${example}; the value given is not a URL (check the port too).` }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return {
      problem: `EM_URL must start with https:// (or http:// for a simulator), ${example} (got "${url.protocol}").`,
    }
  }
  if (url.username || url.password) {
    return { problem: 'EM_URL must not contain credentials: put them in EM_USERNAME and EM_PASSWORD.' }
  }
  if (!['', '/', '/api', '/api/'].includes(url.pathname) || url.search || url.hash) {
    return {
      problem: `EM_URL must be EM's base URL without a path, query or fragment (or ending in /api), ${example} (got the path "${url.pathname}").`,
    }
  }
  return url.origin
}
