import autocannon from 'autocannon'

export type LoadResult = {
  /** Completed 2xx responses per second over the run. */
  rps: number
  /** Latency of 2xx responses in ms, measured per request (autocannon's own histogram rounds to whole ms). */
  p50: number
  p99: number
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
  durationS: number
  headers?: Record<string, string>
}

/** Runs autocannon in this process against `url`; the target runs in its own process. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const { path } = options
  const latencies: number[] = []
  let ok = 0
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
      duration: options.durationS,
      pipelining: 1,
      headers: options.headers ?? {},
      requests:
        typeof path === 'string'
          ? [{ method: 'GET', path }]
          : [
              {
                method: 'GET',
                setupRequest: (req) => ({ ...req, path: path() }),
              },
            ],
    },
    (error, result) => (error ? failed(error) : done(result)),
  )
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) {
      ok++
      latencies.push(responseTime)
    }
  })
  const result = await finished
  latencies.sort((a, b) => a - b)
  return {
    rps: ok / result.duration,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    sent: result.requests.sent,
    completed: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS: result.duration,
  }
}

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
