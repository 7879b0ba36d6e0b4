import { dateTimeFormat, parseTime } from '../../../lib/format.ts'
import { formatClock } from '../../../lib/time-format.ts'

/** One task session as the timeline needs it. */
export type TimelineItem = {
  id: string
  label: string
  result: string
  start: string | null
  end: string | null
}

export type TimelineLayout = {
  /** Total drawing width in px (the container's width). */
  width: number
  /** Width of the VM name column at the left (rows mode only). */
  labelWidth: number
  rowHeight: number
  barHeight: number
  /** Height of the time axis at the top. */
  axisHeight: number
  /** Space kept free at the right so the last tick label fits. */
  paddingRight: number
  /** Rough average glyph width of the 12 px label font, for fitting text without measuring the DOM. */
  charWidth: number
  /** Minimum distance between tick labels (an `HH:MM:SS` label is ~50 px, a date such as `Oct 20` ~40 px). */
  tickSpacing: number
}

export const DEFAULT_LAYOUT: TimelineLayout = {
  width: 800,
  labelWidth: 150,
  rowHeight: 28,
  barHeight: 18,
  axisHeight: 24,
  paddingRight: 16,
  charWidth: 6.6,
  tickSpacing: 80,
}

/**
 * Up to this many task sessions the timeline has one labelled row per session, each bar a link. Beyond it (a
 * job of thousands of machines) it packs sessions into lanes, one lane per parallel slot, drawn as a picture:
 * thousands of rows or links would be neither readable nor fast, and the table below opens any of them.
 */
export const MAX_ROWS = 150
/** In lanes mode the picture grows to at most this height; lanes get thinner beyond it. */
export const MAX_LANES_HEIGHT = 320
const MAX_LANE_HEIGHT = 10
const LANES_PADDING_LEFT = 8

export type TimelineBar = {
  id: string
  /** The VM name, shortened with "…" to fit the label column. */
  shortLabel: string
  label: string
  result: string
  /** Row (rows mode) or lane (lanes mode). */
  row: number
  x: number
  y: number
  width: number
  height: number
  startMs: number
  endMs: number
  /** No end time yet: the bar reaches `now`. */
  running: boolean
  /** Where the result text goes: inside the bar, after its end or before its start. */
  textPlacement: 'inside' | 'after' | 'before'
  textX: number
}

export type TimelineTick = { x: number; ms: number }

export type Timeline = {
  /** `rows`: one labelled row per session; `lanes`: sessions packed into parallel lanes, unlabelled. */
  mode: 'rows' | 'lanes'
  bars: TimelineBar[]
  /** Rows or lanes drawn. */
  rowCount: number
  /** Height of one row or lane. */
  rowHeight: number
  ticks: TimelineTick[]
  tickStepMs: number
  domainStart: number
  domainEnd: number
  plotLeft: number
  plotRight: number
  height: number
  /** Task sessions left out because EM gave no (readable) start time. */
  skipped: number
}

/** Minutes east of UTC at an instant: a fixed number, or a function of the instant (daylight saving time). */
export type UtcOffset = number | ((ms: number) => number)

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const TICK_STEPS = [
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  28 * DAY,
]
/** Bars never get thinner than this, so a 2-second task is still visible and clickable. */
export const MIN_BAR_WIDTH = 4
/** The smallest "nice" step that keeps ticks at least `minSpacingPx` apart. */
export function tickStep(
  spanMs: number,
  plotWidth: number,
  minSpacingPx = DEFAULT_LAYOUT.tickSpacing,
): number {
  const maxTicks = Math.max(1, Math.floor(plotWidth / minSpacingPx))
  const raw = spanMs / maxTicks
  return TICK_STEPS.find((step) => step >= raw) ?? TICK_STEPS[TICK_STEPS.length - 1] ?? DAY
}

function offsetAt(offset: UtcOffset, ms: number): number {
  return (typeof offset === 'function' ? offset(ms) : offset) * MINUTE
}

/** Whether `ms` is midnight on the local clock. */
function isLocalMidnight(ms: number, offset: UtcOffset): boolean {
  return (((ms + offsetAt(offset, ms)) % DAY) + DAY) % DAY === 0
}

/**
 * Tick instants from `start` to `end`, every `step` on the local clock: whole hours, midnights, `:15`s, as the
 * viewer's clock shows them (whole hours in Kolkata are at :30 UTC; a day step starts at local midnight).
 */
export function computeTicks(start: number, end: number, step: number, offset: UtcOffset = 0): number[] {
  const ticks: number[] = []
  // Positions are counted in local-clock milliseconds and turned back into instants one by one, so a change of
  // UTC offset inside the span (daylight saving time) still puts ticks on local midnights and hours.
  let local = Math.ceil((start + offsetAt(offset, start)) / step) * step
  for (let i = 0; i < 1000; i++, local += step) {
    const guess = local - offsetAt(offset, local)
    const ms = local - offsetAt(offset, guess)
    if (ms > end) break
    if (ms >= start) ticks.push(ms)
  }
  return ticks
}

/**
 * The text under a tick: the date (`Oct 20`) at local midnight and for steps of a day or more, else the clock
 * time (`06:00`, with seconds for steps under a minute). Over a span of days every midnight then says which day
 * it is instead of `00:00`.
 */
export function tickLabel(ms: number, stepMs: number, offset: UtcOffset = 0, timeZone?: string): string {
  // English month names whatever the browser's language, like every other time on the page.
  if (stepMs >= DAY || isLocalMidnight(ms, offset)) {
    return dateTimeFormat('day', 'en-US', timeZone, { month: 'short', day: 'numeric' }).format(ms)
  }
  return formatClock(ms, timeZone, stepMs < MINUTE)
}

/** `text` cut to `maxChars` with a trailing ellipsis. */
export function truncate(text: string, maxChars: number): string {
  if (maxChars <= 1) return text.length > 0 ? '…' : ''
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`
}

type Placed = { item: TimelineItem; startMs: number; endMs: number; running: boolean }

/**
 * Lanes for sessions sorted by start: each goes into the lane that freed up earliest, or a new lane when all
 * are busy, so the lane count is the job's highest parallelism. A min-heap of lane ends keeps this
 * O(n log lanes) for thousands of sessions.
 */
export function assignLanes(placed: readonly { startMs: number; endMs: number }[]): {
  lanes: number[]
  count: number
} {
  const heap: [end: number, lane: number][] = []
  const lanes: number[] = []
  const less = (a: number, b: number) => {
    const x = heap[a]
    const y = heap[b]
    return !!x && !!y && (x[0] < y[0] || (x[0] === y[0] && x[1] < y[1]))
  }
  const swap = (a: number, b: number) => {
    const x = heap[a]
    const y = heap[b]
    if (x && y) {
      heap[a] = y
      heap[b] = x
    }
  }
  const push = (entry: [number, number]) => {
    heap.push(entry)
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1
      if (!less(i, parent)) break
      swap(i, parent)
      i = parent
    }
  }
  const replaceTop = (entry: [number, number]) => {
    heap[0] = entry
    for (let i = 0; ; ) {
      const l = 2 * i + 1
      const r = l + 1
      let smallest = i
      if (l < heap.length && less(l, smallest)) smallest = l
      if (r < heap.length && less(r, smallest)) smallest = r
      if (smallest === i) break
      swap(i, smallest)
      i = smallest
    }
  }
  let count = 0
  for (const p of placed) {
    const top = heap[0]
    if (top && top[0] <= p.startMs) {
      lanes.push(top[1])
      replaceTop([p.endMs, top[1]])
    } else {
      lanes.push(count)
      push([p.endMs, count])
      count++
    }
  }
  return { lanes, count }
}

/**
 * Lays out task sessions on one time axis, from the earliest start to the latest end (running sessions end at
 * `now`). Up to `maxRows` sessions get a row each, in start order, with labels; more are packed into lanes.
 * `utcOffset` aligns ticks to the viewer's local clock.
 */
export function computeTimeline(
  items: readonly TimelineItem[],
  now: number,
  layout: TimelineLayout = DEFAULT_LAYOUT,
  utcOffset: UtcOffset = 0,
  maxRows = MAX_ROWS,
): Timeline {
  const placed: Placed[] = []
  for (const item of items) {
    const startMs = parseTime(item.start)
    if (startMs === null) continue
    const endParsed = parseTime(item.end)
    const running = item.end === null
    // An end before the start (clock skew) or unreadable: draw it as a zero-length task at its start.
    const endMs = Math.max(startMs, running ? (Number.isFinite(now) ? now : startMs) : (endParsed ?? startMs))
    placed.push({ item, startMs, endMs, running })
  }
  placed.sort((a, b) => a.startMs - b.startMs || a.item.label.localeCompare(b.item.label))

  const mode = placed.length > maxRows ? 'lanes' : 'rows'
  const plotLeft = mode === 'rows' ? layout.labelWidth : LANES_PADDING_LEFT
  const plotRight = Math.max(plotLeft + 1, layout.width - layout.paddingRight)
  const plotWidth = plotRight - plotLeft
  const skipped = items.length - placed.length

  let lanes: number[] = []
  let rowCount = placed.length
  let rowHeight = layout.rowHeight
  let barHeight = layout.barHeight
  if (mode === 'lanes') {
    const packed = assignLanes(placed)
    lanes = packed.lanes
    rowCount = packed.count
    rowHeight = Math.min(MAX_LANE_HEIGHT, MAX_LANES_HEIGHT / Math.max(1, rowCount))
    barHeight = rowHeight >= 4 ? rowHeight - 1 : rowHeight
  }
  const height = layout.axisHeight + rowCount * rowHeight + 4

  if (placed.length === 0) {
    return {
      mode,
      bars: [],
      rowCount: 0,
      rowHeight,
      ticks: [],
      tickStepMs: MINUTE,
      domainStart: 0,
      domainEnd: 0,
      plotLeft,
      plotRight,
      height,
      skipped,
    }
  }

  let domainStart = Number.POSITIVE_INFINITY
  let domainEnd = Number.NEGATIVE_INFINITY
  for (const p of placed) {
    domainStart = Math.min(domainStart, p.startMs)
    domainEnd = Math.max(domainEnd, p.endMs)
  }
  if (domainEnd - domainStart < MINUTE) {
    // Everything within a minute (or one instant): show a minute so the bars have room.
    const mid = (domainStart + domainEnd) / 2
    domainStart = mid - MINUTE / 2
    domainEnd = mid + MINUTE / 2
  }
  const span = domainEnd - domainStart
  const x = (ms: number) => plotLeft + ((ms - domainStart) / span) * plotWidth

  const step = tickStep(span, plotWidth, layout.tickSpacing)
  const ticks = computeTicks(domainStart, domainEnd, step, utcOffset).map((ms) => ({ ms, x: x(ms) }))

  const maxLabelChars = Math.floor((layout.labelWidth - 12) / layout.charWidth)
  const minWidth = mode === 'rows' ? MIN_BAR_WIDTH : 1
  const bars = placed.map(({ item, startMs, endMs, running }, index): TimelineBar => {
    const row = mode === 'rows' ? index : (lanes[index] ?? 0)
    let barX = x(startMs)
    let width = Math.max(minWidth, x(endMs) - barX)
    if (barX + width > plotRight) barX = plotRight - width
    let textPlacement: TimelineBar['textPlacement'] = 'inside'
    let textX = barX + 6
    if (mode === 'rows') {
      const textWidth = item.result.length * layout.charWidth + 12
      if (width < textWidth) {
        if (barX + width + textWidth <= plotRight + layout.paddingRight) {
          textPlacement = 'after'
          textX = barX + width + 6
        } else {
          textPlacement = 'before'
          textX = barX - 6
        }
      }
    }
    width = Math.round(width * 10) / 10
    return {
      id: item.id,
      label: item.label,
      shortLabel: mode === 'rows' ? truncate(item.label, maxLabelChars) : '',
      result: item.result,
      row,
      x: Math.round(barX * 10) / 10,
      y: layout.axisHeight + row * rowHeight + (rowHeight - barHeight) / 2,
      width,
      height: barHeight,
      startMs,
      endMs,
      running,
      textPlacement,
      textX: Math.round(textX * 10) / 10,
    }
  })

  return {
    mode,
    bars,
    rowCount,
    rowHeight,
    ticks,
    tickStepMs: step,
    domainStart,
    domainEnd,
    plotLeft,
    plotRight,
    height,
    skipped,
  }
}

/** Bars of one lane closer than this (px) are drawn as one: a gap that narrow is invisible anyway. */
const MERGE_GAP_PX = 0.5

/**
 * One SVG path per group (a tone) drawing every bar of the group as a rectangle: thousands of bars become a
 * handful of DOM nodes. Back-to-back bars of the same lane merge into one rectangle, which keeps the path short
 * (and cheap to paint) for a job that ran thousands of sessions one after another in a few lanes.
 */
export function barsPath(bars: readonly Pick<TimelineBar, 'x' | 'y' | 'width' | 'height'>[]): string {
  const sorted = [...bars].sort((a, b) => a.y - b.y || a.x - b.x)
  let d = ''
  let current: { x: number; y: number; end: number; height: number } | null = null
  const flush = () => {
    if (!current) return
    const width = round(current.end - current.x)
    d += `M${round(current.x)} ${round(current.y)}h${width}v${round(current.height)}h${-width}z`
  }
  for (const bar of sorted) {
    if (
      current &&
      bar.y === current.y &&
      bar.height === current.height &&
      bar.x <= current.end + MERGE_GAP_PX
    ) {
      current.end = Math.max(current.end, bar.x + bar.width)
      continue
    }
    flush()
    current = { x: bar.x, y: bar.y, end: bar.x + bar.width, height: bar.height }
  }
  flush()
  return d
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}
