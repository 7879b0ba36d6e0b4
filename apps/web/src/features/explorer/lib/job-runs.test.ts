import { describe, expect, it } from 'vitest'
import { neighboursInStrip, runMarkLabel, runsOldestFirst } from './job-runs.ts'
import { at, job } from './test-fixtures.ts'

describe('runsOldestFirst', () => {
  it('orders the strip oldest to newest by start time', () => {
    const runs = [
      job({ id: 'b', creationTime: at(2) }),
      job({ id: 'c', creationTime: at(3) }),
      job({ id: 'a', creationTime: at(1) }),
    ]
    expect(runsOldestFirst(runs).map((run) => run.id)).toEqual(['a', 'b', 'c'])
  })
})

describe('runMarkLabel', () => {
  it('says the result and the local start time', () => {
    expect(runMarkLabel(job({ id: 'x', result: 'Failed', creationTime: at(21) }), 'other', 'UTC')).toBe(
      'Failed run, 2025-11-30 21:00',
    )
    expect(
      runMarkLabel(job({ id: 'x', result: 'Failed', creationTime: at(21) }), 'other', 'Asia/Tokyo'),
    ).toBe('Failed run, 2025-12-01 06:00')
  })

  it('marks retries, the current run, runs in progress and results EM did not document', () => {
    expect(
      runMarkLabel(job({ id: 'x', result: 'Success', isRetry: true, creationTime: at(1) }), 'x', 'UTC'),
    ).toBe('Successful run, 2025-11-30 01:00, retry, this run')
    expect(
      runMarkLabel(job({ id: 'x', result: 'None', state: 'Working', creationTime: at(1) }), 'y', 'UTC'),
    ).toBe('Run in progress, 2025-11-30 01:00')
    expect(runMarkLabel(job({ id: 'x', result: 'Warning', creationTime: null }), 'y', 'UTC')).toBe(
      'Run with warnings',
    )
    expect(runMarkLabel(job({ id: 'x', result: 'Skipped', creationTime: at(1) }), 'y', 'UTC')).toBe(
      'Run that ended “Skipped”, 2025-11-30 01:00',
    )
  })

  it('says the zone when the panel cannot say it once for all marks', () => {
    expect(
      runMarkLabel(job({ id: 'x', result: 'Failed', creationTime: at(21) }), 'y', 'Asia/Kolkata', true),
    ).toBe('Failed run, 2025-12-01 02:30 UTC+5:30')
  })
})

describe('neighboursInStrip', () => {
  const runs = [
    job({ id: 'c', creationTime: at(3) }),
    job({ id: 'a', creationTime: at(1) }),
    job({ id: 'b', creationTime: at(2) }),
  ]

  it('finds the runs before and after by time', () => {
    const { previous, next } = neighboursInStrip(runs, 'b')
    expect([previous?.id, next?.id]).toEqual(['a', 'c'])
  })

  it('has no neighbour past either end, and none for a run not in the strip', () => {
    expect(neighboursInStrip(runs, 'a').previous).toBeNull()
    expect(neighboursInStrip(runs, 'c').next).toBeNull()
    expect(neighboursInStrip(runs, 'zzz')).toEqual({ previous: null, next: null })
  })
})
