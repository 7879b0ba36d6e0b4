import { describe, expect, it } from 'vitest'
import { outcomeLabel } from './result-mark.tsx'

describe('outcomeLabel', () => {
  it('says a task waiting its turn is waiting, one in progress running, an ended one its result', () => {
    const task = { kind: 'replicaTaskSession' as const }
    expect(outcomeLabel({ ...task, state: 'Pending', result: 'None' })).toBe('Waiting to start')
    expect(outcomeLabel({ ...task, state: 'InProgress', result: 'None' })).toBe('Running')
    expect(outcomeLabel({ ...task, state: 'Completed', result: 'Failed' })).toBe('Failed')
  })
})
