import { describe, expect, it } from 'vitest'
import {
  assignLanes,
  barsPath,
  computeTicks,
  computeTimeline,
  DEFAULT_LAYOUT,
  MAX_LANES_HEIGHT,
  MAX_ROWS,
  MIN_BAR_WIDTH,
  type TimelineItem,
  tickLabel,
  tickStep,
  truncate,
} from './timeline.ts'

const layout = { ...DEFAULT_LAYOUT, width: 1000, labelWidth: 150, paddingRight: 50 }
// Plot area: x 150 … 950, 800 px wide.
const item = (
  id: string,
  start: string | null,
  end: string | null,
  result = 'Success',
  label = id,
): TimelineItem => ({
  id,
  label,
  result,
  start,
  end,
})

describe('computeTimeline', () => {
  const items = [
    item('b', '2014-10-19T06:10:00Z', '2014-10-19T06:20:00Z', 'Warning'),
    item('a', '2014-10-19T06:00:00Z', '2014-10-19T06:40:00Z'),
    item('c', '2014-10-19T06:30:00Z', null, 'None'),
  ]
  const now = Date.parse('2014-10-19T06:40:00Z')
  const t = computeTimeline(items, now, layout)

  it('spans from the earliest start to the latest end (running sessions end now)', () => {
    expect(t.domainStart).toBe(Date.parse('2014-10-19T06:00:00Z'))
    expect(t.domainEnd).toBe(now)
    expect([t.plotLeft, t.plotRight]).toEqual([150, 950])
  })

  it('puts one bar per row in start order, scaled to the plot', () => {
    expect(t.bars.map((bar) => [bar.id, bar.row])).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
    ])
    const [a, b, c] = t.bars
    expect(a).toMatchObject({ x: 150, width: 800, running: false })
    expect(b).toMatchObject({ x: 350, width: 200 })
    expect(c).toMatchObject({ x: 750, width: 200, running: true })
    expect(b?.y).toBe(layout.axisHeight + layout.rowHeight + (layout.rowHeight - layout.barHeight) / 2)
    expect(t.height).toBe(layout.axisHeight + 3 * layout.rowHeight + 4)
  })

  it('places result text inside wide bars', () => {
    expect(t.bars[0]).toMatchObject({ textPlacement: 'inside', textX: 156 })
  })

  it('puts ticks at round local times inside the domain', () => {
    expect(t.tickStepMs).toBe(5 * 60_000)
    expect(t.ticks[0]).toEqual({ ms: t.domainStart, x: 150 })
    expect(t.ticks).toHaveLength(9)
    for (const tick of t.ticks) expect(tick.x).toBeGreaterThanOrEqual(150)
  })

  it('aligns ticks to the local clock for zones with half-hour offsets', () => {
    const hourly = computeTimeline(
      [item('a', '2014-10-19T06:00:00Z', '2014-10-19T12:00:00Z')],
      now,
      { ...layout, width: 400, labelWidth: 0, paddingRight: 0 },
      330, // UTC+5:30
    )
    expect(hourly.tickStepMs).toBe(2 * 3_600_000)
    // 11:30 local = 06:00 UTC; ticks at 12:00, 14:00 and 16:00 local are 06:30, 08:30 and 10:30 UTC.
    expect(hourly.ticks.map((tick) => new Date(tick.ms).toISOString().slice(11, 16))).toEqual([
      '06:30',
      '08:30',
      '10:30',
    ])
  })

  it('gives very short sessions a minimum width and keeps them inside the plot', () => {
    const short = computeTimeline(
      [
        item('long', '2014-10-19T06:00:00Z', '2014-10-19T07:00:00Z'),
        item('blip', '2014-10-19T07:00:00Z', '2014-10-19T07:00:01Z'),
      ],
      now,
      layout,
    )
    const blip = short.bars.find((bar) => bar.id === 'blip')
    expect(blip?.width).toBe(MIN_BAR_WIDTH)
    expect((blip?.x ?? 0) + (blip?.width ?? 0)).toBeLessThanOrEqual(950)
  })

  it('puts text after a narrow bar, or before it when there is no room after', () => {
    const narrow = computeTimeline(
      [
        item('early', '2014-10-19T06:00:00Z', '2014-10-19T06:01:00Z', 'Failed'),
        item('late', '2014-10-19T06:59:00Z', '2014-10-19T07:00:00Z', 'Failed'),
      ],
      now,
      { ...layout, paddingRight: 0 },
    )
    expect(narrow.bars[0]?.textPlacement).toBe('after')
    expect(narrow.bars[1]?.textPlacement).toBe('before')
    expect(narrow.bars[1]?.textX).toBeLessThan(narrow.bars[1]?.x ?? 0)
  })

  it('widens a domain shorter than a minute and centres it', () => {
    const instant = computeTimeline([item('a', '2014-10-19T06:00:00Z', '2014-10-19T06:00:00Z')], now, layout)
    expect(instant.domainEnd - instant.domainStart).toBe(60_000)
    expect(instant.bars[0]?.x).toBe(550)
    expect(instant.bars[0]?.width).toBe(MIN_BAR_WIDTH)
  })

  it('skips sessions without a readable start and draws an end before the start as zero length', () => {
    const odd = computeTimeline(
      [
        item('nostart', null, null),
        item('garbage', 'soon', null),
        item('skew', '2014-10-19T06:10:00Z', '2014-10-19T06:00:00Z'),
        item('ok', '2014-10-19T06:00:00Z', '2014-10-19T06:20:00Z'),
      ],
      now,
      layout,
    )
    expect(odd.skipped).toBe(2)
    expect(odd.bars.map((bar) => bar.id)).toEqual(['ok', 'skew'])
    expect(odd.bars[1]?.width).toBe(MIN_BAR_WIDTH)
    for (const bar of odd.bars) {
      expect(Number.isFinite(bar.x) && Number.isFinite(bar.width)).toBe(true)
    }
  })

  it('is empty, not NaN, with nothing to draw', () => {
    const empty = computeTimeline([item('x', null, null)], Number.NaN, layout)
    expect(empty).toMatchObject({ bars: [], ticks: [], skipped: 1 })
    expect(Number.isFinite(empty.height)).toBe(true)
  })

  it('shortens long VM names to fit the label column', () => {
    const long = computeTimeline(
      [item('a', '2014-10-19T06:00:00Z', '2014-10-19T06:10:00Z', 'Success', 'x'.repeat(60))],
      now,
      layout,
    )
    expect(long.bars[0]?.shortLabel.endsWith('…')).toBe(true)
    expect(long.bars[0]?.shortLabel.length).toBeLessThan(25)
    expect(long.bars[0]?.label).toBe('x'.repeat(60))
  })
})

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const LATER = Date.parse('2014-10-23T00:00:00Z')

describe('tickStep', () => {
  it('picks the smallest nice step that keeps labels apart, for spans of minutes, hours and days', () => {
    expect(tickStep(60_000, 800)).toBe(10_000)
    expect(tickStep(12 * MINUTE, 800)).toBe(2 * MINUTE)
    expect(tickStep(HOUR, 800)).toBe(10 * MINUTE)
    expect(tickStep(5 * HOUR, 800)).toBe(30 * MINUTE)
    expect(tickStep(5 * HOUR, 400)).toBe(HOUR)
    expect(tickStep(30 * HOUR, 600)).toBe(6 * HOUR)
    expect(tickStep(3 * DAY, 300)).toBe(DAY)
    expect(tickStep(10 * DAY, 300)).toBe(7 * DAY)
  })
})

describe('ticks and their labels over more than a day', () => {
  const label = (ms: number, step: number) => tickLabel(ms, step, 0, 'UTC')

  it('labels a span of days with dates, never a row of 00:00', () => {
    const t = computeTimeline([item('a', '2014-10-19T06:00:00Z', '2014-10-22T06:00:00Z')], LATER, {
      ...layout,
      width: 400,
      labelWidth: 0,
      paddingRight: 0,
    })
    expect(t.tickStepMs).toBe(DAY)
    const labels = t.ticks.map((tick) => label(tick.ms, t.tickStepMs))
    expect(labels).toEqual(['Oct 20', 'Oct 21', 'Oct 22'])
  })

  it('labels hours with the time and each midnight with its date', () => {
    const start = Date.parse('2014-10-19T10:00:00Z')
    const end = Date.parse('2014-10-20T16:00:00Z')
    const ticks = computeTicks(start, end, 6 * HOUR)
    expect(ticks.map((ms) => label(ms, 6 * HOUR))).toEqual(['12:00', '18:00', 'Oct 20', '06:00', '12:00'])
  })

  it('shows seconds only for steps under a minute', () => {
    const ms = Date.parse('2014-10-19T06:47:30Z')
    expect(label(ms, 10_000)).toBe('06:47:30')
    expect(label(Date.parse('2014-10-19T06:47:00Z'), MINUTE)).toBe('06:47')
  })

  it('finds midnight on the local clock, not in UTC', () => {
    // 18:30 UTC is midnight in Kolkata (UTC+5:30); 00:00 UTC is 05:30 there.
    const kolkata = (ms: number) => tickLabel(ms, HOUR, 330, 'Asia/Kolkata')
    expect(kolkata(Date.parse('2014-10-19T18:30:00Z'))).toBe('Oct 20')
    expect(kolkata(Date.parse('2014-10-20T00:30:00Z'))).toBe('06:00')
    const ticks = computeTicks(
      Date.parse('2014-10-19T12:00:00Z'),
      Date.parse('2014-10-21T12:00:00Z'),
      DAY,
      330,
    )
    expect(ticks.map((ms) => new Date(ms).toISOString())).toEqual([
      '2014-10-19T18:30:00.000Z',
      '2014-10-20T18:30:00.000Z',
    ])
  })

  it('keeps day ticks on local midnight across a change of UTC offset (end of summer time)', () => {
    // Berlin: UTC+2 until 2014-10-26 01:00 UTC, UTC+1 after.
    const berlin = (ms: number) => (ms < Date.parse('2014-10-26T01:00:00Z') ? 120 : 60)
    const ticks = computeTicks(
      Date.parse('2014-10-25T12:00:00Z'),
      Date.parse('2014-10-28T12:00:00Z'),
      DAY,
      berlin,
    )
    expect(ticks.map((ms) => new Date(ms).toISOString())).toEqual([
      '2014-10-25T22:00:00.000Z',
      '2014-10-26T23:00:00.000Z',
      '2014-10-27T23:00:00.000Z',
    ])
    expect(ticks.map((ms) => tickLabel(ms, DAY, berlin, 'Europe/Berlin'))).toEqual([
      'Oct 26',
      'Oct 27',
      'Oct 28',
    ])
  })
})

describe('many task sessions', () => {
  // 2,000 sessions, 8 at a time, each 10 minutes: a big job with parallelism 8.
  const many = Array.from({ length: 2000 }, (_, i) => {
    const start = Date.parse('2014-10-19T06:00:00Z') + Math.floor(i / 8) * 10 * MINUTE
    return item(
      `t${i}`,
      new Date(start).toISOString(),
      new Date(start + 10 * MINUTE).toISOString(),
      i % 50 === 0 ? 'Failed' : 'Success',
    )
  })
  const t = computeTimeline(many, LATER, layout)

  it('packs them into one lane per parallel slot instead of a row each', () => {
    expect(t.mode).toBe('lanes')
    expect(t.rowCount).toBe(8)
    expect(t.bars).toHaveLength(2000)
    expect(t.height).toBeLessThanOrEqual(layout.axisHeight + MAX_LANES_HEIGHT + 4)
  })

  it('never overlaps two sessions in one lane', () => {
    const byLane = new Map<number, { startMs: number; endMs: number }[]>()
    for (const bar of t.bars) byLane.set(bar.row, [...(byLane.get(bar.row) ?? []), bar])
    for (const bars of byLane.values()) {
      bars.sort((a, b) => a.startMs - b.startMs)
      for (let i = 1; i < bars.length; i++) {
        expect(bars[i]?.startMs).toBeGreaterThanOrEqual(bars[i - 1]?.endMs ?? 0)
      }
    }
  })

  it('keeps a row per session (with links) up to the limit', () => {
    expect(computeTimeline(many.slice(0, MAX_ROWS), LATER, layout).mode).toBe('rows')
    expect(computeTimeline(many.slice(0, MAX_ROWS + 1), LATER, layout).mode).toBe('lanes')
  })

  it('thins lanes to stay within the height limit when thousands run at once', () => {
    const all = Array.from({ length: 1000 }, (_, i) => item(`p${i}`, '2014-10-19T06:00:00Z', null))
    const crowded = computeTimeline(all, LATER, layout)
    expect(crowded.rowCount).toBe(1000)
    expect(crowded.height).toBeLessThanOrEqual(layout.axisHeight + MAX_LANES_HEIGHT + 4 + 1e-9)
  })
})

describe('assignLanes', () => {
  it('reuses the lane that freed up earliest, and opens a lane only when all are busy', () => {
    expect(
      assignLanes([
        { startMs: 0, endMs: 10 },
        { startMs: 1, endMs: 5 },
        { startMs: 5, endMs: 8 },
        { startMs: 6, endMs: 12 },
        { startMs: 12, endMs: 13 },
      ]),
    ).toEqual({ lanes: [0, 1, 1, 2, 1], count: 3 })
  })
})

describe('barsPath', () => {
  it('draws each bar as one closed rectangle of a single path', () => {
    expect(
      barsPath([
        { x: 10, y: 2.5, width: 1, height: 0.333 },
        { x: 1, y: 2, width: 3, height: 4 },
      ]),
    ).toBe('M1 2h3v4h-3zM10 2.5h1v0.33h-1z')
  })

  it('merges back-to-back bars of one lane, and nothing across lanes or visible gaps', () => {
    const lane = (y: number) => [
      { x: 0, y, width: 10, height: 4 },
      { x: 10.2, y, width: 5, height: 4 },
      { x: 20, y, width: 5, height: 4 },
    ]
    expect(barsPath([...lane(0), ...lane(5)])).toBe(
      'M0 0h15.2v4h-15.2zM20 0h5v4h-5zM0 5h15.2v4h-15.2zM20 5h5v4h-5z',
    )
  })
})

describe('truncate', () => {
  it('cuts with an ellipsis', () => {
    expect(truncate('srv04', 10)).toBe('srv04')
    expect(truncate('fileserver-02', 6)).toBe('files…')
    expect(truncate('abc', 1)).toBe('…')
  })
})
