/**
 * Filterable/sortable fields of the query types, exactly the documented lists of get_query_replicatasksession.md,
 * get_query_backuptasksession.md (identical), get_query_replicajobsession.md, get_query_backupjobsession.md,
 * get_query_job.md and get_query_backupserver.md.
 */
import {
  BACKUP_JOB_TYPES,
  type BackupServer,
  JOB_STATES,
  type Job,
  type JobSessionView,
  RESULTS,
  type SessionKind,
  TASK_STATES,
  type TaskSessionView,
} from '../data/model.ts'
import { jobSessionName, jobSessionUid, taskSessionName, taskUid, VOCAB } from '../links.ts'
import type { UidKind } from '../util/guid.ts'

export type FieldType =
  | { kind: 'string' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'date' }
  | { kind: 'long' }
  | { kind: 'bool' }
  | { kind: 'uid'; uidKind: UidKind }

export type FieldValue = string | number | boolean | null

export type FieldDef<T> = { name: string; type: FieldType; get: (item: T) => FieldValue }

const STRING: FieldType = { kind: 'string' }
const DATE: FieldType = { kind: 'date' }
const uid = (uidKind: UidKind): FieldType => ({ kind: 'uid', uidKind })
const RESULT: FieldType = { kind: 'enum', values: RESULTS }

function taskSessionFields(kind: SessionKind): FieldDef<TaskSessionView>[] {
  const vocab = VOCAB[kind]
  return [
    { name: 'UID', type: uid(vocab.task), get: (v) => taskUid(v.session, v.plan) },
    { name: 'Name', type: STRING, get: (v) => taskSessionName(v.plan) },
    { name: 'CreationTime', type: DATE, get: (v) => v.plan.created },
    { name: 'EndTime', type: DATE, get: (v) => v.endTime },
    { name: 'State', type: { kind: 'enum', values: TASK_STATES }, get: (v) => v.state },
    { name: 'Result', type: RESULT, get: (v) => v.result },
    { name: 'Reason', type: STRING, get: (v) => v.reason },
    { name: 'TotalSize', type: { kind: 'long' }, get: (v) => v.totalSize },
    { name: 'JobSessionUid', type: uid(vocab.job), get: (v) => jobSessionUid(v.session) },
    { name: 'JobUid', type: uid('Job'), get: (v) => `urn:veeam:Job:${v.session.job.id}` },
    { name: 'JobName', type: STRING, get: (v) => v.session.job.name },
    {
      name: 'BackupServerUid',
      type: uid('BackupServer'),
      get: (v) => `urn:veeam:BackupServer:${v.session.job.server.id}`,
    },
    { name: 'BackupServerName', type: STRING, get: (v) => v.session.job.server.name },
    { name: 'VmDisplayName', type: STRING, get: (v) => v.plan.vmName },
  ]
}

function jobSessionFields(kind: SessionKind): FieldDef<JobSessionView>[] {
  const vocab = VOCAB[kind]
  const jobTypes = kind === 'replica' ? ['Replica'] : BACKUP_JOB_TYPES
  return [
    { name: 'UID', type: uid(vocab.job), get: (v) => jobSessionUid(v.plan) },
    { name: 'Name', type: STRING, get: (v) => jobSessionName(v.plan) },
    { name: 'JobType', type: { kind: 'enum', values: jobTypes }, get: (v) => v.plan.job.jobType },
    { name: 'JobUid', type: uid('Job'), get: (v) => `urn:veeam:Job:${v.plan.job.id}` },
    { name: 'JobName', type: STRING, get: (v) => v.plan.job.name },
    { name: 'CreationTime', type: DATE, get: (v) => v.plan.created },
    { name: 'EndTime', type: DATE, get: (v) => v.endTime },
    { name: 'State', type: { kind: 'enum', values: JOB_STATES }, get: (v) => v.state },
    { name: 'Result', type: RESULT, get: (v) => v.result },
    { name: 'IsRetry', type: { kind: 'bool' }, get: (v) => v.plan.isRetry },
    {
      name: 'BackupServerUid',
      type: uid('BackupServer'),
      get: (v) => `urn:veeam:BackupServer:${v.plan.job.server.id}`,
    },
    { name: 'BackupServerName', type: STRING, get: (v) => v.plan.job.server.name },
  ]
}

export const TASK_SESSION_FIELDS: Record<SessionKind, FieldDef<TaskSessionView>[]> = {
  replica: taskSessionFields('replica'),
  backup: taskSessionFields('backup'),
}

export const JOB_SESSION_FIELDS: Record<SessionKind, FieldDef<JobSessionView>[]> = {
  replica: jobSessionFields('replica'),
  backup: jobSessionFields('backup'),
}

/** A job with the instant the query runs at, for NextRun. */
export type JobAt = { job: Job; nextRun: number }

export const JOB_FIELDS: FieldDef<JobAt>[] = [
  { name: 'UID', type: uid('Job'), get: (j) => `urn:veeam:Job:${j.job.id}` },
  { name: 'Name', type: STRING, get: (j) => j.job.name },
  { name: 'Description', type: STRING, get: (j) => j.job.description },
  { name: 'NextRun', type: DATE, get: (j) => j.nextRun },
  {
    name: 'JobType',
    type: { kind: 'enum', values: ['Backup', 'BackupCopy', 'ImmediateBackupCopy', 'Replica'] },
    get: (j) => j.job.jobType,
  },
  { name: 'Platform', type: { kind: 'enum', values: ['VMware', 'Hyperv', 'vCloud'] }, get: () => 'VMware' },
  { name: 'ScheduleConfigured', type: { kind: 'bool' }, get: () => true },
  { name: 'ScheduleEnabled', type: { kind: 'bool' }, get: () => true },
  {
    name: 'BackupServerUid',
    type: uid('BackupServer'),
    get: (j) => `urn:veeam:BackupServer:${j.job.server.id}`,
  },
  { name: 'BackupServerName', type: STRING, get: (j) => j.job.server.name },
]

export const BACKUP_SERVER_FIELDS: FieldDef<BackupServer>[] = [
  { name: 'UID', type: uid('BackupServer'), get: (s) => `urn:veeam:BackupServer:${s.id}` },
  { name: 'Name', type: STRING, get: (s) => s.name },
  { name: 'Description', type: STRING, get: (s) => s.description },
  // The server was added to EM by its DNS name.
  { name: 'IpOrDnsName', type: STRING, get: (s) => s.name },
  { name: 'Port', type: { kind: 'long' }, get: (s) => s.port },
  { name: 'Version', type: STRING, get: (s) => s.version },
]

export function findField<T>(fields: FieldDef<T>[], name: string): FieldDef<T> | undefined {
  const lower = name.toLowerCase()
  return fields.find((f) => f.name.toLowerCase() === lower)
}

/**
 * The comparable form of an item's value: enums by declared index (query_comparison.md: "values are compared by
 * their index"), strings case-insensitively, booleans as 0/1, UIDs lower-cased. `None`, the result we report
 * while a session runs, sits before the documented values (index -1), as in VBR's own enum.
 */
export function comparable(type: FieldType, value: FieldValue): string | number | null {
  if (value === null) return null
  switch (type.kind) {
    case 'enum':
      return enumIndex(type.values, String(value)) ?? -1
    case 'bool':
      return value === true ? 1 : 0
    case 'string':
    case 'uid':
      return String(value).toLowerCase()
    case 'date':
    case 'long':
      return typeof value === 'number' ? value : Number(value)
  }
}

export function enumIndex(values: readonly string[], raw: string): number | null {
  const lower = raw.toLowerCase()
  if (lower === 'none') return -1
  const i = values.findIndex((v) => v.toLowerCase() === lower)
  return i < 0 ? null : i
}
