import { isTaskSessionFinished, resourcePath, type TaskSession, type TaskSessionKind } from '@ese/shared'
import { useNavigate } from '@tanstack/react-router'
import { type MouseEvent, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { durationMs, formatDuration, parseTime } from '../../../lib/format.ts'
import { RESOURCE_ROUTE } from '../../../lib/resource-routes.ts'
import { resultLook, type Tone } from '../../../lib/status.ts'
import { formatLocalTime, formatZonedTime, sharedZone } from '../../../lib/time-format.ts'
import { useNow } from '../../../lib/use-now.ts'
import { vmLabel } from '../lib/sort-task-sessions.ts'
import { notEndedLabel } from '../lib/task-counts.ts'
import {
  barsPath,
  computeTimeline,
  DEFAULT_LAYOUT,
  type Timeline,
  type TimelineBar,
  type TimelineLayout,
  tickLabel,
} from '../lib/timeline.ts'

type BarTone = Tone | 'running'

const BAR_FILL: Record<BarTone, string> = {
  success: 'fill-emerald-500 dark:fill-emerald-500',
  warning: 'fill-amber-400 dark:fill-amber-400',
  danger: 'fill-red-500 dark:fill-red-500',
  info: 'fill-sky-500',
  pending: 'fill-violet-400',
  neutral: 'fill-zinc-400 dark:fill-zinc-500',
  running: 'fill-sky-500 dark:fill-sky-500',
}

// Text drawn on a bar must contrast with its fill in both themes.
const BAR_TEXT: Record<BarTone, string> = {
  success: 'fill-white',
  warning: 'fill-zinc-950',
  danger: 'fill-white',
  info: 'fill-white',
  pending: 'fill-zinc-950',
  neutral: 'fill-zinc-950',
  running: 'fill-white',
}

// Drawn in this order, so failures and warnings stay visible on top of a crowd of successes.
const TONE_ORDER: readonly BarTone[] = [
  'neutral',
  'success',
  'pending',
  'info',
  'running',
  'warning',
  'danger',
]

/** The viewer's UTC offset at an instant, in minutes east (daylight saving time included). */
const localOffset = (ms: number) => -new Date(ms).getTimezoneOffset()

/** "from 2014-10-19 08:47:21 to 2014-10-19 09:02:10 UTC+2": the zone once, or at both ends when they differ. */
function timeRange(start: string, end: string): string {
  const oneZone = sharedZone([parseTime(start), parseTime(end)]) !== null
  return `from ${oneZone ? formatLocalTime(start) : formatZonedTime(start)} to ${formatZonedTime(end)}`
}

/** A task not ended yet is Pending (waiting for its turn, as EM says) or Running; an ended one its result. */
function barText(session: TaskSession): string {
  if (isTaskSessionFinished(session) || (session.result !== 'None' && session.result !== ''))
    return session.result || 'Unknown'
  return notEndedLabel(session) === 'pending' ? 'Pending' : 'Running'
}

function barTone(bar: TimelineBar, session: TaskSession | undefined): BarTone {
  if (bar.running) return session ? notEndedLabel(session) : 'running'
  return resultLook(session?.result ?? '').tone
}

function useElementWidth<T extends HTMLElement>(fallback: number) {
  const ref = useRef<T>(null)
  const [width, setWidth] = useState(fallback)
  useLayoutEffect(() => {
    const element = ref.current
    if (!element) return
    setWidth(element.clientWidth || fallback)
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width
      if (w) setWidth(Math.round(w))
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [fallback])
  return [ref, width] as const
}

function Axis({ timeline, layout, width }: { timeline: Timeline; layout: TimelineLayout; width: number }) {
  return (
    <>
      {timeline.mode === 'rows'
        ? timeline.bars.map((bar) => (
            <rect
              key={`row-${bar.id}`}
              x={0}
              y={bar.y - (timeline.rowHeight - bar.height) / 2}
              width={width}
              height={timeline.rowHeight}
              className={bar.row % 2 === 0 ? 'fill-zinc-50 dark:fill-zinc-800/40' : 'fill-transparent'}
            />
          ))
        : null}
      {timeline.ticks.map((tick) => (
        <g key={tick.ms}>
          <line
            x1={tick.x}
            x2={tick.x}
            y1={layout.axisHeight - 4}
            y2={timeline.height}
            className="stroke-zinc-200 dark:stroke-zinc-700"
            strokeDasharray="2 3"
          />
          <text
            x={tick.x}
            y={layout.axisHeight - 9}
            textAnchor="middle"
            className="fill-zinc-500 tabular-nums dark:fill-zinc-400"
          >
            {tickLabel(tick.ms, timeline.tickStepMs, localOffset)}
          </text>
        </g>
      ))}
    </>
  )
}

/**
 * All task sessions of the job session on one time axis. The axis and grid are a `role="img"` picture with a
 * summary as its name. Up to a hundred and fifty sessions, each has a labelled row and its bar is a link (a
 * separate layer of links: an image cannot contain links), named with VM, result and duration. Beyond that the
 * sessions are packed into lanes of parallel work and drawn as a few paths: a picture of the run, not a menu;
 * the table below opens any of them.
 */
export function TaskSessionTimeline({
  sessions,
  kind,
}: {
  sessions: readonly TaskSession[]
  kind: TaskSessionKind
}) {
  const navigate = useNavigate()
  const [containerRef, width] = useElementWidth<HTMLDivElement>(DEFAULT_LAYOUT.width)
  const anyRunning = useMemo(() => sessions.some((s) => !isTaskSessionFinished(s)), [sessions])
  const now = useNow(5000, anyRunning)
  const narrow = width < 520
  const layout = useMemo(
    () => ({ ...DEFAULT_LAYOUT, width, labelWidth: narrow ? 96 : 170, tickSpacing: narrow ? 52 : 80 }),
    [width, narrow],
  )
  const byId = useMemo(() => new Map(sessions.map((s) => [s.id, s])), [sessions])
  const timeline = useMemo(
    () =>
      computeTimeline(
        sessions.map((s) => ({
          id: s.id,
          label: vmLabel(s),
          result: barText(s),
          start: s.creationTime,
          end: s.endTime,
        })),
        now,
        layout,
        localOffset,
      ),
    [sessions, now, layout],
  )
  const paths = useMemo(() => {
    if (timeline.mode !== 'lanes') return []
    const groups = new Map<BarTone, TimelineBar[]>()
    for (const bar of timeline.bars) {
      const tone = barTone(bar, byId.get(bar.id))
      const group = groups.get(tone)
      if (group) group.push(bar)
      else groups.set(tone, [bar])
    }
    return TONE_ORDER.flatMap((tone) => {
      const bars = groups.get(tone)
      return bars ? [{ tone, d: barsPath(bars) }] : []
    })
  }, [timeline, byId])

  const count = timeline.bars.length
  const range =
    count === 0
      ? ''
      : timeRange(new Date(timeline.domainStart).toISOString(), new Date(timeline.domainEnd).toISOString())
  const summary =
    count === 0
      ? 'Timeline: no task session has a start time yet'
      : `Timeline of ${count.toLocaleString()} task session${count === 1 ? '' : 's'} ${range}${
          timeline.mode === 'lanes'
            ? `, in ${timeline.rowCount} lane${timeline.rowCount === 1 ? '' : 's'} of sessions that ran side by side`
            : ''
        }`

  function open(event: MouseEvent<Element>, bar: TimelineBar) {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    ) {
      return
    }
    event.preventDefault()
    void navigate({ to: RESOURCE_ROUTE[kind], params: { id: bar.id } })
  }

  return (
    <figure
      aria-label="Task session timeline"
      className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900/60"
    >
      <div ref={containerRef} className="relative w-full">
        {count === 0 ? (
          <p className="px-1 py-4 text-sm text-zinc-600 dark:text-zinc-400">
            No task session has a start time yet.
          </p>
        ) : timeline.mode === 'lanes' ? (
          // Contained and on its own layer: rows of the big table below mounting and unmounting while it
          // scrolls do not make the browser lay out or repaint thousands of bars again.
          <svg
            role="img"
            aria-label={summary}
            width={width}
            height={timeline.height}
            viewBox={`0 0 ${width} ${timeline.height}`}
            className="block text-xs contain-content will-change-transform"
          >
            <Axis timeline={timeline} layout={layout} width={width} />
            {paths.map(({ tone, d }) => (
              <path key={tone} d={d} className={BAR_FILL[tone]} />
            ))}
          </svg>
        ) : (
          <>
            <svg
              role="img"
              aria-label={summary}
              width={width}
              height={timeline.height}
              viewBox={`0 0 ${width} ${timeline.height}`}
              className="block text-xs"
            >
              <Axis timeline={timeline} layout={layout} width={width} />
              {timeline.bars.map((bar) => (
                <text
                  key={`label-${bar.id}`}
                  x={4}
                  y={bar.y + bar.height / 2}
                  dominantBaseline="central"
                  className="fill-zinc-800 dark:fill-zinc-200"
                >
                  {bar.shortLabel}
                </text>
              ))}
            </svg>
            <svg
              role="presentation"
              width={width}
              height={timeline.height}
              viewBox={`0 0 ${width} ${timeline.height}`}
              className="absolute inset-0 block text-xs"
            >
              {timeline.bars.map((bar) => {
                const session = byId.get(bar.id)
                const tone = barTone(bar, session)
                const duration = formatDuration(durationMs(session?.creationTime, session?.endTime, now))
                const name = `${bar.label}: ${bar.result}, ${duration}`
                return (
                  <a
                    key={bar.id}
                    href={resourcePath(kind, bar.id)}
                    aria-label={name}
                    onClick={(event) => open(event, bar)}
                    className="timeline-bar group outline-none"
                  >
                    <title>{name}</title>
                    <rect
                      x={bar.x}
                      y={bar.y}
                      width={bar.width}
                      height={bar.height}
                      rx={3}
                      className={`${BAR_FILL[tone]} ${bar.running ? 'animate-pulse motion-reduce:animate-none' : ''} group-hover:opacity-85`}
                    />
                    <rect
                      x={bar.x - 2}
                      y={bar.y - 2}
                      width={bar.width + 4}
                      height={bar.height + 4}
                      rx={4}
                      // Presentation attributes lose to CSS, so the focus rule in styles.css can draw the ring.
                      className="focus-ring"
                      fill="none"
                      stroke="none"
                      strokeWidth={2}
                    />
                    <text
                      x={bar.textX}
                      y={bar.y + bar.height / 2}
                      dominantBaseline="central"
                      textAnchor={bar.textPlacement === 'before' ? 'end' : 'start'}
                      className={`font-medium ${bar.textPlacement === 'inside' ? BAR_TEXT[tone] : 'fill-zinc-700 dark:fill-zinc-300'}`}
                    >
                      {bar.result}
                    </text>
                  </a>
                )
              })}
            </svg>
          </>
        )}
      </div>
      {count > 0 || timeline.skipped > 0 ? (
        <figcaption className="mt-2 space-y-0.5 text-xs text-zinc-600 dark:text-zinc-400">
          {count > 0 ? <p>{range.charAt(0).toUpperCase() + range.slice(1)}</p> : null}
          {timeline.mode === 'lanes' ? (
            <p>
              {count.toLocaleString()} task sessions in {timeline.rowCount} lane
              {timeline.rowCount === 1 ? '' : 's'}: each lane is one slot of parallel work. Open a session
              from the table below.
            </p>
          ) : null}
          {timeline.skipped > 0 ? (
            <p>
              {timeline.skipped} task session{timeline.skipped === 1 ? ' has' : 's have'} no start time and{' '}
              {timeline.skipped === 1 ? 'is' : 'are'} not shown.
            </p>
          ) : null}
        </figcaption>
      ) : null}
    </figure>
  )
}
