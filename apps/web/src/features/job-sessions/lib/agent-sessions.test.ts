import { describe, expect, it } from 'vitest'
import { computerOf } from './agent-sessions.ts'

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
