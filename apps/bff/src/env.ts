import { readFileSync } from 'node:fs'
import { isIP } from 'node:net'

/** Everything the BFF reads from its environment, validated once at start. This is the only reader of env. */
export type Config = {
  host: string
  port: number
  /** Null when EM_URL is unset: the start script then runs the embedded simulator (the demo). */
  em: EmConfig | null
  emFormat: 'xml' | 'json'
  emTimeoutMs: number
  /** Directory of the built SPA, served when it exists. */
  webDist: string | null
}

export type EmConfig = {
  /** Origin only, e.g. `https://em.example.com:9398`. */
  origin: string
  username: string
  password: string
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

  const host = value('HOST') ?? '127.0.0.1'
  if (!isIP(host) && !HOSTNAME_RE.test(host)) {
    problems.push(
      `HOST must be an IP address or host name to listen on, such as 127.0.0.1 or 0.0.0.0 (got "${host}").`,
    )
  }

  const port = intIn(value('PORT'), 8080, 0, 65535)
  if (port === null) problems.push(`PORT must be a whole number from 0 to 65535 (got "${value('PORT')}").`)

  const format = (value('EM_FORMAT') ?? 'xml').toLowerCase()
  if (format !== 'xml' && format !== 'json') {
    problems.push(`EM_FORMAT must be "xml" (EM's default) or "json" (got "${value('EM_FORMAT')}").`)
  }

  const timeout = intIn(value('EM_TIMEOUT_MS'), 10_000, 100, 600_000)
  if (timeout === null) {
    problems.push(
      `EM_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000 (got "${value('EM_TIMEOUT_MS')}").`,
    )
  }

  const insecureRaw = (value('EM_TLS_INSECURE') ?? 'false').toLowerCase()
  const insecure = ['true', '1', 'yes'].includes(insecureRaw)
  if (!insecure && !['false', '0', 'no'].includes(insecureRaw)) {
    problems.push(`EM_TLS_INSECURE must be "true" or "false" (got "${value('EM_TLS_INSECURE')}").`)
  }

  let em: EmConfig | null = null
  const rawUrl = value('EM_URL')
  const username = env.EM_USERNAME
  const password = env.EM_PASSWORD
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
    if (!username)
      problems.push('EM_USERNAME is required with EM_URL: the Enterprise Manager account to log on with.')
    if (!password) problems.push('EM_PASSWORD is required with EM_URL: the password of EM_USERNAME.')
    const caFile = value('EM_CA_FILE')
    let ca: string | undefined
    if (caFile !== undefined) {
      try {
        ca = readFileSync(caFile, 'utf8')
        if (!ca.includes('-----BEGIN CERTIFICATE-----')) {
          problems.push(`EM_CA_FILE (${caFile}) holds no PEM certificate ("-----BEGIN CERTIFICATE-----").`)
        }
      } catch (error) {
        const code = typeof error === 'object' && error && 'code' in error ? String(error.code) : 'unreadable'
        problems.push(
          `EM_CA_FILE (${caFile}) cannot be read (${code}): give the path of a PEM file with EM's CA certificate.`,
        )
      }
    }
    if (typeof origin === 'string' && username && password) {
      em = { origin, username, password, ca, caFile, insecure }
    }
  }

  if (problems.length > 0) throw new ConfigError(problems)
  return {
    host,
    port: port ?? 8080,
    em,
    emFormat: format === 'json' ? 'json' : 'xml',
    emTimeoutMs: timeout ?? 10_000,
    webDist: value('WEB_DIST') ?? defaults.webDist ?? null,
  }
}

function intIn(raw: string | undefined, fallback: number, min: number, max: number): number | null {
  if (raw === undefined) return fallback
  if (!/^\d+$/.test(raw)) return null
  const n = Number(raw)
  return n >= min && n <= max ? n : null
}

function parseEmUrl(raw: string): string | { problem: string } {
  const example = 'such as https://em.example.com:9398'
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { problem: `EM_URL must be a URL ${example} (got "${raw}").` }
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
      problem: `EM_URL must be EM's base URL without a path (or ending in /api), ${example} (got "${raw}").`,
    }
  }
  return url.origin
}
