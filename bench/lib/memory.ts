/**
 * Memory: a flood of distinct finished sessions (each a miss, each then cached as finished) against a static
 * upstream that answers any `c0…` GUID as Completed at once. VmRSS of the BFF sampled every 50 ms from
 * /proc/<pid>/status, and VmHWM (the kernel's high-water mark) after.
 */
import { type BffProc, cacheSettings } from './bff.ts'
import { completedIds } from './ids.ts'
import { load } from './load.ts'
import { memoryOf, type Proc, sampleRss } from './procs.ts'
import type { MemoryResults } from './types.ts'

export type MemoryOptions = {
  bff: BffProc
  bffUser: string
  upstream: Proc
  lookups: number
  connections: number
  log: (msg: string) => void
}

export async function runMemory(o: MemoryOptions): Promise<MemoryResults & { bffRequests: number }> {
  const upstreamUrl = String(o.upstream.info.url)
  const ids = completedIds(o.lookups)
  // One answer first: its size, for what the cache can hold. It is one of the flood's lookups (the first).
  const first = await fetch(`${o.bff.url}/api/replicaTaskSessions/${ids[0]}`)
  const answerBytes = Buffer.byteLength(await first.text())
  if (first.status !== 200) throw new Error(`the BFF answered ${first.status} to a lookup`)
  await new Promise((r) => setTimeout(r, 500))
  const rssAtReadyMb = memoryOf(o.bff.pid)?.rssMb ?? Number.NaN
  const rss = sampleRss(o.bff.pid, 50)
  let i = 1
  let lastLog = Date.now()
  const started = performance.now()
  const r = await load({
    url: o.bff.url,
    connections: o.connections,
    amount: o.lookups - 1,
    path: () => {
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now()
        o.log(
          `  ${i} lookups, RSS now ${memoryOf(o.bff.pid)?.rssMb.toFixed(0)} MB, peak ${rss.peak().toFixed(0)} MB`,
        )
      }
      return `/api/replicaTaskSessions/${ids[Math.min(i++, ids.length - 1)]}`
    },
  })
  const durationS = (performance.now() - started) / 1000
  const peakRssMb = rss.stop()
  const mem = memoryOf(o.bff.pid)
  const stats = (await (await fetch(`${upstreamUrl}/__stats`)).json()) as {
    completedByUser: Record<string, number>
  }
  const cache = cacheSettings()
  // What the cache charges an entry: its JSON, its key (`service|replicaTaskSession|<guid>`) and a fixed cost.
  const entryCost = answerBytes + 'service|replicaTaskSession|'.length + 36 + (cache?.entryOverheadBytes ?? 0)
  const result: MemoryResults = {
    lookups: o.lookups,
    connections: o.connections,
    durationS,
    rps: r.rps,
    latency: r.latency,
    failed: r.non2xx + r.errors + r.timeouts,
    emFetches: stats.completedByUser[o.bffUser] ?? 0,
    answerBytes,
    rssAtReadyMb,
    peakRssMb,
    hwmMb: mem?.hwmMb ?? Number.NaN,
    rssAfterMb: mem?.rssMb ?? Number.NaN,
    cache,
    // Read from the BFF's log once it has stopped (run.ts).
    gc: null,
    entriesHeldEstimate: cache
      ? Math.min(cache.maxEntries, Math.floor(cache.maxBytes / entryCost))
      : Number.NaN,
  }
  o.log(
    `  ${o.lookups} distinct finished sessions in ${durationS.toFixed(0)} s (${r.rps.toFixed(0)} req/s, ${result.failed} failed, EM fetches ${result.emFetches}): RSS at ready ${rssAtReadyMb.toFixed(0)} MB, peak ${peakRssMb.toFixed(1)} MB (VmHWM ${result.hwmMb.toFixed(1)}), after ${result.rssAfterMb.toFixed(0)} MB`,
  )
  return { ...result, bffRequests: r.completed + 1 }
}
