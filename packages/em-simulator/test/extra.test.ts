import { describe, expect, it } from 'vitest'
import { get, logon, manualClock, type Obj, parseJson, sim } from './helpers.ts'

describe('extra job sessions for benchmarks', () => {
  it('have exactly the requested task counts, are completed and within 30 days', async () => {
    const clock = manualClock()
    const s = await sim({ now: clock.now, extraJobSessions: [10, 100, 1000] })
    const token = await logon(s)
    const counts: number[] = []
    for (const id of s.demo.extraJobSessionIds) {
      const session = parseJson(await get(s, `/replicaSessions/${id}?format=Entity`, token, true))
      expect(session.State).toBe('Stopped')
      const tasks = parseJson(
        await get(s, `/replicaSessions/${id}/replicaTaskSessions?format=Entity`, token, true),
      ).ReplicaTaskSessions as Obj[]
      counts.push(tasks.length)
      for (const t of tasks) expect(t.State).toBe('Completed')
    }
    expect(counts).toEqual([10, 100, 1000])
    const listed = (await get(s, '/replicaSessions', token)).text
    for (const id of s.demo.extraJobSessionIds) expect(listed).toContain(id)
  })
})
