import { describe, expect, it } from 'vitest'
import { neighboursInStrip, runMarkLabel, runsOldestFirst, stripKeyTarget, stripTabStop } from './job-runs.ts'
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

describe('the strip as one tab stop', () => {
  const runs = [job({ id: 'a' }), job({ id: 'b' }), job({ id: 'c' })]

  it('puts the mark last focused in the tab order, else this run, else the newest', () => {
    expect(stripTabStop(runs, 'b', null)).toBe(1)
    expect(stripTabStop(runs, 'b', 'a')).toBe(0)
    expect(stripTabStop(runs, 'b', 'gone')).toBe(1)
    expect(stripTabStop(runs, 'elsewhere', null)).toBe(2)
    expect(stripTabStop([], 'b', null)).toBe(-1)
  })

  it('moves with the arrow keys, stopping at the ends, and to the ends with Home and End', () => {
    expect(stripKeyTarget('ArrowLeft', 1, 3)).toBe(0)
    expect(stripKeyTarget('ArrowLeft', 0, 3)).toBe(0)
    expect(stripKeyTarget('ArrowRight', 1, 3)).toBe(2)
    expect(stripKeyTarget('ArrowRight', 2, 3)).toBe(2)
    expect(stripKeyTarget('Home', 2, 3)).toBe(0)
    expect(stripKeyTarget('End', 0, 3)).toBe(2)
  })

  it('leaves every other key alone (Tab leaves the strip, Enter opens the link)', () => {
    for (const key of ['Tab', 'Enter', ' ', 'ArrowUp', 'ArrowDown', '[', ']']) {
      expect(stripKeyTarget(key, 1, 3)).toBeNull()
    }
    expect(stripKeyTarget('ArrowRight', 0, 0)).toBeNull()
  })
})
