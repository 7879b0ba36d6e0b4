import { describe, expect, it } from 'vitest'
import {
  computeTimeline,
  DEFAULT_LAYOUT,
  MIN_BAR_WIDTH,
  type TimelineItem,
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

describe('tickStep', () => {
  it('picks the smallest nice step that keeps labels apart', () => {
    expect(tickStep(60 * 60_000, 800)).toBe(10 * 60_000)
    expect(tickStep(60_000, 800)).toBe(10_000)
    expect(tickStep(3 * 86_400_000, 300)).toBe(86_400_000)
  })
})

describe('truncate', () => {
  it('cuts with an ellipsis', () => {
    expect(truncate('srv04', 10)).toBe('srv04')
    expect(truncate('fileserver-02', 6)).toBe('files…')
    expect(truncate('abc', 1)).toBe('…')
  })
})
