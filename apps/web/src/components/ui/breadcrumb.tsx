import type { Crumb } from '../../lib/breadcrumb.ts'
import { ChevronRightIcon } from './icons.tsx'
import { ResourceLink } from './resource-link.tsx'

/** The trail backup server › job session › task session; the last item is the current page. */
export function Breadcrumb({ crumbs }: { crumbs: readonly Crumb[] }) {
  return (
    <nav aria-label="Breadcrumb" className="min-w-0 text-sm">
      <ol className="flex flex-wrap items-center gap-x-1 gap-y-0.5 text-zinc-600 dark:text-zinc-400">
        {crumbs.map((crumb, index) => (
          <li key={`${crumb.kind}:${crumb.id ?? index}`} className="flex min-w-0 items-center gap-1">
            {index > 0 ? <ChevronRightIcon className="size-3.5 text-zinc-400 dark:text-zinc-500" /> : null}
            {crumb.current ? (
              <span aria-current="page" className="truncate font-medium text-zinc-900 dark:text-zinc-100">
                {crumb.label}
              </span>
            ) : crumb.id ? (
              <ResourceLink
                kind={crumb.kind}
                id={crumb.id}
                className="truncate hover:text-zinc-900 hover:underline dark:hover:text-zinc-100"
              >
                {crumb.label}
              </ResourceLink>
            ) : (
              <span className="truncate">{crumb.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  )
}
