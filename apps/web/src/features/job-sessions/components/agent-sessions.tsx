import { isJobSessionFinished, type JobSession, resourcePath } from '@ese/shared'
import { useQueries } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { ResultBadge, StateBadge } from '../../../components/ui/status-badge.tsx'
import { DateTime } from '../../../components/ui/time.tsx'
import { toApiError } from '../../../lib/api-client.ts'
import { useAgentSessions } from '../api/get-agent-sessions.ts'
import { jobSessionTaskSessionsQueryOptions } from '../api/get-job-session-task-sessions.ts'
import { computerOf, computerReason, computersToExplain, computersWorstFirst } from '../lib/agent-sessions.ts'

/**
 * An agent backup (AgentBackup) holds no task sessions of its own: each computer has its own session
 * (AgentManagement). Listed here, failed first, each that failed or warned with why, so the parent page says
 * which computer to look at and what went wrong.
 */
export function AgentSessions({ parent }: { parent: JobSession }) {
  const query = useAgentSessions(parent.id, !isJobSessionFinished(parent))
  const children = query.data ? computersWorstFirst(query.data.items, parent.jobName) : []
  const reasons = useComputerReasons(children)
  return (
    <section
      aria-labelledby="agent-sessions-heading"
      className="min-w-0 space-y-3 rounded-lg border border-zinc-200 bg-white p-4 sm:p-5 dark:border-zinc-800 dark:bg-zinc-900/60"
    >
      <h2 id="agent-sessions-heading" className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
        Computers in this agent backup
      </h2>
      {query.data ? (
        query.data.items.length === 0 ? (
          <p className="text-sm text-zinc-700 dark:text-zinc-300">
            Enterprise Manager lists no computer sessions.
          </p>
        ) : (
          <ul aria-label="Computer sessions" className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
            {children.map((child) => (
              <li key={child.id} className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1 py-2">
                {isJobSessionFinished(child) ? (
                  <ResultBadge value={child.result} size="sm" />
                ) : (
                  <StateBadge value={child.state} size="sm" />
                )}
                <Link
                  to={resourcePath(child.kind, child.id)}
                  className="link min-w-0 break-all text-sm font-medium"
                >
                  {computerOf(child, parent.jobName)}
                </Link>
                <span className="ml-auto text-xs text-zinc-600 dark:text-zinc-400">
                  <DateTime iso={child.creationTime} />
                </span>
                {reasons.get(child.id) ? (
                  <p className="line-clamp-3 basis-full whitespace-pre-line break-words text-xs text-zinc-700 dark:text-zinc-300">
                    <span className="sr-only">Reason: </span>
                    {reasons.get(child.id)}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )
      ) : query.isError ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {toApiError(query.error).message}{' '}
          <button type="button" className="link" onClick={() => void query.refetch()}>
            Retry
          </button>
        </p>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading the computer sessions…</p>
      )}
    </section>
  )
}

/** Why each computer that failed or warned did: EM's message on its session, else its task session's reason. */
function useComputerReasons(children: readonly JobSession[]): Map<string, string> {
  const explained = computersToExplain(children)
  const lists = useQueries({
    queries: explained.map((child) => ({
      ...jobSessionTaskSessionsQueryOptions(child.kind, child.id),
      staleTime: isJobSessionFinished(child) ? Number.POSITIVE_INFINITY : 0,
    })),
  })
  const reasons = new Map<string, string>()
  for (const child of children) {
    if (child.result !== 'Failed' && child.result !== 'Warning') continue
    const at = explained.indexOf(child)
    const reason = computerReason(child, at >= 0 ? lists[at]?.data?.items : undefined)
    if (reason) reasons.set(child.id, reason)
  }
  return reasons
}
