import {
  isTaskSessionFinished,
  isWaitingTurn,
  JOB_KIND_OF,
  RESOURCES,
  type TaskSession,
  type TaskSessionKind,
} from '@ese/shared'
import type { ReactNode } from 'react'
import { Breadcrumb } from '../../../components/ui/breadcrumb.tsx'
import { Callout } from '../../../components/ui/callout.tsx'
import { CopyButton } from '../../../components/ui/copy-button.tsx'
import { DetailItem, DetailList } from '../../../components/ui/details.tsx'
import { LayersIcon, VmIcon } from '../../../components/ui/icons.tsx'
import { LiveStatus } from '../../../components/ui/live-status.tsx'
import { PageHeader } from '../../../components/ui/page-header.tsx'
import { ResourceLink } from '../../../components/ui/resource-link.tsx'
import { BackupServerItem, SessionTimeItems, UidItem } from '../../../components/ui/session-details.tsx'
import { ResultBadge, StateBadge } from '../../../components/ui/status-badge.tsx'
import { toApiError } from '../../../lib/api-client.ts'
import { taskSessionCrumbs, upLink } from '../../../lib/breadcrumb.ts'
import { formatBytes, formatExactBytes, MISSING } from '../../../lib/format.ts'
import { sentenceCase } from '../../../lib/resource-routes.ts'
import { isProblemResult } from '../../../lib/status.ts'
import { useDocumentTitle } from '../../../lib/use-document-title.ts'
import { useRememberSession } from '../../../lib/use-recent-sessions.ts'
import { useTaskSession } from '../api/get-task-session.ts'

export function taskSessionTitle(session: TaskSession): string {
  return session.vmDisplayName || session.name || 'Task session'
}

/**
 * Places on the page for panels of other features (the explorer's machine history, raw EM answer…), each given
 * the loaded task session. The route page decides what goes there.
 */
export type TaskSessionSlots = {
  /** Buttons next to "Copy link". */
  headerActions?: (session: TaskSession) => ReactNode
  /** Right under the header, above the reason: the place for the retry-aware verdict. */
  belowHeader?: (session: TaskSession) => ReactNode
  /** Below the details card: the place for machine history and retries. */
  belowDetails?: (session: TaskSession) => ReactNode
}

type TaskSessionViewProps = { kind: TaskSessionKind; id: string; slots?: TaskSessionSlots }

/** A task session page (replica or backup): reason first when it warned or failed, then its details and parents. */
export function TaskSessionView({ kind, id, slots = {} }: TaskSessionViewProps) {
  const query = useTaskSession(kind, id)
  const session = query.data
  const running = !isTaskSessionFinished(session)
  const title = taskSessionTitle(session)
  useDocumentTitle(`${title} · ${RESOURCES[kind].label}`)
  useRememberSession({ kind, id: session.id, label: title, state: session.state, result: session.result })

  const jobKind = JOB_KIND_OF[kind]
  const jobLink = upLink(session.links, jobKind)
  const serverLink = upLink(session.links, 'backupServer')
  const reason = session.reason.trim()
  const problem = isProblemResult(session.result)

  return (
    <div className="space-y-5">
      <Breadcrumb crumbs={taskSessionCrumbs(session)} />
      <PageHeader
        eyebrow={sentenceCase(RESOURCES[kind].label)}
        icon={<VmIcon className="size-3.5" />}
        title={title}
        actions={slots.headerActions?.(session)}
        badges={
          <>
            <StateBadge value={session.state} />
            <ResultBadge value={session.result} />
          </>
        }
        status={
          <LiveStatus
            live={running}
            updatedAt={query.dataUpdatedAt}
            fetching={query.isFetching}
            refreshError={query.isRefetchError ? toApiError(query.error) : null}
            onRefresh={() => void query.refetch()}
          />
        }
      />

      {slots.belowHeader?.(session)}

      {problem ? (
        <Callout
          tone={session.result === 'Failed' ? 'danger' : 'warning'}
          title={session.result === 'Failed' ? 'Why it failed' : 'Why it warned'}
          action={reason ? <CopyButton label="Copy reason" text={reason} visibleText="Copy" /> : null}
        >
          {reason || <span className="text-zinc-600 dark:text-zinc-400">EM gave no reason.</span>}
        </Callout>
      ) : null}

      <DetailList label="Task session details">
        <DetailItem term="Name">{session.name || MISSING}</DetailItem>
        <UidItem uid={session.uid} />
        <SessionTimeItems
          start={session.creationTime}
          end={session.endTime}
          running={running}
          pending={running && isWaitingTurn(session)}
        />
        <DetailItem term="Total size">
          <span title={formatExactBytes(session.totalSize)} className="tabular-nums">
            {formatBytes(session.totalSize)}
          </span>
        </DetailItem>
        <DetailItem term="Job session">
          {jobLink?.id ? (
            <ResourceLink kind={jobKind} id={jobLink.id} className="link inline-flex items-center gap-1.5">
              <LayersIcon className="size-3.5" />
              {jobLink.name || 'Job session'}
            </ResourceLink>
          ) : session.jobSessionId ? (
            <ResourceLink kind={jobKind} id={session.jobSessionId} className="link">
              Job session
            </ResourceLink>
          ) : (
            MISSING
          )}
        </DetailItem>
        <BackupServerItem link={serverLink} />
        {kind === 'backupTaskSession' ? (
          <DetailItem term="VM UID" wide>
            {session.vmUid ? (
              <span className="inline-flex max-w-full items-center gap-2">
                <code className="min-w-0 break-all font-mono text-xs sm:text-sm">{session.vmUid}</code>
                <CopyButton label="Copy VM UID" text={session.vmUid} />
              </span>
            ) : (
              MISSING
            )}
          </DetailItem>
        ) : null}
        {!problem && reason ? (
          <DetailItem term="Reason" wide>
            <span className="whitespace-pre-wrap">{reason}</span>
          </DetailItem>
        ) : null}
      </DetailList>

      {slots.belowDetails?.(session)}
    </div>
  )
}
