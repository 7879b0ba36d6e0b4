import { describe, expect, it } from 'vitest'
import { validateServerSearch, validateWindowSearch } from './window-search.ts'

describe('validateWindowSearch', () => {
  it('keeps 7 days (as a number or a string), and leaves out the default and anything else', () => {
    expect(validateWindowSearch({ days: 7 })).toEqual({ days: 7 })
    expect(validateWindowSearch({ days: '7' })).toEqual({ days: 7 })
    for (const days of [1, '1', 3, 'x', undefined, null, '7d'])
      expect(validateWindowSearch({ days })).toEqual({})
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
})
