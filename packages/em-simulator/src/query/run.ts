/**
 * Sorting and paging of the query service (sortasc_sortdesc, pagesize_and_page.md). Without `pageSize`, pages of
 * 100 are returned and the paging links carry `pageSize=100` (DECISIONS, after the v9.5U4 capture).
 */
import type { PagingModel } from '../docs.ts'
import { api, type Ctx, type Link } from '../links.ts'
import { comparable, type FieldDef, findField } from './fields.ts'
import { compileFilter, QueryError } from './filter.ts'
import type { Params } from './params.ts'

export const DEFAULT_PAGE_SIZE = 100

export type QueryOutcome<T> = { items: T[]; entity: boolean; paging: PagingModel }

function positiveInt(name: string, raw: string | null, fallback: number): number {
  if (raw === null) return fallback
  if (!/^\s*\d+\s*$/.test(raw) || Number(raw) <= 0) {
    throw new QueryError(`The ${name} parameter must be an integer greater than 0, got '${raw}'.`)
  }
  return Number(raw)
}

export function runQuery<T>(
  ctx: Ctx,
  typeName: string,
  all: T[],
  fields: FieldDef<T>[],
  params: Params,
): QueryOutcome<T> {
  const format = params.get('format')
  let entity = false
  if (format !== null) {
    const f = format.toLowerCase()
    if (f === 'entities') entity = true
    else if (f !== 'references')
      throw new QueryError(`Unknown format '${format}': use References or Entities.`)
  }

  const filterText = params.get('filter')
  let items = all
  if (filterText !== null && filterText.trim() !== '') {
    const predicate = compileFilter(filterText, fields)
    items = items.filter(predicate)
  }

  const sortAsc = params.get('sortAsc')
  const sortDesc = params.get('sortDesc')
  // With both, sortAsc wins (the docs never combine them).
  const sortName = sortAsc ?? sortDesc
  if (sortName !== null) {
    const field = findField(fields, sortName)
    if (!field) throw new QueryError(`Unknown sort field '${sortName}'.`)
    const dir = sortAsc !== null ? 1 : -1
    const keyed = items.map((item, i) => ({ item, i, key: comparable(field.type, field.get(item)) }))
    keyed.sort((a, b) => {
      // Missing values sort first ascending (as SQL Server orders NULLs); ties keep the collection order.
      if (a.key === b.key) return a.i - b.i
      if (a.key === null) return -dir
      if (b.key === null) return dir
      return (a.key < b.key ? -1 : 1) * dir
    })
    items = keyed.map((k) => k.item)
  }

  const pageSize = positiveInt('pageSize', params.get('pageSize'), DEFAULT_PAGE_SIZE)
  const page = positiveInt('page', params.get('page'), 1)
  const pagesCount = Math.max(1, Math.ceil(items.length / pageSize))
  const pageItems = items.slice((page - 1) * pageSize, page * pageSize)

  // The server regenerates the paging hrefs from the parsed query (EM_API_FACTS §7 quirk 10).
  const href = (n: number): string => {
    const parts = [`type=${encodeURIComponent(typeName)}`]
    if (format !== null) parts.push(`format=${encodeURIComponent(format)}`)
    if (sortAsc !== null) parts.push(`sortAsc=${encodeURIComponent(sortAsc)}`)
    else if (sortDesc !== null) parts.push(`sortDesc=${encodeURIComponent(sortDesc)}`)
    parts.push(`pageSize=${pageSize}`, `page=${n}`)
    // Encoded as the v13.1 BackupJobSession example shows: the expressions percent-encoded, `;` kept between them.
    if (filterText !== null && filterText !== '')
      parts.push(`filter=${encodeURIComponent(filterText).replace(/%3B/g, ';')}`)
    return api(ctx, `query?${parts.join('&')}`)
  }
  const links: Link[] = [{ rel: 'First', href: href(1) }]
  if (page > 1) links.push({ rel: 'Previous', href: href(Math.min(page - 1, pagesCount)) })
  if (page < pagesCount) links.push({ rel: 'Next', href: href(page + 1) })
  links.push({ rel: 'Last', href: href(pagesCount) })

  return { items: pageItems, entity, paging: { pageNum: page, pageSize, pagesCount, links } }
}
