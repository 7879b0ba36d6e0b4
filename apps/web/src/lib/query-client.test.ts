import { describe, expect, it } from 'vitest'
import { liveRefreshMs, setLiveRefreshMs } from './query-client.ts'

describe('the live refresh period', () => {
  it("follows the BFF's window for running sessions, and ignores values too small to be one", () => {
    expect(liveRefreshMs()).toBe(5000)
    setLiveRefreshMs(2000)
    expect(liveRefreshMs()).toBe(2000)
    for (const bad of [0, 500, Number.NaN, Number.POSITIVE_INFINITY]) setLiveRefreshMs(bad)
    expect(liveRefreshMs()).toBe(2000)
  })
})
