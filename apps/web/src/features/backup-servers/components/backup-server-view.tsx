import { type BackupServer, RESOURCES } from '@ese/shared'
import type { ReactNode } from 'react'
import { Breadcrumb } from '../../../components/ui/breadcrumb.tsx'
import { CopyButton } from '../../../components/ui/copy-button.tsx'
import { DetailItem, DetailList } from '../../../components/ui/details.tsx'
import { ServerIcon } from '../../../components/ui/icons.tsx'
import { PageHeader } from '../../../components/ui/page-header.tsx'
import { backupServerCrumbs } from '../../../lib/breadcrumb.ts'
import { MISSING } from '../../../lib/format.ts'
import { useDocumentTitle } from '../../../lib/use-document-title.ts'
import { useRememberSession } from '../../../lib/use-recent-sessions.ts'
import { useBackupServer } from '../api/get-backup-server.ts'

/** Places on the page for panels of other features, each given the loaded backup server. */
export type BackupServerSlots = {
  /** Buttons next to "Copy link". */
  headerActions?: (server: BackupServer) => ReactNode
  /** Below the details card: the place for the server's recent job sessions. */
  belowDetails?: (server: BackupServer) => ReactNode
}

/** The backup server page: the root of every breadcrumb. */
export function BackupServerView({ id, slots = {} }: { id: string; slots?: BackupServerSlots }) {
  const { data: server } = useBackupServer(id)
  const title = server.name || 'Backup server'
  useDocumentTitle(`${title} · ${RESOURCES.backupServer.label}`)
  useRememberSession({ kind: 'backupServer', id: server.id, label: title, state: null, result: null })

  return (
    <div className="space-y-5">
      <Breadcrumb crumbs={backupServerCrumbs(server)} />
      <PageHeader
        eyebrow="Backup server"
        icon={<ServerIcon className="size-3.5" />}
        title={title}
        actions={slots.headerActions?.(server)}
      />
      <DetailList label="Backup server details">
        <DetailItem term="Name">{server.name || MISSING}</DetailItem>
        <DetailItem term="Description">
          {server.description.trim() ? (
            <span className="whitespace-pre-wrap">{server.description}</span>
          ) : (
            <span className="text-zinc-500 dark:text-zinc-400">No description</span>
          )}
        </DetailItem>
        <DetailItem term="Version">{server.version || MISSING}</DetailItem>
        <DetailItem term="Port">
          <span className="tabular-nums">{server.port ?? MISSING}</span>
        </DetailItem>
        <DetailItem term="UID" wide>
          <span className="inline-flex max-w-full items-center gap-2">
            <code className="min-w-0 break-all font-mono text-xs sm:text-sm">{server.uid}</code>
            <CopyButton label="Copy UID" text={server.uid} />
          </span>
        </DetailItem>
      </DetailList>
      {slots.belowDetails?.(server)}
    </div>
  )
}
