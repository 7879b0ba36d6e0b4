import { describe, expect, it } from 'vitest'
import {
  AGENT_CHILD_ID,
  AGENT_PARENT_ID,
  agentChildSession,
  agentParentSession,
  BACKUP_JOB_ID,
  BACKUP_SERVER_ID,
  BACKUP_TASK_ID,
  backupJobSession,
  backupServer,
  backupServerUpLink,
  backupTaskSession,
  JOB_ID,
  jobSession,
  jobUpLink,
  SERVER_ID,
  serverUpLink,
  TASK_ID,
  taskSession,
} from '../test/fixtures.ts'
import {
  backupServerCrumbs,
  jobSessionCrumbs,
  parentSessionLink,
  taskSessionCrumbs,
  upLink,
} from './breadcrumb.ts'

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

describe('taskSessionCrumbs of a backup task session', () => {
  it("links the backup job session and server from EM's Up links", () => {
    expect(taskSessionCrumbs(backupTaskSession())).toEqual([
      { kind: 'backupServer', id: BACKUP_SERVER_ID, label: 'enterprise01.tech.local', current: false },
      {
        kind: 'backupJobSession',
        id: BACKUP_JOB_ID,
        label: 'vCD Job Template@2025-10-11 20:00:04',
        current: false,
      },
      { kind: 'backupTaskSession', id: BACKUP_TASK_ID, label: 'AnT_VM2', current: true },
    ])
  })

  it('falls back to a backup job session (not a replica one) from jobSessionId', () => {
    const crumbs = taskSessionCrumbs(backupTaskSession({ links: [backupServerUpLink] }))
    expect(crumbs[1]).toEqual({
      kind: 'backupJobSession',
      id: BACKUP_JOB_ID,
      label: 'Job session',
      current: false,
    })
  })

  it('does not take a replica job session link as the parent of a backup task session', () => {
    const crumbs = taskSessionCrumbs(backupTaskSession({ links: [jobUpLink], jobSessionId: null }))
    expect(crumbs.map((c) => c.kind)).toEqual(['backupTaskSession'])
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

describe('jobSessionCrumbs of backup and agent sessions', () => {
  it('is backup server › job session for a plain backup job session (its Alternate self link is no parent)', () => {
    expect(jobSessionCrumbs(backupJobSession())).toEqual([
      { kind: 'backupServer', id: BACKUP_SERVER_ID, label: 'enterprise01.tech.local', current: false },
      {
        kind: 'backupJobSession',
        id: BACKUP_JOB_ID,
        label: 'Backup Job 3@2025-09-24 20:00:09',
        current: true,
      },
    ])
  })

  it('puts the parent session between server and an agent child session (AgentManagement)', () => {
    expect(jobSessionCrumbs(agentChildSession())).toEqual([
      { kind: 'backupServer', id: BACKUP_SERVER_ID, label: 'enterprise01.tech.local', current: false },
      { kind: 'backupJobSession', id: AGENT_PARENT_ID, label: 'Parent session', current: false },
      {
        kind: 'backupJobSession',
        id: AGENT_CHILD_ID,
        label: 'Agent Backup Job SQL - sql12ten.local@2025-10-20 22:00:12',
        current: true,
      },
    ])
  })

  it('labels an unnamed parent link "Parent session"', () => {
    const child = agentChildSession()
    const links = child.links.map((l) => (l.id === AGENT_PARENT_ID ? { ...l, name: '' } : l))
    expect(jobSessionCrumbs({ ...child, links })[1]?.label).toBe('Parent session')
  })

  it('gives the agent parent (AgentBackup) no parent: its child list is an Alternate link', () => {
    expect(jobSessionCrumbs(agentParentSession()).map((c) => c.id)).toEqual([
      BACKUP_SERVER_ID,
      AGENT_PARENT_ID,
    ])
    expect(parentSessionLink(agentParentSession())).toBeNull()
  })

  it('ignores an Up link back to the session itself', () => {
    const session = backupJobSession({
      links: [
        backupServerUpLink,
        {
          rel: 'Up',
          type: 'BackupJobSessionReference',
          name: 'self',
          kind: 'backupJobSession',
          id: BACKUP_JOB_ID.toUpperCase(),
          path: null,
        },
      ],
    })
    expect(parentSessionLink(session)).toBeNull()
    expect(jobSessionCrumbs(session)).toHaveLength(2)
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
