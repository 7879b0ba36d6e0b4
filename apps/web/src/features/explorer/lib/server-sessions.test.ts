import { describe, expect, it } from 'vitest'
import { countOutcomes, orderServerSessions } from './server-sessions.ts'
import { at, job } from './test-fixtures.ts'

describe('orderServerSessions', () => {
  it('puts failures first, then warnings, other results, running, successes; newest first within each', () => {
    const items = [
      job({ id: 'ok-old', result: 'Success', creationTime: at(1) }),
      job({ id: 'fail-old', result: 'Failed', creationTime: at(2) }),
      job({ id: 'run', result: 'None', state: 'Working', endTime: null, creationTime: at(9) }),
      job({ id: 'warn', result: 'Warning', creationTime: at(3) }),
      job({ id: 'ok-new', result: 'Success', creationTime: at(8) }),
      job({ id: 'fail-new', result: 'Failed', creationTime: at(4) }),
      job({ id: 'odd', result: 'Postponed', creationTime: at(5) }),
    ]
    expect(orderServerSessions(items).map((item) => item.id)).toEqual([
      'fail-new',
      'fail-old',
      'warn',
      'odd',
      'run',
      'ok-new',
      'ok-old',
    ])
  })

  it('ranks a running session by its result once EM says it failed (a failing run is a failure)', () => {
    const items = [
      job({ id: 'run', result: 'None', state: 'Working', creationTime: at(9) }),
      job({ id: 'failing', result: 'Failed', state: 'Stopping', creationTime: at(1) }),
    ]
    expect(orderServerSessions(items).map((item) => item.id)).toEqual(['failing', 'run'])
  })

  it('does not change the list it was given', () => {
    const items = [job({ id: 'a', result: 'Success' }), job({ id: 'b', result: 'Failed' })]
    orderServerSessions(items)
    expect(items.map((item) => item.id)).toEqual(['a', 'b'])
  })
})

describe('countOutcomes', () => {
  it('counts by outcome', () => {
    const counts = countOutcomes([
      job({ result: 'Failed' }),
      job({ result: 'Failed' }),
      job({ result: 'Warning' }),
      job({ result: 'None', state: 'Starting' }),
      job({ result: 'Success' }),
      job({ result: 'Cancelled' }),
    ])
    expect(counts).toEqual({ failed: 2, warning: 1, other: 1, running: 1, success: 1, total: 6 })
  })
})
