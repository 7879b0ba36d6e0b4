import { describe, expect, it } from 'vitest'
import { isProblemResult, resultLook, stateLook, statusWording } from './status.ts'

describe('status looks', () => {
  it('gives documented results their tones', () => {
    expect(resultLook('Success').tone).toBe('success')
    expect(resultLook('Warning').tone).toBe('warning')
    expect(resultLook('Failed').tone).toBe('danger')
    expect(resultLook('None').tone).toBe('neutral')
  })

  it('shows undocumented values neutrally, including names of Object.prototype members', () => {
    for (const value of ['Canceled', '', 'toString', 'constructor', '__proto__']) {
      expect(resultLook(value)).toEqual({ tone: 'neutral', icon: 'unknown' })
      expect(stateLook(value)).toEqual({ tone: 'neutral', icon: 'unknown' })
    }
  })

  it('knows task and job states', () => {
    expect(stateLook('InProgress').icon).toBe('running')
    expect(stateLook('Working').icon).toBe('running')
    expect(stateLook('Stopped').icon).toBe('stopped')
    expect(stateLook('Pending').icon).toBe('pending')
  })

  it('puts the reason first for Warning and Failed only', () => {
    expect(isProblemResult('Warning')).toBe(true)
    expect(isProblemResult('Failed')).toBe(true)
    expect(isProblemResult('Success')).toBe(false)
    expect(isProblemResult('failed')).toBe(false)
  })
})

describe('statusWording', () => {
  it('words InProgress and None readably, and every other value as EM wrote it', () => {
    expect(statusWording('InProgress')).toBe('In progress')
    expect(statusWording('None')).toBe('No result')
    for (const value of ['Working', 'Stopped', 'Pending', 'Failed', 'Postponed'])
      expect(statusWording(value)).toBe(value)
    expect(statusWording('')).toBe('Unknown')
  })
})
