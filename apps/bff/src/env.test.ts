import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './env.ts'

const cert = (name: string) =>
  fileURLToPath(new URL(`../../../packages/em-simulator/certs/${name}`, import.meta.url))
const CA = cert('ca.pem')
const TLS_CERT = cert('em.pem')
const TLS_KEY = cert('em.key')

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  return []
}

const SERVICE = { EM_URL: 'https://em:9398', AUTH: 'service', EM_USERNAME: 'u', EM_PASSWORD: 'p' }
const SECRET = 'k'.repeat(32)

describe('loadConfig', () => {
  it('defaults to the demo (no EM): loopback:8080, XML, 10 s, 6 connections, a 2 s running window, 8 h sessions, secure cookies', () => {
    expect(loadConfig({})).toEqual({
      host: '127.0.0.1',
      port: 8080,
      em: null,
      auth: 'service',
      emFormat: 'xml',
      emTimeoutMs: 10_000,
      emMaxConnections: 6,
      runningCacheMs: 2000,
      sessionMaxHours: 8,
      cookieSecure: true,
      redisUrl: null,
      sessionSecret: null,
      tls: null,
      trustProxy: false,
      webDist: null,
    })
    expect(loadConfig({}, { webDist: '/srv/web' }).webDist).toBe('/srv/web')
    expect(loadConfig({ WEB_DIST: '/opt/web' }, { webDist: '/srv/web' }).webDist).toBe('/opt/web')
  })

  it('reads a real EM with a service account: origin only, credentials as given, CA file, format, timeout', () => {
    const c = loadConfig({
      EM_URL: 'https://EM.example.com:9398/api/',
      AUTH: 'Service',
      EM_USERNAME: 'CORP\\svc-em',
      EM_PASSWORD: ' p@ss word ',
      EM_CA_FILE: CA,
      EM_FORMAT: 'JSON',
      EM_TIMEOUT_MS: '2500',
      EM_MAX_CONNECTIONS: '12',
      PORT: '9000',
      HOST: '0.0.0.0',
    })
    expect(c).toMatchObject({
      host: '0.0.0.0',
      port: 9000,
      auth: 'service',
      emFormat: 'json',
      emTimeoutMs: 2500,
      emMaxConnections: 12,
    })
    expect(c.em).toMatchObject({
      origin: 'https://em.example.com:9398',
      username: 'CORP\\svc-em',
      // A password is used as it is, spaces and all.
      password: ' p@ss word ',
      caFile: CA,
      insecure: false,
    })
    expect(c.em?.ca).toBe(readFileSync(CA, 'utf8'))
  })

  it('AUTH=em: every user signs in, so no service account is configured', () => {
    const c = loadConfig({ EM_URL: 'http://127.0.0.1:9399', AUTH: 'em', EM_TLS_INSECURE: 'true' })
    expect(c.auth).toBe('em')
    expect(c.em).toMatchObject({ origin: 'http://127.0.0.1:9399', insecure: true })
    expect(c.em?.username).toBeUndefined()
    expect(c.em?.password).toBeUndefined()
  })

  it('reads the session, cookie, proxy and limit settings', () => {
    const c = loadConfig({
      ...SERVICE,
      RUNNING_CACHE_MS: '0',
      SESSION_MAX_HOURS: '0.5',
      COOKIE_SECURE: 'false',
      TRUST_PROXY: 'yes',
      REDIS_URL: 'rediss://cache.internal:6380/2',
      SESSION_SECRET: SECRET,
    })
    expect(c).toMatchObject({
      runningCacheMs: 0,
      sessionMaxHours: 0.5,
      cookieSecure: false,
      trustProxy: true,
      redisUrl: 'rediss://cache.internal:6380/2',
      sessionSecret: SECRET,
    })
    // A secret alone (no Redis) is used as given.
    expect(loadConfig({ SESSION_SECRET: SECRET }).sessionSecret).toBe(SECRET)
  })

  it('serves HTTPS itself with a readable certificate and key (the simulator test pair)', () => {
    const c = loadConfig({ TLS_CERT_FILE: TLS_CERT, TLS_KEY_FILE: TLS_KEY })
    expect(c.tls).toEqual({ cert: readFileSync(TLS_CERT, 'utf8'), key: readFileSync(TLS_KEY, 'utf8') })
  })

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT/],
    [{ HOST: 'not a host!' }, /HOST/],
    [{ EM_FORMAT: 'yaml' }, /EM_FORMAT must be "xml"/],
    [{ EM_TIMEOUT_MS: '10s' }, /EM_TIMEOUT_MS/],
    [{ EM_TIMEOUT_MS: '5' }, /EM_TIMEOUT_MS/],
    [{ EM_TLS_INSECURE: 'maybe' }, /EM_TLS_INSECURE/],
    [{ EM_MAX_CONNECTIONS: '0' }, /EM_MAX_CONNECTIONS must be a whole number of connections from 1 to 256/],
    [{ EM_MAX_CONNECTIONS: '257' }, /EM_MAX_CONNECTIONS/],
    [{ EM_MAX_CONNECTIONS: 'six' }, /EM_MAX_CONNECTIONS/],
    [
      { RUNNING_CACHE_MS: '60001' },
      /RUNNING_CACHE_MS must be a whole number of milliseconds from 0 to 60000/,
    ],
    [{ RUNNING_CACHE_MS: '-1' }, /RUNNING_CACHE_MS/],
    [{ SESSION_MAX_HOURS: '0' }, /SESSION_MAX_HOURS must be a number of hours above 0/],
    [{ SESSION_MAX_HOURS: '721' }, /SESSION_MAX_HOURS/],
    [{ SESSION_MAX_HOURS: '8h' }, /SESSION_MAX_HOURS/],
    [{ SESSION_MAX_HOURS: '-1' }, /SESSION_MAX_HOURS/],
    [{ COOKIE_SECURE: 'sometimes' }, /COOKIE_SECURE must be "true" or "false"/],
    [{ TRUST_PROXY: 'maybe' }, /TRUST_PROXY/],
    [{ ...SERVICE, EM_URL: 'em.example.com:9398' }, /EM_URL must/],
    [{ ...SERVICE, EM_URL: 'ftp://em:21' }, /https:\/\//],
    [{ ...SERVICE, EM_URL: 'https://em:9398/api/replicaTaskSessions' }, /without a path/],
    [{ ...SERVICE, EM_URL: 'https://em:9398/?x=1' }, /without a path/],
    [{ ...SERVICE, EM_URL: 'https://u:secret@em:9398' }, /must not contain credentials/],
    [{ EM_URL: 'https://em:9398' }, /^AUTH is required with EM_URL/],
    [{ EM_URL: 'https://em:9398', EM_USERNAME: 'u', EM_PASSWORD: 'p' }, /^AUTH is required with EM_URL/],
    [{ EM_URL: 'https://em:9398', AUTH: 'ldap' }, /AUTH must be "em" .* or "service" \(got "ldap"\)/],
    [{ EM_URL: 'https://em:9398', AUTH: 'service' }, /EM_USERNAME is required with AUTH=service/],
    [
      { EM_URL: 'https://em:9398', AUTH: 'service', EM_USERNAME: 'u' },
      /EM_PASSWORD is required with AUTH=service/,
    ],
    [{ EM_URL: 'https://em:9398', AUTH: 'service', EM_PASSWORD: 'p' }, /EM_USERNAME is required/],
    [{ EM_URL: 'https://em:9398', AUTH: 'em', EM_USERNAME: 'u' }, /not used with AUTH=em/],
    [{ EM_URL: 'https://em:9398', AUTH: 'em', EM_PASSWORD: 'p' }, /not used with AUTH=em/],
    [{ ...SERVICE, EM_CA_FILE: '/nonexistent.pem' }, /EM_CA_FILE .* cannot be read \(ENOENT\)/],
    [{ ...SERVICE, EM_CA_FILE: TLS_KEY }, /EM_CA_FILE .* holds no PEM "-----BEGIN CERTIFICATE-----"/],
    [{ EM_USERNAME: 'u' }, /EM_USERNAME is set but EM_URL is not/],
    [{ EM_PASSWORD: 'p' }, /EM_PASSWORD is set but EM_URL is not/],
    [{ EM_CA_FILE: CA }, /EM_CA_FILE is set but EM_URL is not/],
    [{ REDIS_URL: 'redis://127.0.0.1:6379' }, /^SESSION_SECRET is required with REDIS_URL/],
    [
      { REDIS_URL: 'redis://127.0.0.1:6379', SESSION_SECRET: 'k'.repeat(31) },
      /SESSION_SECRET must be at least 32/,
    ],
    [{ SESSION_SECRET: 'short' }, /SESSION_SECRET must be at least 32/],
    [{ REDIS_URL: '127.0.0.1:6379', SESSION_SECRET: SECRET }, /REDIS_URL must start with redis:\/\//],
    [{ TLS_CERT_FILE: TLS_CERT }, /TLS_CERT_FILE and TLS_KEY_FILE go together/],
    [{ TLS_KEY_FILE: TLS_KEY }, /TLS_CERT_FILE and TLS_KEY_FILE go together/],
    [
      { TLS_CERT_FILE: '/nonexistent.pem', TLS_KEY_FILE: TLS_KEY },
      /TLS_CERT_FILE .* cannot be read \(ENOENT\)/,
    ],
    [
      { TLS_CERT_FILE: TLS_CERT, TLS_KEY_FILE: '/nonexistent.key' },
      /TLS_KEY_FILE .* cannot be read \(ENOENT\)/,
    ],
    [{ TLS_CERT_FILE: TLS_KEY, TLS_KEY_FILE: TLS_KEY }, /TLS_CERT_FILE .* holds no PEM/],
    [{ TLS_CERT_FILE: TLS_CERT, TLS_KEY_FILE: TLS_CERT }, /TLS_KEY_FILE .* holds no PEM "PRIVATE KEY-----"/],
  ])('refuses %j with a message naming the variable', (env, message) => {
    const problems = problemsOf(env)
    expect(problems.length).toBeGreaterThan(0)
    expect(problems.some((p) => message.test(p))).toBe(true)
  })

  it('ignores empty and blank values as unset', () => {
    expect(loadConfig({ EM_URL: '  ', PORT: '', AUTH: '', REDIS_URL: ' ' })).toMatchObject({
      em: null,
      port: 8080,
      auth: 'service',
      redisUrl: null,
    })
  })

  it('reports every problem at once and never echoes the password or a secret', () => {
    const problems = problemsOf({
      PORT: 'x',
      EM_FORMAT: 'y',
      EM_URL: 'https://em:9398',
      AUTH: 'em',
      EM_USERNAME: 'svc',
      EM_PASSWORD: 'Top-Secret-1',
      EM_CA_FILE: '/nope',
      REDIS_URL: 'http://:Redis-Secret-2@cache:6379',
      SESSION_SECRET: 'Short-Secret-3',
      TLS_CERT_FILE: TLS_CERT,
    })
    expect(problems.length).toBeGreaterThanOrEqual(7)
    for (const name of [
      'PORT',
      'EM_FORMAT',
      'EM_USERNAME',
      'EM_CA_FILE',
      'REDIS_URL',
      'SESSION_SECRET',
      'TLS_',
    ]) {
      expect(problems.some((p) => p.startsWith(name))).toBe(true)
    }
    const text = problems.join('\n')
    for (const secret of ['Top-Secret-1', 'Redis-Secret-2', 'Short-Secret-3'])
      expect(text).not.toContain(secret)
    const error = (() => {
      try {
        loadConfig({ ...SERVICE, EM_PASSWORD: 'Top-Secret-1', PORT: 'x' })
      } catch (e) {
        return e as Error
      }
      return null
    })()
    expect(error).toBeInstanceOf(ConfigError)
    expect(error?.message).toMatch(/^Configuration error:\n {2}- PORT/)
    expect(error?.message).not.toContain('Top-Secret-1')
  })

  it('an EM_URL with credentials that is not a valid URL is refused without echoing its password', () => {
    // parseEmUrl quotes the raw value when `new URL` throws (here: a port out of range) before it can see the
    // credentials, so the password ends up in the startup error.
    const problems = problemsOf({ EM_URL: 'https://svc:Top-Secret-1@em.example.com:99999', AUTH: 'em' })
    expect(problems.join('\n')).toMatch(/EM_URL/)
    expect(problems.join('\n')).not.toContain('Top-Secret-1')
  })
})
