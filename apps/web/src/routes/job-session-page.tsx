import type { JobSession, JobSessionKind, TaskSessionList } from '@ese/shared'
import { useQueryClient } from '@tanstack/react-query'
import { getRouteApi } from '@tanstack/react-router'
import { JobRuns, PowerActions } from '../features/explorer/index.ts'
import { jobSessionTaskSessionsQueryKey } from '../features/job-sessions/api/get-job-session-task-sessions.ts'
import { AgentSessions } from '../features/job-sessions/components/agent-sessions.tsx'
import {
  type JobSessionSlots,
  JobSessionView,
} from '../features/job-sessions/components/job-session-view.tsx'
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

/** The power-user actions, whose summary names the machines that failed or warned once the task list is in. */
function JobPowerActions({ session }: { session: JobSession }) {
  const queryClient = useQueryClient()
  const key = jobSessionTaskSessionsQueryKey(session.kind, session.id)
  const machines = () => queryClient.getQueryData<TaskSessionList>(key)?.items
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
      slots={slots}
      onSort={(key: TaskSortKey) => {
        const next = nextSort(sort, key)
        setSearch({ ...search, sort: next.key, dir: next.dir })
      }}
      onFilter={(text) => {
        const { q: _, ...rest } = search
        setSearch(text === '' ? rest : { ...rest, q: text })
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
