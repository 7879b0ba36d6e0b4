import { describe, expect, it } from 'vitest'
import { jobSessionKindLabel, jobTypeLabel, jobTypeNote } from './job-type.ts'

describe('jobTypeLabel', () => {
  it.each([
    ['Replica', 'Replication'],
    ['Backup', 'Backup'],
    ['BackupCopy', 'Backup copy'],
    ['AgentBackup', 'Agent backup'],
    ['AgentManagement', 'Agent backup (one machine)'],
    ['NasBackup', 'File share backup'],
  ])('calls %s "%s"', (type, label) => {
    expect(jobTypeLabel(type)).toBe(label)
  })

  it('shows an undocumented type as EM sent it, including names of Object.prototype members', () => {
    expect(jobTypeLabel('EpAgentPolicy')).toBe('EpAgentPolicy')
    expect(jobTypeLabel('toString')).toBe('toString')
  })

  it('is null when EM sent no type', () => {
    expect(jobTypeLabel('')).toBeNull()
    expect(jobTypeLabel('  ')).toBeNull()
  })
})

describe('jobSessionKindLabel', () => {
  it('names the kind alone when the job type is the plain one of the kind', () => {
    expect(jobSessionKindLabel({ kind: 'replicaJobSession', jobType: 'Replica' })).toBe(
      'Replication job session',
    )
    expect(jobSessionKindLabel({ kind: 'backupJobSession', jobType: 'Backup' })).toBe('Backup job session')
    expect(jobSessionKindLabel({ kind: 'backupJobSession', jobType: '' })).toBe('Backup job session')
  })

  it('adds the job type when it tells more', () => {
    expect(jobSessionKindLabel({ kind: 'backupJobSession', jobType: 'AgentBackup' })).toBe(
      'Backup job session · Agent backup',
    )
    expect(jobSessionKindLabel({ kind: 'backupJobSession', jobType: 'NasBackup' })).toBe(
      'Backup job session · File share backup',
    )
    expect(jobSessionKindLabel({ kind: 'backupJobSession', jobType: 'BackupCopy' })).toBe(
      'Backup job session · Backup copy',
    )
  })
})

describe('jobTypeNote', () => {
  it('names the job type only when it tells more than the kind', () => {
    expect(jobTypeNote({ kind: 'backupJobSession', jobType: 'Backup' })).toBeNull()
    expect(jobTypeNote({ kind: 'replicaJobSession', jobType: 'Replica' })).toBeNull()
    expect(jobTypeNote({ kind: 'backupJobSession', jobType: 'NasBackup' })).toBe('File share backup')
    expect(jobTypeNote({ kind: 'backupJobSession', jobType: 'SomethingNew' })).toBe('SomethingNew')
  })
})
