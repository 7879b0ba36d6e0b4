import { parseTime } from '../../../lib/format.ts'

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
  /** Width of the VM name column at the left. */
  labelWidth: number
  rowHeight: number
  barHeight: number
  /** Height of the time axis at the top. */
  axisHeight: number
  /** Space kept free at the right so the last tick label fits. */
  paddingRight: number
  /** Rough average glyph width of the 12 px label font, for fitting text without measuring the DOM. */
  charWidth: number
}

export const DEFAULT_LAYOUT: TimelineLayout = {
  width: 800,
  labelWidth: 150,
  rowHeight: 28,
  barHeight: 18,
  axisHeight: 24,
  paddingRight: 16,
  charWidth: 6.6,
}

export type TimelineBar = {
  id: string
  /** The VM name, shortened with "…" to fit the label column. */
  shortLabel: string
  label: string
  result: string
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
  bars: TimelineBar[]
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
  30 * DAY,
]
/** Bars never get thinner than this, so a 2-second task is still visible and clickable. */
export const MIN_BAR_WIDTH = 4
/** Minimum spacing between tick labels (an `HH:MM:SS` label is ~50 px). */
const MIN_TICK_SPACING = 80

/** The smallest "nice" step that keeps ticks at least `minSpacingPx` apart. */
export function tickStep(spanMs: number, plotWidth: number, minSpacingPx = MIN_TICK_SPACING): number {
  const maxTicks = Math.max(1, Math.floor(plotWidth / minSpacingPx))
  const raw = spanMs / maxTicks
  return TICK_STEPS.find((step) => step >= raw) ?? TICK_STEPS[TICK_STEPS.length - 1] ?? DAY
}

/** `text` cut to `maxChars` with a trailing ellipsis. */
export function truncate(text: string, maxChars: number): string {
  if (maxChars <= 1) return text.length > 0 ? '…' : ''
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`
}

/**
 * Lays out task sessions on one time axis: one row each, in start order, from the earliest start to the latest
 * end (running sessions end at `now`). `utcOffsetMinutes` aligns ticks to the viewer's local clock (whole hours
 * in Kolkata are at :30 UTC).
 */
export function computeTimeline(
  items: readonly TimelineItem[],
  now: number,
  layout: TimelineLayout = DEFAULT_LAYOUT,
  utcOffsetMinutes = 0,
): Timeline {
  const placed = items
    .map((item) => {
      const startMs = parseTime(item.start)
      if (startMs === null) return null
      const endParsed = parseTime(item.end)
      const running = item.end === null
      // An end before the start (clock skew) or unreadable: draw it as a zero-length task at its start.
      const endMs = Math.max(
        startMs,
        running ? (Number.isFinite(now) ? now : startMs) : (endParsed ?? startMs),
      )
      return { item, startMs, endMs, running }
    })
    .filter((p) => p !== null)
    .sort((a, b) => a.startMs - b.startMs || a.item.label.localeCompare(b.item.label))

  const plotLeft = layout.labelWidth
  const plotRight = Math.max(plotLeft + 1, layout.width - layout.paddingRight)
  const plotWidth = plotRight - plotLeft
  const height = layout.axisHeight + placed.length * layout.rowHeight + 4
  const skipped = items.length - placed.length

  if (placed.length === 0) {
    return {
      bars: [],
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

  let domainStart = Math.min(...placed.map((p) => p.startMs))
  let domainEnd = Math.max(...placed.map((p) => p.endMs))
  if (domainEnd - domainStart < MINUTE) {
    // Everything within a minute (or one instant): show a minute so the bars have room.
    const mid = (domainStart + domainEnd) / 2
    domainStart = mid - MINUTE / 2
    domainEnd = mid + MINUTE / 2
  }
  const span = domainEnd - domainStart
  const x = (ms: number) => plotLeft + ((ms - domainStart) / span) * plotWidth

  const step = tickStep(span, plotWidth)
  const offset = utcOffsetMinutes * MINUTE
  const ticks: TimelineTick[] = []
  for (let ms = Math.ceil((domainStart + offset) / step) * step - offset; ms <= domainEnd; ms += step) {
    ticks.push({ ms, x: x(ms) })
  }

  const maxLabelChars = Math.floor((layout.labelWidth - 12) / layout.charWidth)
  const bars = placed.map(({ item, startMs, endMs, running }, row): TimelineBar => {
    let barX = x(startMs)
    let width = Math.max(MIN_BAR_WIDTH, x(endMs) - barX)
    if (barX + width > plotRight) barX = plotRight - width
    const textWidth = item.result.length * layout.charWidth + 12
    let textPlacement: TimelineBar['textPlacement']
    let textX: number
    if (width >= textWidth) {
      textPlacement = 'inside'
      textX = barX + 6
    } else if (barX + width + textWidth <= plotRight + layout.paddingRight) {
      textPlacement = 'after'
      textX = barX + width + 6
    } else {
      textPlacement = 'before'
      textX = barX - 6
    }
    width = Math.round(width * 10) / 10
    return {
      id: item.id,
      label: item.label,
      shortLabel: truncate(item.label, maxLabelChars),
      result: item.result,
      row,
      x: Math.round(barX * 10) / 10,
      y: layout.axisHeight + row * layout.rowHeight + (layout.rowHeight - layout.barHeight) / 2,
      width,
      height: layout.barHeight,
      startMs,
      endMs,
      running,
      textPlacement,
      textX: Math.round(textX * 10) / 10,
    }
  })

  return { bars, ticks, tickStepMs: step, domainStart, domainEnd, plotLeft, plotRight, height, skipped }
}
