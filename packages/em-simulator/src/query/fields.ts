/**
 * Filterable/sortable fields of the two query types, exactly the documented lists of
 * get_query_replicatasksession.md and get_query_replicajobsession.md.
 */
import { JOB_STATES, type JobSessionView, RESULTS, TASK_STATES, type TaskSessionView } from '../data/model.ts'
import { jobSessionName, taskSessionName } from '../links.ts'
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

export const TASK_SESSION_FIELDS: FieldDef<TaskSessionView>[] = [
  { name: 'UID', type: uid('ReplicaTaskSession'), get: (v) => `urn:veeam:ReplicaTaskSession:${v.plan.id}` },
  { name: 'Name', type: STRING, get: (v) => taskSessionName(v.plan) },
  { name: 'CreationTime', type: DATE, get: (v) => v.plan.created },
  { name: 'EndTime', type: DATE, get: (v) => v.endTime },
  { name: 'State', type: { kind: 'enum', values: TASK_STATES }, get: (v) => v.state },
  { name: 'Result', type: RESULT, get: (v) => v.result },
  { name: 'Reason', type: STRING, get: (v) => v.reason },
  { name: 'TotalSize', type: { kind: 'long' }, get: (v) => v.plan.totalSize },
  {
    name: 'JobSessionUid',
    type: uid('ReplicaJobSession'),
    get: (v) => `urn:veeam:ReplicaJobSession:${v.session.id}`,
  },
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

export const JOB_SESSION_FIELDS: FieldDef<JobSessionView>[] = [
  { name: 'UID', type: uid('ReplicaJobSession'), get: (v) => `urn:veeam:ReplicaJobSession:${v.plan.id}` },
  { name: 'Name', type: STRING, get: (v) => jobSessionName(v.plan) },
  { name: 'JobType', type: { kind: 'enum', values: ['Replica'] }, get: () => 'Replica' },
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
