import { getRouteApi } from '@tanstack/react-router'
import { MachineHistory, PowerActions, RetryVerdict } from '../features/explorer/index.ts'
import {
  type TaskSessionSlots,
  TaskSessionView,
} from '../features/task-sessions/components/task-session-view.tsx'

const replicaRoute = getRouteApi('/replicaTaskSessions/$id')
const backupRoute = getRouteApi('/backupTaskSessions/$id')

/** The explorer's panels on a task session page: power-user actions, the retry verdict, the machine's runs. */
const slots: TaskSessionSlots = {
  headerActions: (s) => <PowerActions kind={s.kind} id={s.id} session={s} />,
  belowHeader: (s) => <RetryVerdict kind={s.kind} id={s.id} session={s} />,
  belowDetails: (s) => <MachineHistory kind={s.kind} id={s.id} session={s} />,
}

export function ReplicaTaskSessionPage() {
  const { id } = replicaRoute.useParams()
  return <TaskSessionView key={id} kind="replicaTaskSession" id={id} slots={slots} />
}

export function BackupTaskSessionPage() {
  const { id } = backupRoute.useParams()
  return <TaskSessionView key={id} kind="backupTaskSession" id={id} slots={slots} />
}
