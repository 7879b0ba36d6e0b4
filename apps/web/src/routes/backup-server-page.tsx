import { getRouteApi } from '@tanstack/react-router'
import { BackupServerView } from '../features/backup-servers/components/backup-server-view.tsx'

const route = getRouteApi('/backupServers/$id')

export function BackupServerPage() {
  const { id } = route.useParams()
  return <BackupServerView key={id} id={id} />
}
