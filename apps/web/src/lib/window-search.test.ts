import { describe, expect, it } from 'vitest'
import { validateServerSearch, validateWindowSearch } from './window-search.ts'

describe('validateWindowSearch', () => {
  it('keeps 7 days (as a number or a string), and leaves out the default and anything else', () => {
    expect(validateWindowSearch({ days: 7 })).toEqual({ days: 7 })
    expect(validateWindowSearch({ days: '7' })).toEqual({ days: 7 })
    for (const days of [1, '1', 3, 'x', undefined, null, '7d'])
      expect(validateWindowSearch({ days })).toEqual({})
  })

  it('names its key even when the link’s value is unreadable, so the raw value cannot pass through', () => {
    // TanStack Router merges a route's validated search over the root's, which is the URL's as it is.
    expect({ ...{ days: '30' }, ...validateWindowSearch({ days: '30' }) }).toEqual({ days: undefined })
  })
})

describe('validateServerSearch', () => {
  it('keeps the window, an outcome (any case) and a text as typed, and leaves out the rest', () => {
    expect(validateServerSearch({ days: '7', result: 'Failed', q: ' sql ' })).toEqual({
      days: 7,
      result: 'failed',
      q: ' sql ',
    })
    expect(validateServerSearch({ result: 'running', q: 1234 })).toEqual({ result: 'running', q: '1234' })
    expect(validateServerSearch({ days: 1, result: 'Cancelled', q: '   ' })).toEqual({})
    expect(validateServerSearch({ result: ['failed'], q: { a: 1 } })).toEqual({})
  })

  it('takes an outcome as the counts read it, and leaves no raw value of the link to pass through', () => {
    expect(validateServerSearch({ result: 'Succeeded' })).toEqual({ result: 'success' })
    expect(validateServerSearch({ result: 'warnings' })).toEqual({ result: 'warning' })
    const raw = { days: '30', result: 'bogus', q: '  ' }
    expect({ ...raw, ...validateServerSearch(raw) }).toEqual({
      days: undefined,
      result: undefined,
      q: undefined,
    })
  })
})
