import { describe, expect, it } from 'vitest'
import { jobRunsRefreshMs, NEXT_RUN_WATCH_MS, PANEL_REFRESH_MS, serverSessionsRefreshMs } from './keys.ts'

describe('serverSessionsRefreshMs', () => {
  it('refreshes a server’s list while one of its sessions runs, and not once all have stopped', () => {
    const stopped = { state: 'Stopped', endTime: '2026-12-01T10:00:00Z' }
    expect(serverSessionsRefreshMs([stopped, { state: 'Working', endTime: null }])).toBe(PANEL_REFRESH_MS)
    expect(serverSessionsRefreshMs([stopped, stopped])).toBe(false)
    expect(serverSessionsRefreshMs([])).toBe(false)
    expect(serverSessionsRefreshMs(undefined)).toBe(false)
  })
})

describe('jobRunsRefreshMs', () => {
  const now = Date.parse('2026-12-01T12:00:00Z')
  const ago = (ms: number) => new Date(now - ms).toISOString()
  it('looks for the next run while the page’s run is the newest and runs or ended within the watch', () => {
    expect(jobRunsRefreshMs({ next: null }, { endTime: null }, now)).toBe(PANEL_REFRESH_MS)
    expect(jobRunsRefreshMs({ next: null }, { endTime: ago(5 * 60_000) }, now)).toBe(PANEL_REFRESH_MS)
    expect(jobRunsRefreshMs({ next: null }, { endTime: ago(NEXT_RUN_WATCH_MS + 1) }, now)).toBe(false)
  })
  it('never for a run whose next run is known, nor before the answer or the session is in', () => {
    expect(jobRunsRefreshMs({ next: { id: 'x' } }, { endTime: null }, now)).toBe(false)
    expect(jobRunsRefreshMs(undefined, { endTime: null }, now)).toBe(false)
    expect(jobRunsRefreshMs({ next: null }, undefined, now)).toBe(false)
  })
})
