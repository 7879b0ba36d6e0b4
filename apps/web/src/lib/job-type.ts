import { type JobSession, RESOURCES } from '@ese/shared'
import { sentenceCase } from './resource-routes.ts'

/** EM's documented JobType values in an operator's words. Anything else is shown as EM sent it. */
const JOB_TYPE_LABELS: Record<string, string> = {
  Replica: 'Replication',
  Backup: 'Backup',
  BackupCopy: 'Backup copy',
  ImmediateBackupCopy: 'Immediate backup copy',
  ImmediateBackupCopyWorker: 'Immediate backup copy (per source job)',
  AgentBackup: 'Agent backup',
  AgentManagement: 'Agent backup (one machine)',
  NasBackup: 'File share backup',
}

/** "Agent backup" for `AgentBackup`; an undocumented type as it is; null when EM sent none. */
export function jobTypeLabel(jobType: string): string | null {
  const value = jobType.trim()
  if (value === '') return null
  return Object.hasOwn(JOB_TYPE_LABELS, value) ? (JOB_TYPE_LABELS[value] ?? value) : value
}

// The job type every session of a kind has anyway: saying it again adds nothing.
const PLAIN_TYPE = { replicaJobSession: 'Replica', backupJobSession: 'Backup' } as const

/** The job type's label when it tells more than the session's kind ("Agent backup"), else null ("Backup"). */
export function jobTypeNote(session: Pick<JobSession, 'kind' | 'jobType'>): string | null {
  return session.jobType.trim() === PLAIN_TYPE[session.kind] ? null : jobTypeLabel(session.jobType)
}

/**
 * What the page says this is: "Replication job session", "Backup job session", or with the job type when it
 * tells more, "Backup job session · Agent backup" or "Backup job session · File share backup".
 */
export function jobSessionKindLabel(session: Pick<JobSession, 'kind' | 'jobType'>): string {
  const kind = sentenceCase(RESOURCES[session.kind].label)
  const type = jobTypeLabel(session.jobType)
  return type === null || session.jobType.trim() === PLAIN_TYPE[session.kind] ? kind : `${kind} · ${type}`
}
