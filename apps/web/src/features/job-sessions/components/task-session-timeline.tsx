import { isTaskSessionFinished, type ReplicaTaskSession, resourcePath } from '@ese/shared'
import { useNavigate } from '@tanstack/react-router'
import { type MouseEvent, useLayoutEffect, useRef, useState } from 'react'
import { durationMs, formatClock, formatDuration, formatLocalTime } from '../../../lib/format.ts'
import { resultLook, type Tone } from '../../../lib/status.ts'
import { useNow } from '../../../lib/use-now.ts'
import { vmLabel } from '../lib/sort-task-sessions.ts'
import { computeTimeline, DEFAULT_LAYOUT, type TimelineBar } from '../lib/timeline.ts'

const BAR_FILL: Record<Tone | 'running', string> = {
  success: 'fill-emerald-500 dark:fill-emerald-500',
  warning: 'fill-amber-400 dark:fill-amber-400',
  danger: 'fill-red-500 dark:fill-red-500',
  info: 'fill-sky-500',
  pending: 'fill-violet-400',
  neutral: 'fill-zinc-400 dark:fill-zinc-500',
  running: 'fill-sky-500 dark:fill-sky-500',
}

// Text drawn on a bar must contrast with its fill in both themes.
const BAR_TEXT: Record<Tone | 'running', string> = {
  success: 'fill-white',
  warning: 'fill-zinc-950',
  danger: 'fill-white',
  info: 'fill-white',
  pending: 'fill-zinc-950',
  neutral: 'fill-zinc-950',
  running: 'fill-white',
}

function barText(session: ReplicaTaskSession): string {
  return !isTaskSessionFinished(session) && (session.result === 'None' || session.result === '')
    ? 'Running'
    : session.result || 'Unknown'
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

/**
 * All task sessions of the job session on one time axis. The axis and grid are a `role="img"` picture with a
 * summary as its name; the bars are a separate layer of links (an image cannot contain links), each named with
 * VM, result and duration, and each opens its task session.
 */
export function TaskSessionTimeline({ sessions }: { sessions: readonly ReplicaTaskSession[] }) {
  const navigate = useNavigate()
  const [containerRef, width] = useElementWidth<HTMLDivElement>(DEFAULT_LAYOUT.width)
  const anyRunning = sessions.some((s) => !isTaskSessionFinished(s))
  const now = useNow(5000, anyRunning)
  const narrow = width < 520
  const layout = { ...DEFAULT_LAYOUT, width, labelWidth: narrow ? 96 : 170 }
  const byId = new Map(sessions.map((s) => [s.id, s]))
  const timeline = computeTimeline(
    sessions.map((s) => ({
      id: s.id,
      label: vmLabel(s),
      result: barText(s),
      start: s.creationTime,
      end: s.endTime,
    })),
    now,
    layout,
    -new Date().getTimezoneOffset(),
  )
  const withSeconds = timeline.tickStepMs < 60_000

  const summary =
    timeline.bars.length === 0
      ? 'Timeline: no task session has a start time yet'
      : `Timeline of ${timeline.bars.length} task session${timeline.bars.length === 1 ? '' : 's'} from ${formatLocalTime(
          new Date(timeline.domainStart).toISOString(),
        )} to ${formatLocalTime(new Date(timeline.domainEnd).toISOString())}`

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
    void navigate({ to: '/replicaTaskSessions/$id', params: { id: bar.id } })
  }

  return (
    <figure
      aria-label="Task session timeline"
      className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900/60"
    >
      <div ref={containerRef} className="relative w-full">
        {timeline.bars.length === 0 ? (
          <p className="px-1 py-4 text-sm text-zinc-600 dark:text-zinc-400">
            No task session has a start time yet.
          </p>
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
              {timeline.bars.map((bar) => (
                <rect
                  key={`row-${bar.id}`}
                  x={0}
                  y={bar.y - (layout.rowHeight - layout.barHeight) / 2}
                  width={width}
                  height={layout.rowHeight}
                  className={bar.row % 2 === 0 ? 'fill-zinc-50 dark:fill-zinc-800/40' : 'fill-transparent'}
                />
              ))}
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
                    {formatClock(tick.ms, undefined, undefined, withSeconds)}
                  </text>
                </g>
              ))}
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
                const tone: Tone | 'running' = bar.running
                  ? 'running'
                  : resultLook(session?.result ?? '').tone
                const duration = formatDuration(durationMs(session?.creationTime, session?.endTime, now))
                const name = `${bar.label}: ${bar.result}, ${duration}`
                return (
                  <a
                    key={bar.id}
                    href={resourcePath('replicaTaskSession', bar.id)}
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
      {timeline.skipped > 0 ? (
        <figcaption className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
          {timeline.skipped} task session{timeline.skipped === 1 ? ' has' : 's have'} no start time and{' '}
          {timeline.skipped === 1 ? 'is' : 'are'} not shown.
        </figcaption>
      ) : null}
    </figure>
  )
}
