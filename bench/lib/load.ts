import autocannon from 'autocannon'

/** Latency of the 2xx answers of one load run, per request, in ms. */
export type Latency = { p50: number; p90: number; p99: number; max: number; mean: number; count: number }

export type LoadResult = {
  /** Completed 2xx answers per second over the run (wall time). */
  rps: number
  latency: Latency
  /** Requests written by the load generator, and answers that completed (any status). */
  sent: number
  completed: number
  non2xx: number
  errors: number
  timeouts: number
  durationS: number
}

export type LoadOptions = {
  url: string
  /** A fixed path, or a function giving the path of each request (distinct IDs). */
  path: string | (() => string)
  connections: number
  /** Run for this long… */
  durationS?: number
  /** …or until this many answers came back. */
  amount?: number
  headers?: Record<string, string>
}

/**
 * Runs autocannon in this process against `url` (the target runs in its own process). Latency is taken per
 * request from autocannon's response event (hrtime, fractional ms), not from its histogram (whole ms).
 */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const { path } = options
  const latencies: number[] = []
  const started = performance.now()
  let done: (result: autocannon.Result) => void = () => {}
  let failed: (error: unknown) => void = () => {}
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    done = resolve
    failed = reject
  })
  const instance = autocannon(
    {
      url: options.url,
      connections: options.connections,
      ...(options.amount ? { amount: options.amount } : { duration: options.durationS ?? 10 }),
      pipelining: 1,
      timeout: 30,
      headers: options.headers ?? {},
      requests:
        typeof path === 'string'
          ? [{ method: 'GET', path }]
          : [{ method: 'GET', setupRequest: (req) => ({ ...req, path: path() }) }],
    },
    (error, result) => (error ? failed(error) : done(result)),
  )
  let lastAt = started
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    lastAt = performance.now()
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime)
  })
  const result = await finished
  // From the start to the last answer: autocannon's own `duration`, and the moment it reports the end of a run
  // of a fixed amount, go by its one-second ticker, too coarse for runs of a few seconds.
  const wallS = (lastAt - started) / 1000
  return {
    rps: latencies.length / wallS,
    latency: latencyOf(latencies),
    sent: result.requests.sent,
    completed: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS: wallS,
  }
}

export function latencyOf(samples: readonly number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b)
  return {
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : Number.NaN,
    count: sorted.length,
  }
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[i] ?? Number.NaN
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const n = sorted.length
  if (n === 0) return Number.NaN
  const mid = Math.floor(n / 2)
  return n % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

/** Spread as (max − min) / median, in percent. */
export function spread(values: readonly number[]): number {
  const m = median(values)
  return m ? ((Math.max(...values) - Math.min(...values)) / m) * 100 : Number.NaN
}

/** Throws when a run failed requests: a target that fails is not being measured. */
export function assertClean(name: string, r: LoadResult): void {
  if (r.errors > 0 || r.non2xx > 0 || r.timeouts > 0) {
    throw new Error(
      `${name}: ${r.errors} connection errors, ${r.timeouts} timeouts and ${r.non2xx} non-2xx answers; its figures would mean nothing. Run it alone (bench/servers/) to see why.`,
    )
  }
}
