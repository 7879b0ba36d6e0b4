import {
  isWaitingTurn,
  type JobSession,
  type LaterSuccess,
  RESOURCES,
  type TaskSession,
  type UnavailablePart,
  type WindowDays,
} from '@ese/shared'
import { durationMs, formatDuration } from '../../../lib/format.ts'
import { type AttentionGroup, type AttentionSummary, windowLabel } from './attention.ts'
import { unavailableText } from './messages.ts'
import { isJobSession, isRunning, jobSessionOf, kindShortLabel, sessionPath } from './sessions.ts'
import { toMs, utcTime } from './time.ts'

/**
 * Text from EM inside Markdown: every character that can start emphasis, code, a link, an HTML tag or entity,
 * a table cell or strikethrough is backslash-escaped (CommonMark lets any ASCII punctuation be escaped), and
 * line breaks become spaces so a value cannot start a heading or a list of its own.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ').replace(/[\\`*_[\]<>|~&#!]/g, '\\$&')
}

/** A fenced code block (for a multi-line reason), its fence longer than any backtick run in the text. */
function codeBlock(text: string, indent: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  const lines = text.split(/\r\n|\r|\n/).map((line) => (line === '' ? '' : indent + line))
  return [indent + fence, ...lines, indent + fence].join('\n')
}

/** A link Markdown renders as one: an autolink when it can be, else the URL as escaped text. */
function markdownUrl(url: string): string {
  return /^[a-z][a-z0-9+.-]*:[^\s<>]*$/i.test(url) ? `<${url}>` : escapeMarkdown(url)
}

function time(iso: string | null): string | null {
  const ms = toMs(iso)
  return ms === null ? null : utcTime(ms)
}

/**
 * A session as Markdown for a ticket or a chat: what it is, how it ended and why, when (UTC, so colleagues in
 * other time zones read the same times), how long, and the dashboard link. `now` is for the duration of a
 * session still running; a job session's `machines`, when loaded, add which of them failed or warned and why;
 * a failed machine's `retry`, when known, what its job's retries made of it (so a ticket does not ask to fix
 * what a retry already fixed).
 */
export function sessionSummaryMarkdown(
  session: TaskSession | JobSession,
  url: string,
  now: number,
  machines?: readonly SummaryMachine[],
  retry?: { text: string; url: string } | null,
): string {
  const kind = RESOURCES[session.kind].label
  const lines = [`**${escapeMarkdown(session.name || session.id)}** (${kind})`, '']
  const item = (term: string, value: string) => lines.push(`- ${term}: ${value}`)

  let reason: string
  let reasonTerm: string
  if (isJobSession(session)) {
    item(
      'Job',
      `${escapeMarkdown(session.jobName || '—')} (${escapeMarkdown(session.jobType || 'unknown type')})`,
    )
    if (session.isRetry) item('Retry', 'yes, a retry of a failed run')
    reason = session.failureMessage ?? ''
    reasonTerm = 'Failure message'
  } else {
    item('Machine', escapeMarkdown(session.vmDisplayName || '—'))
    const jobSession = jobSessionOf(session)
    if (jobSession?.name) item('Job session', escapeMarkdown(jobSession.name))
    reason = session.reason
    reasonTerm = 'Reason'
  }
  item('State', escapeMarkdown(session.state || '—'))
  item('Result', escapeMarkdown(session.result || '—'))

  const trimmed = reason.trim()
  if (/[\r\n]/.test(trimmed)) {
    lines.push(`- ${reasonTerm}:`, codeBlock(trimmed, '  '))
  } else if (trimmed !== '') {
    item(reasonTerm, escapeMarkdown(trimmed))
  } else if (session.result === 'Failed' || session.result === 'Warning') {
    item(reasonTerm, 'none given by Enterprise Manager')
  }
  if (retry) item('Retries', `${escapeMarkdown(retry.text)} (${markdownUrl(retry.url)})`)

  const running = isRunning(session)
  // A task EM reports Pending waits its turn: its start is when it was queued.
  const pending = running && isWaitingTurn(session)
  item(pending ? 'Queued' : 'Started', time(session.creationTime) ?? 'unknown')
  item(
    'Ended',
    time(session.endTime) ?? (running ? `not yet (${pending ? 'waiting to start' : 'running'})` : 'unknown'),
  )
  // Without an end, a duration is only meaningful while the session still runs ("so far").
  const duration = session.endTime || running ? durationMs(session.creationTime, session.endTime, now) : null
  if (duration !== null) {
    item(pending ? 'Waiting' : 'Duration', `${formatDuration(duration)}${session.endTime ? '' : ' so far'}`)
  }
  if (machines && machines.length > 0) lines.push(...machineLines(machines))
  item('Link', markdownUrl(url))
  return `${lines.join('\n')}\n`
}

/**
 * A machine of a job session as the summary names it: a task session, or an agent backup's computer; `notEnded`
 * says whether one that has not ended yet runs or waits its turn.
 */
export type SummaryMachine = Pick<TaskSession, 'vmDisplayName' | 'name' | 'result' | 'reason'> & {
  notEnded?: 'running' | 'pending' | undefined
}

/** At most this many machines that failed or warned are named; the link has the rest. */
const NAMED_MACHINES = 10
/** A reason longer than this is cut (the link has all of it). */
const REASON_CHARS = 160
/** At most this many jobs are named in a summary of what needs attention; the link has the rest. */
const NAMED_JOB_SESSIONS = 25
/** At most this many of a job's other runs with something open are linked. */
const OTHER_RUNS_LINKED = 5

/** A reason on one line, cut to REASON_CHARS, as Markdown text. */
function shortReason(reason: string): string {
  const line = reason.trim().replace(/\s+/g, ' ')
  return escapeMarkdown(line.length > REASON_CHARS ? `${line.slice(0, REASON_CHARS - 1)}…` : line)
}

export type AttentionSummaryOptions = {
  days: WindowDays
  /** The dashboard's origin, for links a colleague can open (`https://dashboard.example.com`). */
  origin: string
  now: number
  truncated: boolean
  unavailable: readonly UnavailablePart[]
  recovered: Readonly<Record<string, LaterSuccess>>
}

/**
 * What still needs attention as Markdown, for a shift handover or a ticket: the counts, then each job with
 * something still open, in the panel's order (failures first): its run to look at first, with its machines that
 * still fail or warn and why, or the run's own message, and links to the job's other runs still open. What has
 * since succeeded is only counted.
 */
export function attentionSummaryMarkdown(summary: AttentionSummary, o: AttentionSummaryOptions): string {
  const plus = o.truncated ? '+' : ''
  const counts = [
    `${summary.failed}${plus} failed`,
    `${summary.warnings}${plus} ${summary.warnings === 1 ? 'warning' : 'warnings'}`,
    summary.runs > 0
      ? `${summary.runs} job ${summary.runs === 1 ? 'run' : 'runs'} with no machine listed`
      : '',
  ].filter(Boolean)
  const lines = [`**Needs attention, last ${windowLabel(o.days)}** (as of ${utcTime(o.now)})`, '']
  lines.push(counts.join(' · '))
  if (summary.recovered > 0)
    lines.push(
      summary.recovered === 1
        ? '1 more failed or warned and has since succeeded in its job (not listed).'
        : `${summary.recovered} more failed or warned and have since succeeded in their jobs (not listed).`,
    )
  if (o.truncated)
    lines.push(
      'Enterprise Manager has more in this window than the dashboard reads at once: the oldest are missing.',
    )
  for (const part of o.unavailable) lines.push(escapeMarkdown(unavailableText(part)))
  lines.push('')
  const isOpen = (id: string) => !Object.hasOwn(o.recovered, id)
  const hasOpen = (g: AttentionGroup) => (g.run ? isOpen(g.run.id) : g.items.some((t) => isOpen(t.id)))
  // A job's first run is the one to look at first: when it has nothing open, neither have its other runs.
  const open = summary.jobs.filter((job) => hasOpen(job.lead))
  for (const { lead: group, others } of open.slice(0, NAMED_JOB_SESSIONS)) {
    const { jobSession, run } = group
    const alsoOpen = others.filter(hasOpen).flatMap((g) => (g.jobSession ? [g.jobSession] : []))
    const also =
      alsoOpen.length === 0
        ? []
        : [
            `  - also open in ${alsoOpen.length} other ${alsoOpen.length === 1 ? 'run' : 'runs'} of this job: ${alsoOpen
              .slice(0, OTHER_RUNS_LINKED)
              .map((ref) => markdownUrl(o.origin + ref.path))
              .join(', ')}${alsoOpen.length > OTHER_RUNS_LINKED ? ', …' : ''}`,
          ]
    const title = jobSession
      ? `**${escapeMarkdown(jobSession.name || jobSession.id)}** (${kindShortLabel(jobSession.kind)})`
      : '**Job session not known**'
    const link = jobSession ? ` ${markdownUrl(o.origin + jobSession.path)}` : ''
    if (run) {
      const ended = run.result === 'Failed' ? 'failed' : run.result === 'Warning' ? 'warned' : run.result
      const message = run.failureMessage?.trim() ? `: ${shortReason(run.failureMessage)}` : ''
      lines.push(`- ${title}: the run ${escapeMarkdown(ended)}${message}${link}`, ...also)
      continue
    }
    const items = group.items.filter((t) => isOpen(t.id))
    const failed = items.filter((t) => t.result === 'Failed').length
    const what = [
      failed > 0 ? `${failed} failed` : '',
      items.length > failed ? `${items.length - failed} warned` : '',
    ]
    lines.push(`- ${title}: ${what.filter(Boolean).join(', ')}${link}`)
    for (const t of items.slice(0, NAMED_MACHINES)) {
      const reason = t.reason.trim() ? `: ${shortReason(t.reason)}` : ''
      const own = jobSession ? '' : ` ${markdownUrl(o.origin + sessionPath(t))}`
      lines.push(
        `  - ${escapeMarkdown(t.vmDisplayName || t.name)} (${escapeMarkdown(t.result)})${reason}${own}`,
      )
    }
    if (items.length > NAMED_MACHINES)
      lines.push(`  - and ${items.length - NAMED_MACHINES} more (see the link)`)
    lines.push(...also)
  }
  if (open.length > NAMED_JOB_SESSIONS)
    lines.push(`- and ${open.length - NAMED_JOB_SESSIONS} more jobs (see the link)`)
  if (open.length === 0) lines.push('Nothing still needs attention.')
  lines.push('', `Link: ${markdownUrl(`${o.origin}/${o.days === 1 ? '' : `?days=${o.days}`}`)}`)
  return `${lines.join('\n')}\n`
}

/**
 * A job session's machines: how many and how they ended, then those that failed (first) or warned, each with its
 * reason, so a ticket says which machines to look at without opening the link.
 */
function machineLines(machines: readonly SummaryMachine[]): string[] {
  const failed = machines.filter((m) => m.result === 'Failed')
  const warned = machines.filter((m) => m.result === 'Warning')
  const running = machines.filter((m) => m.notEnded === 'running').length
  const pending = machines.filter((m) => m.notEnded === 'pending').length
  const counts = [
    failed.length > 0 ? `${failed.length} failed` : '',
    warned.length > 0 ? `${warned.length} ${warned.length === 1 ? 'warning' : 'warnings'}` : '',
    running > 0 ? `${running} running` : '',
    pending > 0 ? `${pending} waiting to start` : '',
  ].filter(Boolean)
  const lines = [`- Machines: ${machines.length}${counts.length > 0 ? ` (${counts.join(', ')})` : ''}`]
  const named = [...failed, ...warned]
  for (const m of named.slice(0, NAMED_MACHINES)) {
    const reason = m.reason.trim() ? `: ${shortReason(m.reason)}` : ''
    lines.push(`  - ${escapeMarkdown(m.vmDisplayName || m.name)} (${m.result})${reason}`)
  }
  if (named.length > NAMED_MACHINES)
    lines.push(`  - and ${named.length - NAMED_MACHINES} more (see the link)`)
  return lines
}
