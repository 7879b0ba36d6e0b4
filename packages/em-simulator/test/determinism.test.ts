import { describe, expect, it } from 'vitest'
import { logon, manualClock, request, sim } from './helpers.ts'

const START = Date.UTC(2025, 5, 17, 20, 0, 0, 0)

async function body(seed: number, path: string): Promise<{ demo: unknown; text: string }> {
  const clock = manualClock(START)
  const s = await sim({ seed, now: clock.now, extraJobSessions: [3] })
  const token = await logon(s)
  // The same Host header makes the hrefs identical although the ports differ.
  const r = await request(`${s.url}/api${path}`, {
    headers: { 'X-RestSvcSessionId': token, Host: 'em.test:9398' },
  })
  return { demo: s.demo, text: r.text }
}

describe('determinism', () => {
  it('the same seed and start time give the same IDs and the same documents', async () => {
    const a = await body(7, '/query?type=ReplicaTaskSession&format=Entities&pageSize=100000')
    const b = await body(7, '/query?type=ReplicaTaskSession&format=Entities&pageSize=100000')
    expect(b.demo).toEqual(a.demo)
    expect(b.text).toBe(a.text)
    expect(a.text.length).toBeGreaterThan(100_000)
  })

  it('another seed gives other IDs', async () => {
    const a = await body(1, '/backupServers')
    const b = await body(2, '/backupServers')
    expect(b.demo).not.toEqual(a.demo)
    expect(b.text).not.toBe(a.text)
  })

  it('all IDs are lower-case GUIDs and demo IDs are distinct', async () => {
    const clock = manualClock(START)
    const s = await sim({ now: clock.now, extraJobSessions: [10, 100] })
    const { backupServerIds, extraJobSessionIds, failureStreak, sharedVmName, ...single } = s.demo
    const ids = [
      ...backupServerIds,
      ...extraJobSessionIds,
      ...Object.values(single),
      ...failureStreak.failedTaskSessionIds,
      failureStreak.recoveredTaskSessionId,
    ]
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(new Set(ids).size).toBe(ids.length)
    expect(extraJobSessionIds).toHaveLength(2)
    expect(sharedVmName).toBe('sql-prod-01')
  })
})
