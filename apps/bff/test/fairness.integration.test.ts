import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Stack, startStack } from './stack.ts'

const WINDOW_MS = 500
const POLL_MS = 100
const RUN_MS = 3_000

describe('fair to EM when many watch', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({ env: { RUNNING_CACHE_MS: String(WINDOW_MS) }, sim: { liveTaskMs: 60_000 } })
  })
  afterAll(() => stack.close())

  it('60 viewers polling one running job session and its task list cost EM about one call per resource per window', async () => {
    const id = stack.sim.demo.runningJobSessionId
    const paths = [`/api/replicaSessions/${id}`, `/api/replicaSessions/${id}/replicaTaskSessions`]
    stack.sim.resetCounters()
    const until = Date.now() + RUN_MS
    let answered = 0
    const viewer = async (offset: number) => {
      await new Promise((r) => setTimeout(r, offset))
      while (Date.now() < until) {
        const statuses = await Promise.all(
          paths.map((p) => stack.get(p).then((r) => (r.body?.cancel(), r.status))),
        )
        expect(statuses).toEqual([200, 200])
        answered += 2
        await new Promise((r) => setTimeout(r, POLL_MS))
      }
    }
    await Promise.all(Array.from({ length: 60 }, (_, i) => viewer((i * 7) % POLL_MS)))
    const byPath = stack.sim.counters().requestsByPath
    const windows = Math.ceil(RUN_MS / WINDOW_MS) + 1
    for (const p of paths) {
      const calls = byPath[`GET ${p}`] ?? 0
      // One call per window (plus one for a window that opened while the last call was on its way), not one
      // per viewer and poll.
      expect(calls, p).toBeGreaterThanOrEqual(windows - 2)
      expect(calls, p).toBeLessThanOrEqual(windows + 1)
    }
    // Every viewer really polled, many times per window.
    expect(answered).toBeGreaterThan(60 * 2 * 5)
  })
})
