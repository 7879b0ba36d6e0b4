import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './env.ts'

const CA = fileURLToPath(new URL('../../../packages/em-simulator/certs/ca.pem', import.meta.url))

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  return []
}

describe('loadConfig', () => {
  it('defaults to the demo (no EM), loopback:8080, XML, 10 s', () => {
    expect(loadConfig({})).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      em: null,
      emFormat: 'xml',
      emTimeoutMs: 10_000,
    })
  })

  it('reads a real EM: origin only, credentials, CA file, format, timeout', () => {
    const c = loadConfig({
      EM_URL: 'https://EM.example.com:9398/api/',
      EM_USERNAME: 'CORP\\svc-em',
      EM_PASSWORD: 'p@ss word',
      EM_CA_FILE: CA,
      EM_FORMAT: 'JSON',
      EM_TIMEOUT_MS: '2500',
      PORT: '9000',
      HOST: '0.0.0.0',
    })
    expect(c).toMatchObject({ host: '0.0.0.0', port: 9000, emFormat: 'json', emTimeoutMs: 2500 })
    expect(c.em).toMatchObject({
      origin: 'https://em.example.com:9398',
      username: 'CORP\\svc-em',
      password: 'p@ss word',
      insecure: false,
    })
    expect(c.em?.ca).toContain('BEGIN CERTIFICATE')
  })

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT/],
    [{ HOST: 'not a host!' }, /HOST/],
    [{ EM_FORMAT: 'yaml' }, /EM_FORMAT must be "xml"/],
    [{ EM_TIMEOUT_MS: '10s' }, /EM_TIMEOUT_MS/],
    [{ EM_TIMEOUT_MS: '5' }, /EM_TIMEOUT_MS/],
    [{ EM_TLS_INSECURE: 'maybe' }, /EM_TLS_INSECURE/],
    [{ EM_URL: 'em.example.com:9398', EM_USERNAME: 'u', EM_PASSWORD: 'p' }, /EM_URL must/],
    [{ EM_URL: 'ftp://em:21', EM_USERNAME: 'u', EM_PASSWORD: 'p' }, /https:\/\//],
    [
      { EM_URL: 'https://em:9398/api/replicaTaskSessions', EM_USERNAME: 'u', EM_PASSWORD: 'p' },
      /without a path/,
    ],
    [
      { EM_URL: 'https://u:secret@em:9398', EM_USERNAME: 'u', EM_PASSWORD: 'p' },
      /must not contain credentials/,
    ],
    [{ EM_URL: 'https://em:9398' }, /EM_USERNAME is required/],
    [{ EM_URL: 'https://em:9398', EM_USERNAME: 'u' }, /EM_PASSWORD is required/],
    [
      { EM_URL: 'https://em:9398', EM_USERNAME: 'u', EM_PASSWORD: 'p', EM_CA_FILE: '/nonexistent.pem' },
      /EM_CA_FILE .* cannot be read \(ENOENT\)/,
    ],
    [{ EM_USERNAME: 'u' }, /EM_USERNAME is set but EM_URL is not/],
  ])('refuses %j with a message naming the variable', (env, message) => {
    const problems = problemsOf(env)
    expect(problems.join('\n')).toMatch(message)
  })

  it('reports every problem at once and never echoes the password', () => {
    const problems = problemsOf({
      PORT: 'x',
      EM_FORMAT: 'y',
      EM_URL: 'https://em:9398',
      EM_PASSWORD: 'Top-Secret-1',
      EM_CA_FILE: '/nope',
    })
    expect(problems.length).toBeGreaterThanOrEqual(4)
    expect(problems.join('\n')).not.toContain('Top-Secret-1')
  })
})
