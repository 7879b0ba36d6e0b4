import { PAYLOAD_FAULTS } from '@ese/em-simulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Stack, startStack } from './stack.ts'

const TIMEOUT_MS = 1500

describe.each(['xml', 'json'] as const)('a hostile EM (%s mode)', (format) => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({
      env: { EM_FORMAT: format, EM_TIMEOUT_MS: String(TIMEOUT_MS), RUNNING_CACHE_MS: '0' },
    })
  })
  afterAll(() => stack.close())

  it.each(PAYLOAD_FAULTS)(
    '%s: a documented error within the timeout, then the next normal request succeeds',
    async (payload) => {
      const { demo } = stack.sim
      stack.sim.setFaults({ payload })
      const started = Date.now()
      let res: Response
      try {
        // A running session, with the running window off: every lookup reaches EM.
        res = await stack.get(`/api/replicaSessions/${demo.runningJobSessionId}`)
      } finally {
        stack.sim.clearFaults()
      }
      const elapsed = Date.now() - started
      const body = (await res.json()) as { error: { code: string; message: string } }
      expect(res.status).toBeGreaterThanOrEqual(500)
      expect(['em_bad_response', 'em_timeout']).toContain(body.error.code)
      expect(body.error.message).not.toMatch(/ at |Error:|\n/)
      expect(elapsed).toBeLessThan(TIMEOUT_MS + 1000)
      const next = await stack.get(`/api/replicaSessions/${demo.runningJobSessionId}`)
      expect(next.status).toBe(200)
    },
  )
})
