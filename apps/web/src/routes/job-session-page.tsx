import {
  isJobSessionFinished,
  isTaskSessionFinished,
  type JobSession,
  type JobSessionKind,
  type JobSessionList,
  type TaskSessionList,
} from '@ese/shared'
import { useQueryClient } from '@tanstack/react-query'
import { getRouteApi } from '@tanstack/react-router'
import { JobRuns, PowerActions, type SummaryMachine } from '../features/explorer/index.ts'
import { agentSessionsQueryKey } from '../features/job-sessions/api/get-agent-sessions.ts'
import { jobSessionTaskSessionsQueryKey } from '../features/job-sessions/api/get-job-session-task-sessions.ts'
import { AgentSessions } from '../features/job-sessions/components/agent-sessions.tsx'
import {
  type JobSessionSlots,
  JobSessionView,
} from '../features/job-sessions/components/job-session-view.tsx'
import { computerOf, computerReason } from '../features/job-sessions/lib/agent-sessions.ts'
import { notEndedLabel } from '../features/job-sessions/lib/task-counts.ts'
import {
  type JobSessionSearch,
  nextSort,
  sortFromSearch,
  type TaskSortKey,
} from '../features/job-sessions/lib/task-sort.ts'

const replicaRoute = getRouteApi('/replicaSessions/$id')
const backupRoute = getRouteApi('/backupSessions/$id')

/**
 * The explorer's panels on a job session page (power-user actions; the job's runs with previous / next and
 * their keys), and an agent backup's per-computer sessions.
 */
const slots: JobSessionSlots = {
  headerActions: (s) => <JobPowerActions session={s} />,
  belowHeader: (s) => <JobRuns kind={s.kind} id={s.id} session={s} />,
  belowDetails: (s) => (s.jobType === 'AgentBackup' ? <AgentSessions parent={s} /> : null),
}

/**
 * The power-user actions, whose summary names the machines that failed or warned, with why, once the page has
 * them: the task list, or an agent backup's computers (with the reasons the page read for them).
 */
function JobPowerActions({ session }: { session: JobSession }) {
  const queryClient = useQueryClient()
  const tasksOf = (kind: JobSessionKind, id: string) =>
    queryClient.getQueryData<TaskSessionList>(jobSessionTaskSessionsQueryKey(kind, id))?.items
  const machines = (): readonly SummaryMachine[] | undefined => {
    if (session.jobType !== 'AgentBackup') {
      return tasksOf(session.kind, session.id)?.map((task) => ({
        ...task,
        notEnded: isTaskSessionFinished(task) ? undefined : notEndedLabel(task),
      }))
    }
    const children = queryClient.getQueryData<JobSessionList>(agentSessionsQueryKey(session.id))?.items
    return children?.map((child) => ({
      vmDisplayName: computerOf(child, session.jobName),
      name: child.name,
      result: child.result,
      reason: computerReason(child, tasksOf(child.kind, child.id)),
      notEnded: isJobSessionFinished(child) ? undefined : ('running' as const),
    }))
  }
  return <PowerActions kind={session.kind} id={session.id} session={session} machines={machines} />
}

type PageProps = {
  kind: JobSessionKind
  id: string
  search: JobSessionSearch
  /** Writes the new sort or filter to the URL (replacing the entry), so a shared link shows the same rows. */
  setSearch: (search: JobSessionSearch) => void
}

function JobSessionPage({ kind, id, search, setSearch }: PageProps) {
  const sort = sortFromSearch(search)
  return (
    <JobSessionView
      key={id}
      kind={kind}
      id={id}
      sort={sort}
      filter={search.q ?? ''}
      result={search.result ?? ''}
      slots={slots}
      onSort={(key: TaskSortKey) => {
        const next = nextSort(sort, key)
        setSearch({ ...search, sort: next.key, dir: next.dir })
      }}
      onFilter={(text) => {
        const { q: _, ...rest } = search
        setSearch(text === '' ? rest : { ...rest, q: text })
      }}
      onResult={(label) => {
        const { result: _, ...rest } = search
        setSearch(label === '' ? rest : { ...rest, result: label })
      }}
    />
  )
}

export function ReplicaJobSessionPage() {
  const { id } = replicaRoute.useParams()
  const navigate = replicaRoute.useNavigate()
  return (
    <JobSessionPage
      kind="replicaJobSession"
      id={id}
      search={replicaRoute.useSearch()}
      setSearch={(search) => void navigate({ search, replace: true, resetScroll: false })}
    />
  )
}

export function BackupJobSessionPage() {
  const { id } = backupRoute.useParams()
  const navigate = backupRoute.useNavigate()
  return (
    <JobSessionPage
      kind="backupJobSession"
      id={id}
      search={backupRoute.useSearch()}
      setSearch={(search) => void navigate({ search, replace: true, resetScroll: false })}
    />
  )
}
