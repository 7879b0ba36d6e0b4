import type { SessionLink } from '@ese/shared'
import { MISSING } from '../../lib/format.ts'
import { CopyButton } from './copy-button.tsx'
import { DetailItem } from './details.tsx'
import { ServerIcon } from './icons.tsx'
import { ResourceLink } from './resource-link.tsx'
import { DateTime, Duration, type SessionSpan } from './time.tsx'

/** The UID of a session or server, copyable. */
export function UidItem({ uid }: { uid: string }) {
  return (
    <DetailItem term="UID">
      <span className="inline-flex max-w-full items-center gap-2">
        <code className="min-w-0 break-all font-mono text-xs sm:text-sm">{uid}</code>
        <CopyButton label="Copy UID" text={uid} />
      </span>
    </DetailItem>
  )
}

/** Started (queued, while pending), Ended and Duration of a session; the duration ticks while it runs. */
export function SessionTimeItems({ start, end, running, pending = false }: SessionSpan) {
  return (
    <>
      <DetailItem term={pending ? 'Queued' : 'Started'}>
        <DateTime iso={start} />
      </DetailItem>
      <DetailItem term="Ended">
        <DateTime iso={end} emptyText={running ? 'Not yet' : MISSING} />
      </DetailItem>
      <DetailItem term="Duration">
        <Duration start={start} end={end} running={running} pending={pending} />
      </DetailItem>
    </>
  )
}

/** The backup server a session's Up link names, linked to its page. */
export function BackupServerItem({ link }: { link: SessionLink | null }) {
  return (
    <DetailItem term="Backup server">
      {link?.id ? (
        <ResourceLink kind="backupServer" id={link.id} className="link inline-flex items-center gap-1.5">
          <ServerIcon className="size-3.5" />
          {link.name || 'Backup server'}
        </ResourceLink>
      ) : (
        MISSING
      )}
    </DetailItem>
  )
}
