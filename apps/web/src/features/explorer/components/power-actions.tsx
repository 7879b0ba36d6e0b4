import {
  type JobSession,
  type RawAnswer,
  type ResourceKind,
  resourcePath,
  type TaskSession,
} from '@ese/shared'
import { useQueryClient } from '@tanstack/react-query'
import { useContext, useEffect, useId, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import { CopyIcon } from '../../../components/ui/icons.tsx'
import { HeaderPanelSlot } from '../../../components/ui/page-header.tsx'
import { copyText } from '../../../lib/clipboard.ts'
import { machineHistoryQueryOptions } from '../api/get-machine-history.ts'
import { rawAnswerQueryOptions, useRawAnswer } from '../api/get-raw-answer.ts'
import { curlCommand, TOKEN_PLACEHOLDER } from '../lib/curl.ts'
import { retryVerdict } from '../lib/retry-verdict.ts'
import { isJobSession } from '../lib/sessions.ts'
import { type SummaryMachine, sessionSummaryMarkdown } from '../lib/summary.ts'
import { PanelError, PanelSkeleton } from './panel.tsx'

export type PowerActionsProps = {
  /** The resource the page shows (any kind, a backup server too). */
  kind: ResourceKind
  id: string
  /** The loaded session, for "Copy summary"; without one (a backup server) there is no summary to copy. */
  session?: TaskSession | JobSession | null
  /** A job session's machines as the page has them (undefined until loaded), for the summary. */
  machines?: () => readonly SummaryMachine[] | undefined
}

const BUTTON =
  'inline-flex h-8 items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-2.5 text-xs font-medium text-zinc-800 shadow-xs hover:bg-zinc-50 active:bg-zinc-100 disabled:cursor-not-allowed disabled:opacity-50 aria-expanded:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800 dark:aria-expanded:bg-zinc-800'

/** A message in one polite live region, cleared after a few seconds. */
function useAnnouncer(): [string, (message: string) => void] {
  const [message, setMessage] = useState('')
  const timer = useRef<number | undefined>(undefined)
  useEffect(() => () => window.clearTimeout(timer.current), [])
  function announce(next: string) {
    setMessage(next)
    window.clearTimeout(timer.current)
    timer.current = window.setTimeout(() => setMessage(''), 5000)
  }
  return [message, announce]
}

const CURL_HINT = `Replace ${TOKEN_PLACEHOLDER} with your EM session token (the X-RestSvcSessionId EM returns at logon).`

/**
 * The tools of every session page: "Raw EM answer" (EM's answer, indented for reading, loaded when opened), "Copy as curl"
 * (the same request, with a placeholder for the EM session token) and "Copy summary" (Markdown for a ticket).
 * For the top or bottom of every resource page.
 */
export function PowerActions({ kind, id, session, machines }: PowerActionsProps) {
  const queryClient = useQueryClient()
  const [rawOpen, setRawOpen] = useState(false)
  const slot = useContext(HeaderPanelSlot)
  const [busy, setBusy] = useState(false)
  const [message, announce] = useAnnouncer()
  const rawId = useId()

  async function copy(text: string, done: string) {
    announce((await copyText(text)) ? done : 'Copy failed: the browser did not allow it.')
  }

  async function copyCurl() {
    setBusy(true)
    try {
      const answer = await queryClient.fetchQuery(rawAnswerQueryOptions(kind, id))
      await copy(curlCommand(answer), `Copied. ${CURL_HINT}`)
    } catch {
      announce('Could not get the request from the dashboard server. Open "Raw EM answer" to see why.')
    } finally {
      setBusy(false)
    }
  }

  function copySummary() {
    if (!session) return
    const { origin } = window.location
    const url = `${origin}${resourcePath(kind, id)}`
    // A machine's retries, as the verdict at the top of its page has them (the history the page loaded).
    let retry: { text: string; url: string } | null = null
    if (!isJobSession(session)) {
      const history = queryClient.getQueryData(machineHistoryQueryOptions(session.kind, session.id).queryKey)
      const verdict = history ? retryVerdict(session, history.retries, 'UTC') : null
      if (verdict) retry = { text: `${verdict.lead}${verdict.linkText}`, url: `${origin}${verdict.path}` }
    }
    const summary = sessionSummaryMarkdown(session, url, Date.now(), machines?.(), retry)
    void copy(summary, 'Copied the summary as Markdown.')
  }

  const rawPanel = (
    <div id={rawId} hidden={!rawOpen} className="min-w-0 basis-full">
      {rawOpen ? <RawAnswerView kind={kind} id={id} onCopy={copy} /> : null}
    </div>
  )

  // The buttons go in the page header's row, after "Copy link"; the open answer goes under the header, as wide as
  // the page (its long lines scroll inside it), next in the tab order.
  return (
    <>
      <button
        type="button"
        aria-expanded={rawOpen}
        aria-controls={rawId}
        onClick={() => setRawOpen(!rawOpen)}
        className={BUTTON}
      >
        <span aria-hidden="true" className="font-mono">
          {'</>'}
        </span>
        Raw EM answer
      </button>
      <button type="button" onClick={() => void copyCurl()} disabled={busy} className={BUTTON}>
        <CopyIcon className="size-3.5" />
        Copy as curl
      </button>
      {session ? (
        <button
          type="button"
          onClick={copySummary}
          title="Markdown for a ticket or a chat"
          className={BUTTON}
        >
          <CopyIcon className="size-3.5" />
          Copy summary
        </button>
      ) : null}
      <p role="status" aria-live="polite" className="min-w-0 text-xs text-zinc-700 dark:text-zinc-300">
        {message}
      </p>
      {/* Open, under the header when there is one (opening it moves nothing), else below these buttons. */}
      {rawOpen && slot ? createPortal(rawPanel, slot) : rawPanel}
    </>
  )
}

function RawAnswerView({
  kind,
  id,
  onCopy,
}: {
  kind: ResourceKind
  id: string
  onCopy: (text: string, done: string) => Promise<void>
}) {
  const query = useRawAnswer(kind, id, true)
  const headingId = useId()
  return (
    <section
      aria-labelledby={headingId}
      className="space-y-2 rounded-lg border border-zinc-200 bg-white p-3 sm:p-4 dark:border-zinc-800 dark:bg-zinc-900/60"
    >
      <h2 id={headingId} className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
        Raw EM answer
      </h2>
      {query.data ? (
        <RawAnswerBody answer={query.data} onCopy={onCopy} />
      ) : query.isError ? (
        <PanelError error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
      ) : (
        <PanelSkeleton label="EM's answer" rows={2} />
      )}
    </section>
  )
}

function RawAnswerBody({
  answer,
  onCopy,
}: {
  answer: RawAnswer
  onCopy: (text: string, done: string) => Promise<void>
}) {
  const curl = curlCommand(answer)
  return (
    <>
      <dl className="grid gap-x-3 gap-y-1 text-xs sm:grid-cols-[auto_1fr]">
        <dt className="font-medium text-zinc-600 dark:text-zinc-400">Request</dt>
        <dd className="break-all font-mono text-zinc-900 dark:text-zinc-100">
          {answer.method} {answer.url}
        </dd>
        <dt className="font-medium text-zinc-600 dark:text-zinc-400">Accept</dt>
        <dd className="break-all font-mono text-zinc-900 dark:text-zinc-100">{answer.accept}</dd>
        <dt className="font-medium text-zinc-600 dark:text-zinc-400">Answer</dt>
        <dd className="break-all font-mono text-zinc-900 dark:text-zinc-100">
          HTTP {answer.status}
          {answer.contentType ? ` · ${answer.contentType}` : ''}
        </dd>
      </dl>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Indented for reading (EM's elements and values as sent); “Copy as curl” fetches EM's exact bytes.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          onClick={() => void onCopy(answer.body, "Copied EM's answer.")}
          className={BUTTON}
        >
          <CopyIcon className="size-3.5" />
          Copy answer
        </button>
      </div>
      <section
        aria-label="EM's answer"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll it
        tabIndex={0}
        className="max-h-96 overflow-auto rounded-md bg-zinc-50 p-3 dark:bg-zinc-950"
      >
        <pre className="font-mono text-xs leading-relaxed text-zinc-900 dark:text-zinc-100">
          {answer.body}
        </pre>
      </section>
      <div className="space-y-1">
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          The same request with curl. {CURL_HINT} The dashboard never shows its own token.
        </p>
        <pre className="overflow-x-auto whitespace-pre-wrap break-all rounded-md bg-zinc-50 p-2 font-mono text-xs text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100">
          {curl}
        </pre>
      </div>
    </>
  )
}
