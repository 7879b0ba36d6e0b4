import { describe, expect, it } from 'vitest'
import type { Comparison, Run, Summary } from '../run.ts'
import { growthMark, ratioMark, roundRatios } from './report.ts'

const run = (rps: number): Run =>
  ({
    rps,
    target: 't',
    connections: 50,
    targetCpuUsPerReq: 0,
    targetSystemCpuUsPerReq: 0,
    foreignCpuPct: 0,
  }) as Run
const summary = (rps: number, rpsSpreadPct: number): Summary => ({
  rps,
  rpsSpreadPct,
  p50: 1,
  p99: 2,
  cpuUsPerReq: 100,
  runs: 3,
})
const comparison = (subject: number[], reference: number[], spreads: [number, number]): Comparison => ({
  subject: 'BFF',
  reference: 'pass-through',
  subjectRuns: subject.map(run),
  referenceRuns: reference.map(run),
  subjectSummary: summary(subject[1] ?? 0, spreads[0]),
  referenceSummary: summary(reference[1] ?? 0, spreads[1]),
  ratio: (subject[1] ?? 0) / (reference[1] ?? 1),
  cpuRatio: 1,
})

describe('ratio targets in the report', () => {
  it('a ratio of 0.8 or more from steady rounds is met, below it missed', () => {
    expect(ratioMark(comparison([80, 80, 80], [100, 100, 100], [5, 5]))).toBe('✅ met')
    expect(ratioMark(comparison([70, 70, 70], [100, 100, 100], [5, 5]))).toBe('❌ missed')
  })

  it('gives no verdict when the BFF or its reference spread by more than 25 % across rounds', () => {
    // This session's XML run: the pass-through did 14.4k, 8.5k and 8.9k req/s; the median ratio came out at 0.80.
    const noisy = comparison([6907, 7171, 7543], [14407, 8911, 8544], [8.9, 65.8])
    expect(noisy.ratio).toBeGreaterThanOrEqual(0.8)
    expect(ratioMark(noisy)).toBe('⚠️ inconclusive (spread 66 %)')
    expect(ratioMark(comparison([50, 80, 90], [100, 100, 100], [50, 2]))).toBe('⚠️ inconclusive (spread 50 %)')
    expect(ratioMark(comparison([80, 80, 80], [100, 100, 100], [Number.NaN, 2]))).toMatch(/inconclusive/)
  })

  it('keeps the verdict despite a large spread when every round is on the same side of 0.8 as the medians', () => {
    // A full run of this session (XML): one slow BFF round (10.7k), yet every round at 0.81 or more.
    const steadyRatios: Comparison = {
      ...comparison([14229, 10741, 13943, 15313, 13366], [16160, 13236, 13440, 14229, 13453], [32.8, 21.7]),
      subjectSummary: summary(13943, 32.8),
      referenceSummary: summary(13453, 21.7),
      ratio: 13943 / 13453,
    }
    expect(ratioMark(steadyRatios)).toBe('✅ met (spread 33 %, every round ≥ 0.8)')
    expect(ratioMark(comparison([40, 70, 75], [100, 100, 100], [60, 2]))).toBe(
      '❌ missed (spread 60 %, every round < 0.8)',
    )
    // One round below 0.8 is enough to leave it open.
    expect(ratioMark(comparison([79, 90, 95], [100, 100, 100], [30, 2]))).toBe('⚠️ inconclusive (spread 30 %)')
  })

  it('gives the ratio of each round, subject over reference of the same round', () => {
    expect(roundRatios(comparison([50, 80, 90], [100, 160, 90], [0, 0]))).toEqual([0.5, 0.5, 1])
  })

  it('judges growth from 50 to 200 connections the same way, round by round', () => {
    const growth = (c50: number[], c200: number[], spreads: [number, number], medians: [number, number]) => ({
      growth: [
        { connections: 50, runs: c50.map(run), summary: summary(medians[0], spreads[0]) },
        { connections: 200, runs: c200.map(run), summary: summary(medians[1], spreads[1]) },
      ],
    })
    // This session's last full run: a slow phase in rounds 3 to 5; the medians give 0.79, the rounds 0.79 to 1.39.
    expect(
      growthMark(
        growth(
          [15566, 14939, 7555, 13924, 9404],
          [13655, 14218, 10510, 11044, 8285],
          [57.5, 53.7],
          [13924, 11044],
        ),
      ),
    ).toBe('⚠️ inconclusive (spread 58 %)')
    // The run before it: steady, 200 holds 0.98 of 50.
    expect(
      growthMark(growth([13197, 13300, 13100], [12907, 13000, 12800], [12.3, 13.5], [13197, 12907])),
    ).toBe('✅ met')
    expect(growthMark(growth([13000, 13000, 13000], [9000, 9100, 8900], [5, 5], [13000, 9000]))).toBe(
      '❌ missed',
    )
    expect(growthMark({ growth: undefined })).toBe('–')
  })
})
