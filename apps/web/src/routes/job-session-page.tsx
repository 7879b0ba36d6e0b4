import type { JobSessionKind } from '@ese/shared'
import { getRouteApi } from '@tanstack/react-router'
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
 * Where other features' panels go on a job session page (see JobSessionSlots). The explorer's job runs strip
 * with previous / next belongs in `belowHeader`, its raw EM answer / copy-as-curl actions in `headerActions`.
 */
const slots: JobSessionSlots = {}

type PageProps = {
  kind: JobSessionKind
  id: string
  search: JobSessionSearch
  /** Writes the new sort to the URL (replacing the entry), so a shared link shows the same order. */
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
      slots={slots}
      onSort={(key: TaskSortKey) => {
        const next = nextSort(sort, key)
        setSearch({ sort: next.key, dir: next.dir })
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
