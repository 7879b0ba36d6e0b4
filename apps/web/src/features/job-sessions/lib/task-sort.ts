/**
 * The task table's order and its URL form (`?sort=<column>&dir=asc|desc`). Apart from the sorting itself so
 * the route can read the URL without loading the job session page's code.
 */

export const TASK_SORT_KEYS = ['vm', 'state', 'result', 'start', 'duration', 'size', 'reason'] as const
export type TaskSortKey = (typeof TASK_SORT_KEYS)[number]
export type SortDirection = 'asc' | 'desc'
export type TaskSort = { key: TaskSortKey; dir: SortDirection }

/** Without `?sort=` the table shows the sessions in the order they started, like EM's own session log. */
export const DEFAULT_TASK_SORT: TaskSort = { key: 'start', dir: 'asc' }

/** The direction a first click on a column sorts by: the interesting end first (longest, largest, worst). */
export const FIRST_DIRECTION: Record<TaskSortKey, SortDirection> = {
  vm: 'asc',
  state: 'asc',
  result: 'desc',
  start: 'asc',
  duration: 'desc',
  size: 'desc',
  reason: 'asc',
}

export function isTaskSortKey(value: unknown): value is TaskSortKey {
  return typeof value === 'string' && (TASK_SORT_KEYS as readonly string[]).includes(value)
}

/**
 * The job session page's search params, `?sort=<column>&dir=asc|desc&q=<text>&result=<label>`: the task table's
 * order and filters (text, and one outcome such as Failed or pending) live in the URL, so a shared link shows the
 * same rows.
 */
export type JobSessionSearch = { sort?: TaskSortKey; dir?: SortDirection; q?: string; result?: string }

/** Longer filter text is cut: nobody types a machine name this long, and the URL stays sane. */
const MAX_FILTER_LENGTH = 200

/** Keeps only what it understands from the URL; anything else falls back to the default order and no filter. */
export function validateJobSessionSearch(search: Record<string, unknown>): JobSessionSearch {
  const sort = isTaskSortKey(search.sort) ? search.sort : undefined
  const dir = search.dir === 'asc' || search.dir === 'desc' ? search.dir : undefined
  // The URL gives text; a caller may pass a typed value (a VM may be called 1234 or true).
  const q = ['string', 'number', 'boolean'].includes(typeof search.q)
    ? String(search.q).slice(0, MAX_FILTER_LENGTH)
    : ''
  // An outcome label: EM's result (any text EM may send) or pending / running; a short one.
  const result = typeof search.result === 'string' && search.result.length <= 40 ? search.result : ''
  // Every key named, undefined when unreadable, so that no raw value of the link passes through (window-search.ts).
  return { sort, dir, q: q || undefined, result: result || undefined }
}

/** The sort the table shows for the URL's search params. */
export function sortFromSearch(search: JobSessionSearch): TaskSort {
  if (!search.sort) return { key: DEFAULT_TASK_SORT.key, dir: search.dir ?? DEFAULT_TASK_SORT.dir }
  return { key: search.sort, dir: search.dir ?? FIRST_DIRECTION[search.sort] }
}

/** The sort after clicking column `key`: toggles the current column, starts a new one at its first direction. */
export function nextSort(current: TaskSort, key: TaskSortKey): TaskSort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' }
  return { key, dir: FIRST_DIRECTION[key] }
}
