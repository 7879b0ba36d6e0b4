import { describe, expect, it } from 'vitest'
import { EnvError, optionsFromEnv } from './env.ts'
import { TEST_CERTS } from './index.ts'

describe('optionsFromEnv', () => {
  it('defaults: 127.0.0.1:9398, restapi, no faults, no control, HTTP', () => {
    expect(optionsFromEnv({})).toEqual({
      host: '127.0.0.1',
      port: 9398,
      username: 'restapi',
      password: 'Sim-Passw0rd!',
      faults: {},
    })
  })

  it('reads every variable', () => {
    const o = optionsFromEnv({
      EM_SIM_HOST: '0.0.0.0',
      EM_SIM_PORT: '19398',
      EM_SIM_USERNAME: 'svc',
      EM_SIM_PASSWORD: 'pw',
      EM_SIM_LATENCY_MS: '250',
      EM_SIM_FAILURE_RATE: '0.25',
      EM_SIM_DOWN: '503',
      EM_SIM_PAYLOAD: 'trickle',
      EM_SIM_CONTROL: '1',
      EM_SIM_CONTROL_PORT: '19399',
      EM_SIM_IDLE_TIMEOUT_MS: '60000',
      EM_SIM_SEED: '42',
      EM_SIM_LIVE_TASK_MS: '2000',
      EM_SIM_TLS_CERT: TEST_CERTS.cert,
      EM_SIM_TLS_KEY: TEST_CERTS.key,
      EM_SIM_EXTRA_JOB_SESSIONS: '10, 100',
    })
    expect(o).toMatchObject({
      host: '0.0.0.0',
      port: 19398,
      username: 'svc',
      password: 'pw',
      faults: { latencyMs: 250, failureRate: 0.25, down: '503', payload: 'trickle' },
      control: { port: 19399 },
      idleTimeoutMs: 60000,
      seed: 42,
      liveTaskMs: 2000,
      extraJobSessions: [10, 100],
    })
    expect(String(o.tls?.cert)).toContain('BEGIN CERTIFICATE')
  })

  it.each([
    ['EM_SIM_PORT', 'abc'],
    ['EM_SIM_PORT', '70000'],
    ['EM_SIM_LATENCY_MS', '-1'],
    ['EM_SIM_FAILURE_RATE', '1.5'],
    ['EM_SIM_FAILURE_RATE', 'half'],
    ['EM_SIM_DOWN', 'maybe'],
    ['EM_SIM_PAYLOAD', 'gzip'],
    ['EM_SIM_CONTROL', 'perhaps'],
    ['EM_SIM_IDLE_TIMEOUT_MS', '0'],
    ['EM_SIM_SEED', 'x'],
    ['EM_SIM_LIVE_TASK_MS', '10'],
    ['EM_SIM_TLS_CERT', TEST_CERTS.cert],
    ['EM_SIM_EXTRA_JOB_SESSIONS', '10,x'],
  ])('rejects %s=%s with a message naming the variable', (name, value) => {
    expect(() => optionsFromEnv({ [name]: value })).toThrow(EnvError)
    expect(() => optionsFromEnv({ [name]: value })).toThrow(name)
  })

  it('rejects unreadable TLS files', () => {
    expect(() =>
      optionsFromEnv({ EM_SIM_TLS_CERT: '/nonexistent.pem', EM_SIM_TLS_KEY: '/nonexistent.key' }),
    ).toThrow(/EM_SIM_TLS_CERT: cannot read/)
  })
})
