import { describe, expect, it } from 'vitest'
import { ariaRowIndex, shouldVirtualize, spacerHeights, VIRTUALIZE_AFTER } from './virtual-rows.ts'

describe('shouldVirtualize', () => {
  it('renders every row of an ordinary job and virtualizes big ones', () => {
    expect(shouldVirtualize(1)).toBe(false)
    expect(shouldVirtualize(VIRTUALIZE_AFTER)).toBe(false)
    expect(shouldVirtualize(VIRTUALIZE_AFTER + 1)).toBe(true)
    expect(shouldVirtualize(5000)).toBe(true)
  })
})

describe('spacerHeights', () => {
  // 5,000 rows of 40 px, the table 600 px down the page; rows 100–129 are rendered.
  const margin = 600
  const rows = Array.from({ length: 30 }, (_, i) => ({
    start: margin + (100 + i) * 40,
    end: margin + (101 + i) * 40,
  }))
  const total = 5000 * 40

  it('fills the space of the rows above and below the rendered ones', () => {
    expect(spacerHeights(rows, total, margin)).toEqual({ top: 4000, bottom: (5000 - 130) * 40 })
  })

  it('adds up to the full height with the rendered rows', () => {
    const { top, bottom } = spacerHeights(rows, total, margin)
    expect(top + rows.length * 40 + bottom).toBe(total)
  })

  it('has no top spacer at the start and no bottom spacer at the end', () => {
    const head = [{ start: margin, end: margin + 40 }]
    expect(spacerHeights(head, 40, margin)).toEqual({ top: 0, bottom: 0 })
  })

  it('keeps the height when nothing is rendered yet, and is never negative', () => {
    expect(spacerHeights([], total, margin)).toEqual({ top: 0, bottom: total })
    // A row measured taller than the total it was computed with (between two renders).
    expect(spacerHeights([{ start: margin + 400, end: margin + 440 }], 400, margin)).toEqual({
      top: 400,
      bottom: 0,
    })
  })
})

describe('ariaRowIndex', () => {
  it('counts the header as row 1, so the first task session is row 2', () => {
    expect(ariaRowIndex(0)).toBe(2)
    expect(ariaRowIndex(4999)).toBe(5001)
  })
})
