import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { CounterState, createApiHandler } from './api.ts'
import { buildAccounts, SessionStore } from './auth.ts'
import { createControlServer } from './control.ts'
import { DemoStore } from './data/demo.ts'
import { ActiveStreams, mergeFaults, noFaults, validateFaults } from './faults.ts'
import {
  type Counters,
  DEFAULT_CREDENTIALS,
  DEFAULT_USERS,
  type Faults,
  type JsonCase,
  type RunningSimulator,
  type SimulatorOptions,
  type UserCounters,
} from './types.ts'
import { mulberry32 } from './util/prng.ts'

export const DEFAULT_LIVE_TASK_MS = 120_000
export const DEFAULT_IDLE_TIMEOUT_MS = 15 * 60_000

type Listener = http.Server | https.Server

function listen(server: Listener, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      server.off('listening', onListening)
      reject(err)
    }
    const onListening = (): void => {
      server.off('error', onError)
      resolve()
    }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen(port, host)
  })
}

/** Stops accepting and drops every open connection (keep-alive ones included), like a service going away. */
function shut(server: Listener): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      server.closeAllConnections()
      resolve()
      return
    }
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const now = options.now ?? Date.now
  const seed = options.seed ?? 1
  const host = options.host ?? '127.0.0.1'
  const liveTaskMs = options.liveTaskMs ?? DEFAULT_LIVE_TASK_MS
  if (!(Number.isFinite(liveTaskMs) && liveTaskMs >= 50)) throw new Error('liveTaskMs must be at least 50')
  const initial = validateFaults(options.faults ?? {})
  if (!initial.ok) throw new Error(`invalid faults: ${initial.error}`)
  let jsonCase = checkJsonCase(options.jsonCase ?? 'pascal')
  const accounts = buildAccounts(
    {
      username: options.username ?? DEFAULT_CREDENTIALS.username,
      password: options.password ?? DEFAULT_CREDENTIALS.password,
      role: 'PortalAdministrator',
    },
    {
      username: options.restrictedUsername ?? DEFAULT_CREDENTIALS.restrictedUsername,
      password: options.restrictedPassword ?? DEFAULT_CREDENTIALS.restrictedPassword,
      role: 'None',
    },
    options.users ?? DEFAULT_USERS,
  )

  const store = new DemoStore({
    seed,
    startTime: now(),
    liveTaskMs,
    extraJobSessions: options.extraJobSessions ?? [],
  })
  const sessions = new SessionStore(now, options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS)
  const counters = new CounterState()
  const streams = new ActiveStreams()
  const timers = new Set<NodeJS.Timeout>()
  const random = mulberry32(seed ^ 0x5eed_f417).next
  let faults = mergeFaults(noFaults(), initial.value)
  let port = options.port ?? 0
  const tls = options.tls !== undefined

  const handler = createApiHandler({
    store,
    sessions,
    now,
    accounts,
    faults: () => faults,
    jsonCase: () => jsonCase,
    counters,
    random,
    streams,
    tls,
    fallbackHost: () => `${urlHost(host)}:${port}`,
    sleep: (ms) =>
      new Promise((resolve) => {
        const t = setTimeout(() => {
          timers.delete(t)
          resolve()
        }, ms)
        timers.add(t)
      }),
  })
  const server: Listener = options.tls
    ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, handler)
    : http.createServer(handler)

  await listen(server, port, host)
  port = (server.address() as AddressInfo).port
  // Later listen errors (the port taken while "down: refuse") must not crash the host process.
  server.on('error', (err) => console.error(`em-simulator: API listener error: ${err.message}`))

  let closed = false
  let listening = true
  // Listener transitions (refuse on/off, restart, close) run one at a time.
  let transitions: Promise<void> = Promise.resolve()
  const serialize = (step: () => Promise<void>): Promise<void> => {
    const next = transitions.then(step)
    transitions = next.catch((err: unknown) => {
      console.error('em-simulator: listener transition failed', err)
    })
    return next
  }

  const dropInFlight = (): void => {
    streams.stopAll()
    for (const t of timers) clearTimeout(t)
    timers.clear()
  }

  const applyDown = (): Promise<void> =>
    serialize(async () => {
      if (closed) return
      if (faults.down === 'refuse' && listening) {
        listening = false
        dropInFlight()
        await shut(server)
      } else if (faults.down !== 'refuse' && !listening) {
        await listen(server, port, host)
        listening = true
      }
    })

  const setFaults = (patch: Partial<Faults>): Promise<void> => {
    const parsed = validateFaults(patch)
    if (!parsed.ok) throw new Error(`invalid faults: ${parsed.error}`)
    faults = mergeFaults(faults, parsed.value)
    return applyDown()
  }
  const clearFaults = (): Promise<void> => {
    faults = noFaults()
    return applyDown()
  }
  const restart = (): Promise<void> =>
    serialize(async () => {
      if (closed) return
      sessions.clear()
      dropInFlight()
      if (!listening) return
      await shut(server)
      await listen(server, port, host)
    })
  const counterSnapshot = (): Counters => ({
    logons: counters.logons,
    logoffs: counters.logoffs,
    failedLogons: counters.failedLogons,
    liveSessions: sessions.count(),
    requests: counters.requests,
    requestsByPath: { ...counters.byPath },
    byUser: Object.fromEntries(
      Object.entries(counters.byUser).map(([k, v]): [string, UserCounters] => [k, { ...v }]),
    ),
  })
  const setJsonCase = (c: JsonCase): void => {
    jsonCase = checkJsonCase(c)
  }

  let control: http.Server | null = null
  let controlUrl: string | null = null
  if (options.control) {
    const controlPort = typeof options.control === 'object' ? (options.control.port ?? 0) : 0
    control = createControlServer({
      counters: counterSnapshot,
      resetCounters: () => counters.reset(),
      faults: () => ({ ...faults }),
      setFaults,
      clearFaults,
      expireAllSessions: () => sessions.clear(),
      restart,
      demo: store.demo,
      settings: () => ({ jsonCase }),
      setJsonCase,
    })
    try {
      // Loopback only: the control endpoint is for tests and local tooling, never for the network.
      await listen(control, controlPort, '127.0.0.1')
    } catch (err) {
      await shut(server)
      throw err
    }
    controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`
  }

  if (faults.down === 'refuse') await applyDown()

  return {
    url: `${tls ? 'https' : 'http'}://${urlHost(host)}:${port}`,
    port,
    controlUrl,
    demo: store.demo,
    setFaults: (f) => {
      setFaults(f).catch(() => {})
    },
    clearFaults: () => {
      clearFaults().catch(() => {})
    },
    expireAllSessions: () => sessions.clear(),
    restart,
    counters: counterSnapshot,
    resetCounters: () => counters.reset(),
    jsonCase: () => jsonCase,
    setJsonCase,
    close: () =>
      serialize(async () => {
        if (closed) return
        closed = true
        dropInFlight()
        await shut(server)
        if (control) await shut(control)
      }),
  }
}

function checkJsonCase(c: unknown): JsonCase {
  if (c !== 'pascal' && c !== 'camel')
    throw new Error(`jsonCase must be 'pascal' or 'camel', got '${String(c)}'`)
  return c
}
