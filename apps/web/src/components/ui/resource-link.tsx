import type { ResourceKind } from '@ese/shared'
import { Link } from '@tanstack/react-router'
import type { ReactNode } from 'react'
import { RESOURCE_ROUTE } from '../../lib/resource-routes.ts'

type ResourceLinkProps = {
  kind: ResourceKind
  id: string
  className?: string
  children: ReactNode
  'aria-label'?: string
}

/** A typed router link to the dashboard page of an EM resource. */
export function ResourceLink({ kind, id, className, children, 'aria-label': ariaLabel }: ResourceLinkProps) {
  return (
    <Link to={RESOURCE_ROUTE[kind]} params={{ id }} className={className} aria-label={ariaLabel}>
      {children}
    </Link>
  )
}
