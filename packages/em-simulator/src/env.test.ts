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
      EM_SIM_JSON_CASE: 'camel',
      EM_SIM_RESTRICTED_USERNAME: 'nobody',
      EM_SIM_RESTRICTED_PASSWORD: 'np',
      EM_SIM_PORTAL_PASSWORD: 'pp',
      EM_SIM_PORTAL_JOBS: 'SQL Replication, Infrastructure Backup',
      EM_SIM_OPERATOR_USERNAME: 'ops',
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
      jsonCase: 'camel',
      restrictedUsername: 'nobody',
      restrictedPassword: 'np',
      users: [
        {
          username: 'portal',
          password: 'pp',
          role: 'PortalUser',
          jobNames: ['SQL Replication', 'Infrastructure Backup'],
        },
        { username: 'ops', password: 'Restore-Passw0rd!', role: 'RestoreOperator' },
      ],
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
    ['EM_SIM_JSON_CASE', 'snake'],
  ])('rejects %s=%s with a message naming the variable', (name, value) => {
    expect(() => optionsFromEnv({ [name]: value })).toThrow(EnvError)
    expect(() => optionsFromEnv({ [name]: value })).toThrow(name)
  })

  it('keeps the default Portal User jobs when only a password is set', () => {
    const o = optionsFromEnv({ EM_SIM_OPERATOR_PASSWORD: 'op' })
    expect(o.users?.[0]?.jobNames).toEqual([
      'SQL Replication',
      'Tier-1 Continuous Replication',
      'SQL Server Backup',
      'Tier-1 Hourly Backup',
    ])
    expect(o.users?.[1]).toEqual({ username: 'operator', password: 'op', role: 'RestoreOperator' })
  })

  it('rejects unreadable TLS files', () => {
    expect(() =>
      optionsFromEnv({ EM_SIM_TLS_CERT: '/nonexistent.pem', EM_SIM_TLS_KEY: '/nonexistent.key' }),
    ).toThrow(/EM_SIM_TLS_CERT: cannot read/)
  })
})
