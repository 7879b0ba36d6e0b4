import { describe, expect, it } from 'vitest'
import { taskSession } from '../../../test/fixtures.ts'
import { filterTaskSessions } from './filter-task-sessions.ts'
import { validateJobSessionSearch } from './task-sort.ts'

const sessions = [
  taskSession({ id: 'a', vmDisplayName: 'sql0811', reason: '' }),
  taskSession({ id: 'b', vmDisplayName: 'web01', reason: 'Target datastore has insufficient free space' }),
  taskSession({ id: 'c', vmDisplayName: 'SQL-prod-01', reason: 'Error: Cannot create a snapshot' }),
]

describe('filterTaskSessions', () => {
  it('keeps the machines whose name or reason contains the text, in any case', () => {
    expect(filterTaskSessions(sessions, 'sql').map((s) => s.id)).toEqual(['a', 'c'])
    expect(filterTaskSessions(sessions, '  DATASTORE ').map((s) => s.id)).toEqual(['b'])
    expect(filterTaskSessions(sessions, 'nothing like it')).toEqual([])
  })

  it('keeps every machine for a blank filter', () => {
    expect(filterTaskSessions(sessions, '')).toBe(sessions)
    expect(filterTaskSessions(sessions, '   ')).toBe(sessions)
  })
})

describe('validateJobSessionSearch, the filter', () => {
  it('keeps the filter text, a number the router read from the URL as text, and cuts it at 200 characters', () => {
    expect(validateJobSessionSearch({ q: 'sql08' })).toEqual({ q: 'sql08' })
    expect(validateJobSessionSearch({ q: 1234 })).toEqual({ q: '1234' })
    expect(validateJobSessionSearch({ q: 'x'.repeat(500) }).q).toHaveLength(200)
    expect(validateJobSessionSearch({ q: '', sort: 'vm' })).toEqual({ sort: 'vm' })
    expect(validateJobSessionSearch({ q: ['a'] })).toEqual({})
  })
})
