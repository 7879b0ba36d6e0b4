import { describe, expect, it } from 'vitest'
import {
  computerOf,
  computerReason,
  computersToExplain,
  computersWorstFirst,
  REASONS_READ,
} from './agent-sessions.ts'

const child = (jobName: string, name = 'x@2026-11-29 12:31:12') => ({ jobName, name })

describe('computerOf', () => {
  it("names the computer from EM's per-computer job name", () => {
    expect(
      computerOf(child('Workstations Agent Backup - ws-finance01.corp.local'), 'Workstations Agent Backup'),
    ).toBe('ws-finance01.corp.local')
  })
  it('keeps a job name that does not follow the pattern, and falls back to the session name', () => {
    expect(computerOf(child('Other job'), 'Workstations Agent Backup')).toBe('Other job')
    expect(computerOf(child(''), 'Workstations Agent Backup')).toBe('x@2026-11-29 12:31:12')
  })
})

describe('computersWorstFirst', () => {
  const at = (id: string, result: string, state = 'Stopped') => ({
    id,
    jobName: `Agents - ${id}`,
    name: `${id}@2026-11-29 12:31:12`,
    result,
    state,
    endTime: state === 'Stopped' ? '2026-11-29T12:40:00Z' : null,
  })
  it('lists failed computers first, then warnings, then running ones, then the rest, each by computer name', () => {
    const list = [
      at('ok10', 'Success'),
      at('run', 'None', 'Working'),
      at('warn', 'Warning'),
      at('fail2', 'Failed'),
      at('ok2', 'Success'),
      at('fail1', 'Failed'),
      at('OK3', 'Success'),
    ]
    expect(computersWorstFirst(list, 'Agents').map((c) => c.id)).toEqual([
      'fail1',
      'fail2',
      'warn',
      'run',
      'ok2',
      'OK3',
      'ok10',
    ])
    expect(list[0]?.id).toBe('ok10')
  })
})

describe('computerReason and computersToExplain', () => {
  const computer = (result: string, failureMessage: string | null = null) => ({ result, failureMessage })
  const task = (result: string, reason: string) => ({ result, reason })

  it("takes EM's message on the computer's session first, else its failed task's reason", () => {
    expect(computerReason(computer('Failed', ' Agent unreachable '), [task('Failed', 'x')])).toBe(
      'Agent unreachable',
    )
    const tasks = [task('Success', 'fine'), task('Warning', 'slow disk'), task('Failed', 'VSS error')]
    expect(computerReason(computer('Failed'), tasks)).toBe('VSS error')
    expect(computerReason(computer('Warning'), tasks.slice(0, 2))).toBe('slow disk')
    expect(computerReason(computer('Failed'), [task('Failed', '  ')])).toBe('')
    expect(computerReason(computer('Failed'), undefined)).toBe('')
  })

  it('reads the reasons of the computers that failed or warned without a message, at most REASONS_READ', () => {
    const many = Array.from({ length: REASONS_READ + 5 }, () => computer('Failed'))
    expect(computersToExplain(many)).toHaveLength(REASONS_READ)
    const mixed = [computer('Failed', 'said'), computer('Warning'), computer('Success'), computer('None')]
    expect(computersToExplain(mixed)).toEqual([mixed[1]])
  })
})
