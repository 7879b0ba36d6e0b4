import { getRouteApi } from '@tanstack/react-router'
import { JobSessionView } from '../features/replica-job-sessions/components/job-session-view.tsx'
import { nextSort, sortFromSearch } from '../features/replica-job-sessions/lib/sort-task-sessions.ts'

const route = getRouteApi('/replicaSessions/$id')

export function ReplicaJobSessionPage() {
  const { id } = route.useParams()
  const search = route.useSearch()
  const navigate = route.useNavigate()
  const sort = sortFromSearch(search)
  return (
    <JobSessionView
      key={id}
      id={id}
      sort={sort}
      onSort={(key) => {
        const next = nextSort(sort, key)
        void navigate({ search: { sort: next.key, dir: next.dir }, replace: true, resetScroll: false })
      }}
    />
  )
}
