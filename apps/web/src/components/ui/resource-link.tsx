import type { ResourceKind } from '@ese/shared'
import { Link } from '@tanstack/react-router'
import type { ReactNode } from 'react'

type ResourceLinkProps = {
  kind: ResourceKind
  id: string
  className?: string
  children: ReactNode
  'aria-label'?: string
}

/** A typed router link to the dashboard page of an EM resource. */
export function ResourceLink({ kind, id, className, children, 'aria-label': ariaLabel }: ResourceLinkProps) {
  switch (kind) {
    case 'replicaTaskSession':
      return (
        <Link to="/replicaTaskSessions/$id" params={{ id }} className={className} aria-label={ariaLabel}>
          {children}
        </Link>
      )
    case 'replicaJobSession':
      return (
        <Link to="/replicaSessions/$id" params={{ id }} className={className} aria-label={ariaLabel}>
          {children}
        </Link>
      )
    case 'backupServer':
      return (
        <Link to="/backupServers/$id" params={{ id }} className={className} aria-label={ariaLabel}>
          {children}
        </Link>
      )
  }
}
