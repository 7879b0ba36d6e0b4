import { getRouteApi } from '@tanstack/react-router'
import {
  type BackupServerSlots,
  BackupServerView,
} from '../features/backup-servers/components/backup-server-view.tsx'
import { PowerActions, ServerSessions } from '../features/explorer/index.ts'

const route = getRouteApi('/backupServers/$id')

/** The server's job sessions of the window (in the URL, so a shared link shows the same), and raw EM answer. */
export function BackupServerPage() {
  const { id } = route.useParams()
  const { days = 1 } = route.useSearch()
  const navigate = route.useNavigate()
  const slots: BackupServerSlots = {
    headerActions: (server) => <PowerActions kind="backupServer" id={server.id} />,
    belowDetails: (server) => (
      <ServerSessions
        id={server.id}
        days={days}
        onDaysChange={(next) =>
          void navigate({ search: next === 1 ? {} : { days: next }, replace: true, resetScroll: false })
        }
      />
    ),
  }
  return <BackupServerView key={id} id={id} slots={slots} />
}
