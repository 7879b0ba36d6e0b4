import { describe, expect, it } from 'vitest'
import {
  backupServer,
  JOB_ID,
  jobSession,
  jobUpLink,
  SERVER_ID,
  serverUpLink,
  TASK_ID,
  taskSession,
} from '../test/fixtures.ts'
import { backupServerCrumbs, jobSessionCrumbs, taskSessionCrumbs, upLink } from './breadcrumb.ts'

describe('taskSessionCrumbs', () => {
  it('is backup server › job session › task session, labelled with the names of EM links', () => {
    expect(taskSessionCrumbs(taskSession())).toEqual([
      { kind: 'backupServer', id: SERVER_ID, label: 'srv02.tech.local', current: false },
      {
        kind: 'replicaJobSession',
        id: JOB_ID,
        label: 'Fileserver02 Replication@2014-10-19 06:46:31',
        current: false,
      },
      { kind: 'replicaTaskSession', id: TASK_ID, label: 'srv04', current: true },
    ])
  })

  it('ignores links that are not Up links to a parent (Alternate, Related)', () => {
    const crumbs = taskSessionCrumbs(
      taskSession({ links: [{ ...serverUpLink, rel: 'Alternate' }], jobSessionId: null }),
    )
    expect(crumbs.map((c) => c.kind)).toEqual(['replicaTaskSession'])
  })

  it('leaves out the backup server when its link is missing', () => {
    const crumbs = taskSessionCrumbs(taskSession({ links: [jobUpLink] }))
    expect(crumbs.map((c) => c.label)).toEqual(['Fileserver02 Replication@2014-10-19 06:46:31', 'srv04'])
  })

  it('falls back to jobSessionId with a generic label when the job session link is missing', () => {
    const crumbs = taskSessionCrumbs(taskSession({ links: [serverUpLink] }))
    expect(crumbs).toEqual([
      { kind: 'backupServer', id: SERVER_ID, label: 'srv02.tech.local', current: false },
      { kind: 'replicaJobSession', id: JOB_ID, label: 'Job session', current: false },
      { kind: 'replicaTaskSession', id: TASK_ID, label: 'srv04', current: true },
    ])
  })

  it('is only the task session itself with no links and no job session ID', () => {
    expect(taskSessionCrumbs(taskSession({ links: [], jobSessionId: null }))).toEqual([
      { kind: 'replicaTaskSession', id: TASK_ID, label: 'srv04', current: true },
    ])
  })

  it('uses a generic label for a link without a name, and text without a link for a link without an ID', () => {
    const crumbs = taskSessionCrumbs(
      taskSession({
        links: [
          { ...serverUpLink, name: null },
          { ...jobUpLink, id: null, name: '' },
        ],
      }),
    )
    expect(crumbs.slice(0, 2)).toEqual([
      { kind: 'backupServer', id: SERVER_ID, label: 'Backup server', current: false },
      { kind: 'replicaJobSession', id: null, label: 'Job session', current: false },
    ])
  })

  it('does not turn a malformed link ID into a route', () => {
    const crumbs = taskSessionCrumbs(taskSession({ links: [{ ...serverUpLink, id: '../../etc/passwd' }] }))
    expect(crumbs[0]).toMatchObject({ kind: 'backupServer', id: null })
  })

  it('labels the task session with its name when EM sent no VM name', () => {
    const crumbs = taskSessionCrumbs(taskSession({ vmDisplayName: '' }))
    expect(crumbs.at(-1)?.label).toBe('srv04@2014-10-19 06:47:21')
  })
})

describe('jobSessionCrumbs', () => {
  it('is backup server › job session, ignoring the Up link to the job', () => {
    expect(jobSessionCrumbs(jobSession())).toEqual([
      { kind: 'backupServer', id: SERVER_ID, label: 'srv02.tech.local', current: false },
      {
        kind: 'replicaJobSession',
        id: JOB_ID,
        label: 'Fileserver02 Replication@2014-10-19 06:46:31',
        current: true,
      },
    ])
  })

  it('is only the job session without a backup server link', () => {
    expect(jobSessionCrumbs(jobSession({ links: [] }))).toEqual([
      {
        kind: 'replicaJobSession',
        id: JOB_ID,
        label: 'Fileserver02 Replication@2014-10-19 06:46:31',
        current: true,
      },
    ])
  })
})

describe('backupServerCrumbs', () => {
  it('is the root: one current item', () => {
    expect(backupServerCrumbs(backupServer())).toEqual([
      { kind: 'backupServer', id: SERVER_ID, label: 'srv02.tech.local', current: true },
    ])
  })
})

describe('upLink', () => {
  it('matches rel case-insensitively and tolerates missing link arrays', () => {
    expect(upLink([{ ...serverUpLink, rel: 'up' }], 'backupServer')?.name).toBe('srv02.tech.local')
    expect(upLink(undefined, 'backupServer')).toBeNull()
  })
})
