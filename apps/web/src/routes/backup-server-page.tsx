import { getRouteApi } from '@tanstack/react-router'
import {
  type BackupServerSlots,
  BackupServerView,
} from '../features/backup-servers/components/backup-server-view.tsx'
import { PowerActions, ServerSessions } from '../features/explorer/index.ts'
import { type ServerSearch, validateServerSearch } from '../lib/window-search.ts'

const route = getRouteApi('/backupServers/$id')

/**
 * The server's job sessions of the window, narrowed to an outcome and a text (all in the URL, so a shared link
 * shows the same), and raw EM answer.
 */
export function BackupServerPage() {
  const { id } = route.useParams()
  const { days = 1, result = null, q = '' } = route.useSearch()
  const navigate = route.useNavigate()
  const go = (next: ServerSearch) =>
    void navigate({ search: validateServerSearch(next), replace: true, resetScroll: false })
  const slots: BackupServerSlots = {
    headerActions: (server) => <PowerActions kind="backupServer" id={server.id} />,
    belowDetails: (server) => (
      <ServerSessions
        id={server.id}
        days={days}
        onDaysChange={(next) => go({ days: next, result: result ?? undefined, q })}
        narrowing={{ result, q, onChange: (r, text) => go({ days, result: r ?? undefined, q: text }) }}
      />
    ),
  }
  return <BackupServerView key={id} id={id} slots={slots} />
}
