import { getRouteApi } from '@tanstack/react-router'
import {
  type BackupServerSlots,
  BackupServerView,
} from '../features/backup-servers/components/backup-server-view.tsx'

const route = getRouteApi('/backupServers/$id')

/** Where other features' panels go: the explorer's list of the server's recent sessions in `belowDetails`. */
const slots: BackupServerSlots = {}

export function BackupServerPage() {
  const { id } = route.useParams()
  return <BackupServerView key={id} id={id} slots={slots} />
}
