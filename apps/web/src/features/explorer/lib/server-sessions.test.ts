import { describe, expect, it } from 'vitest'
import {
  countOutcomes,
  filterServerSessions,
  orderServerSessions,
  outcomeToggles,
} from './server-sessions.ts'
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

describe('filterServerSessions', () => {
  const items = [
    job({
      id: 'sql-fail',
      name: 'SQL Replication@2025-11-30 01:00:40',
      jobName: 'SQL Replication',
      result: 'Failed',
      failureMessage: 'Target datastore has insufficient free space',
    }),
    job({ id: 'sql-ok', name: 'SQL Replication@2025-11-30 13:00:26', jobName: 'SQL Replication' }),
    job({
      id: 'web-warn',
      name: 'Web Tier Replication@2025-11-30 02:30:01',
      jobName: 'Web Tier Replication',
      result: 'Warning',
      failureMessage: 'Unable to truncate SQL transaction logs',
    }),
    job({
      id: 'web-run',
      name: 'Web Tier Replication@2025-11-30 14:30:00',
      jobName: 'Web Tier Replication',
      result: 'None',
      state: 'Working',
      endTime: null,
    }),
  ]
  const ids = (list: readonly { id: string }[]) => list.map((item) => item.id)

  it('keeps every session, as given, when nothing narrows', () => {
    expect(filterServerSessions(items, '', null)).toBe(items)
    expect(filterServerSessions(items, '   ', null)).toBe(items)
  })

  it('finds the text in the session name, the job name or EM’s message, ignoring case and spaces around it', () => {
    expect(ids(filterServerSessions(items, ' sql ', null))).toEqual(['sql-fail', 'sql-ok', 'web-warn'])
    expect(ids(filterServerSessions(items, 'FREE SPACE', null))).toEqual(['sql-fail'])
    expect(ids(filterServerSessions(items, '14:30', null))).toEqual(['web-run'])
    expect(ids(filterServerSessions(items, 'nothing like it', null))).toEqual([])
  })

  it('narrows to one outcome, alone or with the text (running by state, not by result)', () => {
    expect(ids(filterServerSessions(items, '', 'running'))).toEqual(['web-run'])
    expect(ids(filterServerSessions(items, '', 'success'))).toEqual(['sql-ok'])
    expect(ids(filterServerSessions(items, 'sql', 'warning'))).toEqual(['web-warn'])
    expect(ids(filterServerSessions(items, 'web', 'failed'))).toEqual([])
  })
})

describe('outcomeToggles', () => {
  const counts = { failed: 8, warning: 1, other: 0, running: 2, success: 19, total: 30 }

  it('reads as the summary always has: failed, warnings, running, succeeded, each a toggle', () => {
    expect(outcomeToggles(counts, null).map((t) => t.text)).toEqual([
      '8 failed',
      '1 warning',
      '2 running',
      '19 succeeded',
    ])
    expect(outcomeToggles({ ...counts, warning: 0, failed: 0 }, null).map((t) => t.text)).toEqual([
      '0 failed',
      '0 warnings',
      '2 running',
      '19 succeeded',
    ])
    expect(outcomeToggles(counts, null)[0]).toEqual({
      value: 'failed',
      text: '8 failed',
      title: 'Show only the failed job sessions',
    })
  })

  it('adds other last when there are some, or when a link chose it (so that it can be unchosen)', () => {
    expect(
      outcomeToggles({ ...counts, other: 3 }, null)
        .map((t) => t.text)
        .at(-1),
    ).toBe('3 other')
    expect(outcomeToggles(counts, 'other').map((t) => t.value)).toEqual([
      'failed',
      'warning',
      'running',
      'success',
      'other',
    ])
  })
})
