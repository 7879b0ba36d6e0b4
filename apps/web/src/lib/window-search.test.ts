import { describe, expect, it } from 'vitest'
import { validateWindowSearch } from './window-search.ts'

describe('validateWindowSearch', () => {
  it('keeps 7 days (as a number or a string), and leaves out the default and anything else', () => {
    expect(validateWindowSearch({ days: 7 })).toEqual({ days: 7 })
    expect(validateWindowSearch({ days: '7' })).toEqual({ days: 7 })
    for (const days of [1, '1', 3, 'x', undefined, null, '7d'])
      expect(validateWindowSearch({ days })).toEqual({})
  })
})
