import { getRouteApi } from '@tanstack/react-router'
import { TaskSessionView } from '../features/replica-task-sessions/components/task-session-view.tsx'

const route = getRouteApi('/replicaTaskSessions/$id')

export function ReplicaTaskSessionPage() {
  const { id } = route.useParams()
  return <TaskSessionView key={id} id={id} />
}
