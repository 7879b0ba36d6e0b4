import { getRouteApi } from '@tanstack/react-router'
import {
  type TaskSessionSlots,
  TaskSessionView,
} from '../features/task-sessions/components/task-session-view.tsx'

const replicaRoute = getRouteApi('/replicaTaskSessions/$id')
const backupRoute = getRouteApi('/backupTaskSessions/$id')

/**
 * Where other features' panels go on a task session page (see TaskSessionSlots). The explorer's machine
 * history and retries belong in `belowDetails`, its raw EM answer / copy-as-curl actions in `headerActions`.
 */
const slots: TaskSessionSlots = {}

export function ReplicaTaskSessionPage() {
  const { id } = replicaRoute.useParams()
  return <TaskSessionView key={id} kind="replicaTaskSession" id={id} slots={slots} />
}

export function BackupTaskSessionPage() {
  const { id } = backupRoute.useParams()
  return <TaskSessionView key={id} kind="backupTaskSession" id={id} slots={slots} />
}
