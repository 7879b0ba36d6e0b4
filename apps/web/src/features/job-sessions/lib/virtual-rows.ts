/**
 * Up to this many task sessions the table renders every row: the browser's find-in-page and a screen reader's
 * table navigation then see all of them. Beyond it only the rows near the viewport exist in the DOM.
 */
export const VIRTUALIZE_AFTER = 100

/** Rows rendered beyond the viewport in each direction, so Tab and arrow keys find the next row already there. */
export const OVERSCAN_ROWS = 12

/**
 * The height of every row of a virtualized table, in px: `ROW_HEIGHT_CLASS` (2.5 rem; the collapsed 1 px line
 * between rows is inside it). Rows are one line each and exactly this tall, so no row needs measuring while the
 * table scrolls.
 */
export const ROW_HEIGHT = 40
export const ROW_HEIGHT_CLASS = 'h-10'

export function shouldVirtualize(rowCount: number): boolean {
  return rowCount > VIRTUALIZE_AFTER
}

/**
 * Heights of the empty rows above and below the rendered ones, which keep the table as tall as all its rows.
 * Virtual items start `scrollMargin` down the page (the table's offset); the total size does not include it.
 */
export function spacerHeights(
  rendered: readonly { start: number; end: number }[],
  totalSize: number,
  scrollMargin: number,
): { top: number; bottom: number } {
  const first = rendered[0]
  const last = rendered.at(-1)
  if (!first || !last) return { top: 0, bottom: Math.max(0, totalSize) }
  return {
    top: Math.max(0, first.start - scrollMargin),
    bottom: Math.max(0, totalSize - (last.end - scrollMargin)),
  }
}

/**
 * `aria-rowindex` of the task session at `index` (0-based) in the sorted list: rows count from 1, and the
 * header row is row 1. With `aria-rowcount` = sessions + 1 on the table, a screen reader says "row 2,401 of
 * 5,001" even though only a few dozen rows exist.
 */
export function ariaRowIndex(index: number): number {
  return index + 2
}
