import { describe, expect, it } from 'vitest'
import { withLatest } from './sessions.ts'
import { task } from './test-fixtures.ts'

describe('withLatest', () => {
  it('puts the page’s fresher copy of a session in place of the list’s, in the same place', () => {
    const before = task({ id: 'a', state: 'InProgress', result: 'None' })
    const other = task({ id: 'b', result: 'Failed' })
    const after = { ...before, state: 'Completed', result: 'Success' }
    expect(withLatest([other, before], after)).toEqual([other, after])
  })

  it('leaves the list alone without a copy, or when the copy is another kind of session', () => {
    const item = task({ id: 'a', result: 'Failed' })
    const list = [item]
    expect(withLatest(list)).toEqual(list)
    expect(withLatest(list, { ...item, kind: 'backupTaskSession', result: 'Success' })).toEqual([item])
  })
})
