import { Writable } from 'node:stream'
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '@ese/em-simulator'
import { type RunningBff, startBff } from '../src/bff.ts'
import { type Config, type EmConfig, loadConfig } from '../src/env.ts'
import { createLogger } from '../src/log.ts'

export const SIM_USER = 'restapi'
export const SIM_PASSWORD = 'Integration-Test-Passw0rd!'

/** Everything the BFF wrote to its log, line by line. */
export class CapturedLog extends Writable {
  readonly lines: string[] = []
  override _write(chunk: Buffer, _encoding: string, done: () => void) {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean))
    done()
  }
}

export type Stack = {
  sim: RunningSimulator
  bff: RunningBff
  /** Every line the BFF logged so far. */
  logLines(): string[]
  get(path: string, init?: RequestInit): Promise<Response>
  close(): Promise<void>
}

export async function startStack(
  options: {
    sim?: SimulatorOptions
    env?: Record<string, string>
    em?: Partial<EmConfig>
    simulator?: RunningSimulator
  } = {},
): Promise<Stack> {
  const sim =
    options.simulator ??
    (await startSimulator({
      port: 0,
      username: SIM_USER,
      password: SIM_PASSWORD,
      control: true,
      ...options.sim,
    }))
  const config: Config = loadConfig({ PORT: '0', ...options.env })
  const log = new CapturedLog()
  const logger = createLogger(log)
  const bff = await startBff({
    config,
    em: {
      origin: sim.url,
      username: SIM_USER,
      password: SIM_PASSWORD,
      ca: undefined,
      caFile: undefined,
      insecure: false,
      ...options.em,
    },
    logger,
  })
  return {
    sim,
    bff,
    logLines: () => log.lines,
    get: (path, init) => fetch(`${bff.url}${path}`, init),
    close: async () => {
      await bff.close()
      if (!options.simulator) await sim.close()
    },
  }
}

/** The tokens of every live EM logon session, read the documented way: GET /api/logonSessions. */
export async function liveTokens(sim: RunningSimulator): Promise<string[]> {
  const auth = `Basic ${Buffer.from(`${SIM_USER}:${SIM_PASSWORD}`).toString('base64')}`
  const logon = await fetch(`${sim.url}/api/sessionMngr/?v=latest`, {
    method: 'POST',
    headers: { Authorization: auth, Accept: 'application/json' },
  })
  const token = logon.headers.get('x-restsvcsessionid') ?? ''
  const list = await fetch(`${sim.url}/api/logonSessions`, {
    headers: { 'X-RestSvcSessionId': token, Accept: 'application/json' },
  })
  const text = (await list.text()).replace(/^\uFEFF/, '')
  const ids = [...text.matchAll(/"SessionId":\s*"([^"]+)"/g)].map((m) => m[1] ?? '')
  const own = Buffer.from(token, 'base64').toString('utf8')
  await fetch(`${sim.url}/api/logonSessions/${own}`, {
    method: 'DELETE',
    headers: { 'X-RestSvcSessionId': token },
  })
  // The simulator's token is base64 of the SessionId (DECISIONS.md); the BFF itself treats it as opaque.
  return ids.map((id) => Buffer.from(id, 'utf8').toString('base64'))
}
