import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Stack, startStack } from './stack.ts'

const WINDOW_MS = 500
const POLL_MS = 100
const POLLS = 20
const VIEWERS = 60

describe('fair to EM when many watch', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({ env: { RUNNING_CACHE_MS: String(WINDOW_MS) }, sim: { liveTaskMs: 60_000 } })
  })
  afterAll(() => stack.close())

  it(`${VIEWERS} viewers polling one running job session and its task list cost EM about one call per resource per window`, async () => {
    const id = stack.sim.demo.runningJobSessionId
    const paths = [`/api/replicaSessions/${id}`, `/api/replicaSessions/${id}/replicaTaskSessions`]
    stack.sim.resetCounters()
    const started = Date.now()
    const viewer = async (offset: number) => {
      await new Promise((r) => setTimeout(r, offset))
      for (let poll = 0; poll < POLLS; poll++) {
        const statuses = await Promise.all(
          paths.map(async (p) => {
            const res = await stack.get(p)
            await res.body?.cancel()
            return res.status
          }),
        )
        expect(statuses).toEqual([200, 200])
        await new Promise((r) => setTimeout(r, POLL_MS))
      }
    }
    await Promise.all(Array.from({ length: VIEWERS }, (_, i) => viewer((i * 7) % POLL_MS)))
    // Measured from the clock: on a loaded machine the polls take longer, and span more windows.
    const elapsed = Date.now() - started
    const windows = Math.ceil(elapsed / WINDOW_MS) + 1
    expect(elapsed).toBeGreaterThan(POLLS * POLL_MS)
    const byPath = stack.sim.counters().requestsByPath
    for (const p of paths) {
      const calls = byPath[`GET ${p}`] ?? 0
      // One call per window (plus one for a window that opened while the last call was on its way), not one
      // per viewer and poll (that would be 1,200).
      expect(calls, p).toBeGreaterThanOrEqual(2)
      expect(calls, p).toBeLessThanOrEqual(windows + 1)
    }
  }, 30_000)
})
