import { RESOURCES } from '@ese/shared'
import { useEffect } from 'react'
import { Breadcrumb } from '../../../components/ui/breadcrumb.tsx'
import { CopyButton } from '../../../components/ui/copy-button.tsx'
import { DetailItem, DetailList } from '../../../components/ui/details.tsx'
import { ServerIcon } from '../../../components/ui/icons.tsx'
import { PageHeader } from '../../../components/ui/page-header.tsx'
import { backupServerCrumbs } from '../../../lib/breadcrumb.ts'
import { MISSING } from '../../../lib/format.ts'
import { useDocumentTitle } from '../../../lib/use-document-title.ts'
import { rememberSession } from '../../../lib/use-recent-sessions.ts'
import { useBackupServer } from '../api/get-backup-server.ts'

/** The backup server page: the root of every breadcrumb. */
export function BackupServerView({ id }: { id: string }) {
  const { data: server } = useBackupServer(id)
  const title = server.name || 'Backup server'
  useDocumentTitle(`${title} · ${RESOURCES.backupServer.label}`)

  useEffect(() => {
    rememberSession({
      kind: 'backupServer',
      id: server.id,
      label: title,
      state: null,
      result: null,
      openedAt: Date.now(),
    })
  }, [server.id, title])

  return (
    <div className="space-y-5">
      <Breadcrumb crumbs={backupServerCrumbs(server)} />
      <PageHeader eyebrow="Backup server" icon={<ServerIcon className="size-3.5" />} title={title} />
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
    </div>
  )
}
