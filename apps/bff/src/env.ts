import { readFileSync } from 'node:fs'
import { isIP } from 'node:net'

/** Everything the BFF reads from its environment, validated once at start (env.ts is the only reader of env). */
export type Config = ReturnType<typeof loadConfig>

export type EmConfig = {
  origin: string // origin only, e.g. https://em.example.com:9398
  username?: string | undefined // the service account (AUTH=service); unused with AUTH=em
  password?: string | undefined
  ca: string | undefined // PEM text of EM_CA_FILE
  caFile: string | undefined
  insecure: boolean
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration error:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

const HOSTNAME_RE =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i

/** Reads and checks the configuration, reporting every problem at once and never echoing a secret. */
export function loadConfig(env: NodeJS.ProcessEnv, defaults: { webDist?: string | null } = {}) {
  const problems: string[] = []
  const value = (name: string) => env[name]?.trim() || undefined
  const int = (name: string, fallback: number, min: number, max: number, unit = '') => {
    const raw = value(name)
    const n = raw === undefined ? fallback : /^\d+$/.test(raw) ? Number(raw) : Number.NaN
    if (n >= min && n <= max) return n
    problems.push(`${name} must be a whole number${unit && ` ${unit}`} from ${min} to ${max} (got "${raw}").`)
    return fallback
  }
  const flag = (name: string, fallback: boolean) => {
    const raw = (value(name) ?? String(fallback)).toLowerCase()
    if (!['true', '1', 'yes', 'false', '0', 'no'].includes(raw))
      problems.push(`${name} must be "true" or "false" (got "${raw}").`)
    return ['true', '1', 'yes'].includes(raw)
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
    }
  }

  const host = value('HOST') ?? '127.0.0.1'
  if (!isIP(host) && !HOSTNAME_RE.test(host))
    problems.push(
      `HOST must be an IP address or host name to listen on, such as 127.0.0.1 or 0.0.0.0 (got "${host}").`,
    )
  const port = int('PORT', 8080, 0, 65535)
  const format = value('EM_FORMAT')
  if (!['xml', 'json', undefined].includes(format?.toLowerCase()))
    problems.push(`EM_FORMAT must be "xml" (EM's default) or "json" (got "${format}").`)
  const emTimeoutMs = int('EM_TIMEOUT_MS', 10_000, 100, 600_000, 'of milliseconds')
  const emMaxConnections = int('EM_MAX_CONNECTIONS', 6, 1, 256, 'of connections')
  const runningCacheMs = int('RUNNING_CACHE_MS', 2000, 0, 60_000, 'of milliseconds')
  const insecure = flag('EM_TLS_INSECURE', false)
  const cookieSecure = flag('COOKIE_SECURE', true)
  const trustProxy = flag('TRUST_PROXY', false)
  const hours = value('SESSION_MAX_HOURS')
  const sessionMaxHours = Number(hours ?? 8)
  if (!/^\d+(\.\d+)?$/.test(hours ?? '8') || !(sessionMaxHours > 0 && sessionMaxHours <= 720))
    problems.push(`SESSION_MAX_HOURS must be a number of hours above 0 and at most 720 (got "${hours}").`)

  const rawUrl = value('EM_URL')
  const authRaw = value('AUTH')?.toLowerCase()
  if (![undefined, 'em', 'service'].includes(authRaw))
    problems.push(
      `AUTH must be "em" (each user signs in with their own EM account) or "service" (got "${authRaw}").`,
    )
  const auth: 'em' | 'service' = authRaw === 'em' ? 'em' : 'service'
  const { EM_USERNAME: username, EM_PASSWORD: password } = env
  let em: EmConfig | null = null
  if (rawUrl === undefined) {
    for (const name of ['EM_USERNAME', 'EM_PASSWORD', 'EM_CA_FILE'])
      if (value(name) !== undefined)
        problems.push(
          `${name} is set but EM_URL is not: set EM_URL to your Enterprise Manager, e.g. https://em.example.com:9398.`,
        )
  } else {
    const urlProblem = emUrlProblem(rawUrl)
    if (urlProblem) problems.push(urlProblem)
    if (authRaw === undefined)
      problems.push(
        'AUTH is required with EM_URL: "em" to have every user sign in with their own EM account (for a team), or "service" to read with EM_USERNAME and EM_PASSWORD.',
      )
    else if (auth === 'service') {
      if (!username) problems.push('EM_USERNAME is required with AUTH=service: the EM account to read with.')
      if (!password) problems.push('EM_PASSWORD is required with AUTH=service: the password of EM_USERNAME.')
    } else if (username || password)
      problems.push(
        'EM_USERNAME and EM_PASSWORD are not used with AUTH=em (users sign in themselves): remove them.',
      )
    const caFile = value('EM_CA_FILE')
    const ca = pem('EM_CA_FILE', '-----BEGIN CERTIFICATE-----')
    if (!urlProblem) em = { origin: new URL(rawUrl).origin, username, password, ca, caFile, insecure }
  }

  const redisUrl = value('REDIS_URL') ?? null
  if (redisUrl !== null && !/^rediss?:\/\//i.test(redisUrl))
    problems.push('REDIS_URL must start with redis:// or rediss://, such as redis://127.0.0.1:6379.')
  const sessionSecret = value('SESSION_SECRET') ?? null
  if (redisUrl !== null && sessionSecret === null)
    problems.push(
      'SESSION_SECRET is required with REDIS_URL: at least 32 random characters, the same on every replica (it seals EM tokens in Redis).',
    )
  else if (sessionSecret !== null && sessionSecret.length < 32)
    problems.push('SESSION_SECRET must be at least 32 characters long (use random ones).')

  const cert = pem('TLS_CERT_FILE', '-----BEGIN CERTIFICATE-----')
  const key = pem('TLS_KEY_FILE', 'PRIVATE KEY-----')
  if ((value('TLS_CERT_FILE') === undefined) !== (value('TLS_KEY_FILE') === undefined))
    problems.push('TLS_CERT_FILE and TLS_KEY_FILE go together: set both for HTTPS, or neither.')

  if (problems.length > 0) throw new ConfigError(problems)
  return {
    host,
    port,
    em, // null without EM_URL: the start script then runs the embedded simulator (the demo)
    auth, // em: every user signs in with their own EM account; service: one account reads for all
    emFormat: format?.toLowerCase() === 'json' ? ('json' as const) : ('xml' as const),
    emTimeoutMs,
    emMaxConnections,
    runningCacheMs,
    sessionMaxHours,
    cookieSecure,
    redisUrl, // sessions in Redis, shared by replicas; in memory when null
    sessionSecret, // seals EM tokens in the session store; random per process without Redis
    tls: cert && key ? { cert, key } : null, // HTTPS on the BFF itself
    trustProxy, // the client's address for sign-in limits from X-Forwarded-For (behind a proxy)
    webDist: value('WEB_DIST') ?? defaults.webDist ?? null, // the built SPA, served when it exists
  }
}

/** What is wrong with EM_URL, if anything; a value that is not a URL is not quoted (it may hold credentials). */
function emUrlProblem(raw: string): string | undefined {
  if (!URL.canParse(raw))
    return 'EM_URL must be a URL such as https://em.example.com:9398; the value given is not a URL (check the port too).'
  const url = new URL(raw)
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return `EM_URL must start with https:// (or http:// for a simulator), such as https://em.example.com:9398 (got "${url.protocol}").`
  if (url.username || url.password)
    return 'EM_URL must not contain credentials: put them in EM_USERNAME and EM_PASSWORD.'
  if (!['', '/', '/api', '/api/'].includes(url.pathname) || url.search || url.hash)
    return `EM_URL must be EM's base URL without a path, query or fragment (or ending in /api), such as https://em.example.com:9398 (got the path "${url.pathname}").`
}
