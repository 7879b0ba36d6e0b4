/** The CLI's environment, validated in one place. */
import { readFileSync } from 'node:fs'
import { validateFaults } from './faults.ts'
import {
  DEFAULT_CREDENTIALS,
  DEFAULT_USERS,
  type Faults,
  PAYLOAD_FAULTS,
  type SimUser,
  type SimulatorOptions,
} from './types.ts'

export class EnvError extends Error {}

type Env = Record<string, string | undefined>

function int(env: Env, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const raw = env[name]
  if (raw === undefined || raw === '') return undefined
  if (!/^\s*\d+\s*$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new EnvError(`${name} must be an integer between ${min} and ${max}, got '${raw}'`)
  }
  return Number(raw)
}

function bool(env: Env, name: string): boolean | undefined {
  const raw = env[name]?.trim().toLowerCase()
  if (raw === undefined || raw === '') return undefined
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true
  if (['0', 'false', 'no', 'off'].includes(raw)) return false
  throw new EnvError(`${name} must be 1 or 0, got '${env[name]}'`)
}

function readFile(name: string, path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (err) {
    throw new EnvError(`${name}: cannot read '${path}' (${err instanceof Error ? err.message : String(err)})`)
  }
}

/** Options for startSimulator from EM_SIM_* variables; throws EnvError with a one-line message on a bad value. */
export function optionsFromEnv(env: Env): SimulatorOptions {
  const options: SimulatorOptions = {
    host: env.EM_SIM_HOST || '127.0.0.1',
    port: int(env, 'EM_SIM_PORT', 0, 65_535) ?? 9398,
    username: env.EM_SIM_USERNAME || DEFAULT_CREDENTIALS.username,
    password: env.EM_SIM_PASSWORD || DEFAULT_CREDENTIALS.password,
  }
  if (env.EM_SIM_RESTRICTED_USERNAME) options.restrictedUsername = env.EM_SIM_RESTRICTED_USERNAME
  if (env.EM_SIM_RESTRICTED_PASSWORD) options.restrictedPassword = env.EM_SIM_RESTRICTED_PASSWORD
  const users = usersFromEnv(env)
  if (users) options.users = users
  const jsonCase = env.EM_SIM_JSON_CASE
  if (jsonCase !== undefined && jsonCase !== '') {
    if (jsonCase !== 'pascal' && jsonCase !== 'camel')
      throw new EnvError(`EM_SIM_JSON_CASE must be 'pascal' or 'camel', got '${jsonCase}'`)
    options.jsonCase = jsonCase
  }
  const seed = int(env, 'EM_SIM_SEED', 0, 2 ** 32 - 1)
  if (seed !== undefined) options.seed = seed
  const idle = int(env, 'EM_SIM_IDLE_TIMEOUT_MS', 1)
  if (idle !== undefined) options.idleTimeoutMs = idle
  const live = int(env, 'EM_SIM_LIVE_TASK_MS', 50)
  if (live !== undefined) options.liveTaskMs = live

  const faults: Partial<Faults> = {}
  const latency = int(env, 'EM_SIM_LATENCY_MS', 0)
  if (latency !== undefined) faults.latencyMs = latency
  const rate = env.EM_SIM_FAILURE_RATE
  if (rate !== undefined && rate !== '') {
    const n = Number(rate)
    if (!/^\s*[\d.]+\s*$/.test(rate) || !(n >= 0 && n <= 1)) {
      throw new EnvError(`EM_SIM_FAILURE_RATE must be a number between 0 and 1, got '${rate}'`)
    }
    faults.failureRate = n
  }
  const down = env.EM_SIM_DOWN
  if (down !== undefined && down !== '') {
    if (down !== 'refuse' && down !== '503')
      throw new EnvError(`EM_SIM_DOWN must be 'refuse' or '503', got '${down}'`)
    faults.down = down
  }
  const payload = env.EM_SIM_PAYLOAD
  if (payload !== undefined && payload !== '') {
    if (!PAYLOAD_FAULTS.includes(payload as never)) {
      throw new EnvError(`EM_SIM_PAYLOAD must be one of ${PAYLOAD_FAULTS.join(', ')}, got '${payload}'`)
    }
    faults.payload = payload as Faults['payload']
  }
  const oversized = int(env, 'EM_SIM_OVERSIZED_BYTES', 1)
  if (oversized !== undefined) faults.oversizedBytes = oversized
  const checked = validateFaults(faults)
  if (!checked.ok) throw new EnvError(checked.error)
  options.faults = checked.value

  const controlPort = int(env, 'EM_SIM_CONTROL_PORT', 0, 65_535)
  if (bool(env, 'EM_SIM_CONTROL')) options.control = controlPort === undefined ? true : { port: controlPort }

  const certPath = env.EM_SIM_TLS_CERT
  const keyPath = env.EM_SIM_TLS_KEY
  if (Boolean(certPath) !== Boolean(keyPath))
    throw new EnvError('EM_SIM_TLS_CERT and EM_SIM_TLS_KEY must be set together')
  if (certPath && keyPath) {
    options.tls = { cert: readFile('EM_SIM_TLS_CERT', certPath), key: readFile('EM_SIM_TLS_KEY', keyPath) }
  }

  const extra = env.EM_SIM_EXTRA_JOB_SESSIONS
  if (extra !== undefined && extra.trim() !== '') {
    const counts = extra.split(',').map((s) => s.trim())
    if (!counts.every((c) => /^\d+$/.test(c) && Number(c) > 0)) {
      throw new EnvError(
        `EM_SIM_EXTRA_JOB_SESSIONS must be comma-separated positive integers, got '${extra}'`,
      )
    }
    options.extraJobSessions = counts.map(Number)
  }
  return options
}

/**
 * The Portal User and Restore Operator, renamed or given other passwords (or the Portal User other jobs,
 * comma-separated) by EM_SIM_PORTAL_* / EM_SIM_OPERATOR_*; undefined when none is set (the defaults apply).
 */
function usersFromEnv(env: Env): SimUser[] | undefined {
  const names = [
    'EM_SIM_PORTAL_USERNAME',
    'EM_SIM_PORTAL_PASSWORD',
    'EM_SIM_PORTAL_JOBS',
    'EM_SIM_OPERATOR_USERNAME',
    'EM_SIM_OPERATOR_PASSWORD',
  ]
  if (!names.some((n) => env[n])) return undefined
  const [portal, operator] = DEFAULT_USERS
  if (!portal || !operator) throw new Error('DEFAULT_USERS lost an account')
  const jobs = env.EM_SIM_PORTAL_JOBS?.split(',')
    .map((j) => j.trim())
    .filter(Boolean)
  return [
    {
      ...portal,
      username: env.EM_SIM_PORTAL_USERNAME || portal.username,
      password: env.EM_SIM_PORTAL_PASSWORD || portal.password,
      ...(jobs && jobs.length > 0 ? { jobNames: jobs } : {}),
    },
    {
      ...operator,
      username: env.EM_SIM_OPERATOR_USERNAME || operator.username,
      password: env.EM_SIM_OPERATOR_PASSWORD || operator.password,
    },
  ]
}
