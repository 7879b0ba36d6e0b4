import { describe, expect, it } from 'vitest'
import { listExamples, readExample } from '../../../../fixtures/em-examples.ts'
import {
  decodeBackupServer,
  decodeLogonSessionId,
  decodeReplicaJobSession,
  decodeReplicaTaskSession,
  decodeReplicaTaskSessionList,
  errorMessageOf,
  parseBody,
} from './decode.ts'
import { BffError } from './errors.ts'

const XML = 'application/xml; charset=utf-8'
const JSON_TYPE = 'application/json; charset=utf-8'
const parseXml = (text: string) => parseBody(Buffer.from(text), XML)
const parseJson = (text: string) => parseBody(Buffer.from(text), JSON_TYPE)
const example = (name: string) =>
  parseBody(Buffer.from(readExample(name)), name.endsWith('.json') ? JSON_TYPE : XML)

function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    if (error instanceof BffError) return error.code
    throw error
  }
  return 'no error'
}

const TASK = '24590151-20cd-4e57-8a2f-8b65869a1879'
const JOB = '0bcf5a1e-866c-4b40-8bc3-ce64753b9a6b'
const SERVER = 'ce15a8c7-aa49-495e-b05b-ee3398c91018'

describe('decoding every verbatim EM example', () => {
  it('covers every file in the examples folder', () => {
    // If an example is added, a decoding test below must be added too.
    expect(listExamples()).toEqual([
      'backup-job-session.entity.v10.json',
      'backup-server.entity.docs-v13.xml',
      'enterprise-manager.entry-point.xml',
      'error.400.json',
      'error.500.xml',
      'replica-job-session.entity.docs-v13.xml',
      'replica-session-task-sessions.entity-list.docs-v13.1.xml',
      'replica-task-session.entity.docs-v13.xml',
      'replica-task-session.reference.docs-v13.xml',
    ])
  })

  it('replica-task-session.entity.docs-v13.xml: every field, links by type and GUID despite the repicaTaskSessions typo', () => {
    const s = decodeReplicaTaskSession(example('replica-task-session.entity.docs-v13.xml'), TASK)
    expect(s).toEqual({
      id: TASK,
      uid: `urn:veeam:ReplicaTaskSession:${TASK}`,
      name: 'srv04@2014-10-19 06:47:21',
      vmDisplayName: 'srv04',
      jobSessionId: JOB,
      state: 'Completed',
      result: 'Success',
      reason: '',
      totalSize: 64424509440,
      creationTime: '2014-10-19T06:47:21.000Z',
      endTime: '2014-10-19T07:02:33.000Z',
      links: [
        {
          rel: 'Up',
          type: 'BackupServerReference',
          name: 'srv02.tech.local',
          kind: 'backupServer',
          id: SERVER,
          path: `/backupServers/${SERVER}`,
        },
        {
          rel: 'Up',
          type: 'ReplicaJobSessionReference',
          name: 'Fileserver02 Replication@2014-10-19 06:46:31',
          kind: 'replicaJobSession',
          id: JOB,
          path: `/replicaSessions/${JOB}`,
        },
        {
          rel: 'Alternate',
          type: 'ReplicaTaskSessionReference',
          name: 'srv04@2014-10-19 06:47:21',
          kind: 'replicaTaskSession',
          id: TASK,
          path: `/replicaTaskSessions/${TASK}`,
        },
        {
          rel: 'Related',
          type: 'VmReplicaPoint',
          name: 'srv04@2014-10-19 06:48:24',
          kind: null,
          id: null,
          path: null,
        },
      ],
    })
  })

  it('replica-session-task-sessions.entity-list.docs-v13.1.xml: a one-item list, fractional times', () => {
    const items = decodeReplicaTaskSessionList(
      example('replica-session-task-sessions.entity-list.docs-v13.1.xml'),
    )
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({
      id: 'c20dae03-4f75-4191-ae81-862f4b7988ca',
      vmDisplayName: 'ubuntu88',
      jobSessionId: 'f5bf1a4b-c229-452e-a4e8-0354e1752b4e',
      creationTime: '2025-11-03T21:00:26.190Z',
      endTime: '2025-11-03T21:03:16.730Z',
      totalSize: 17179869184,
      reason: '',
    })
    expect(items[0]?.links.map((l) => [l.rel, l.kind, l.name])).toEqual([
      ['Up', 'backupServer', 'enterprise06.tech.local'],
      ['Up', 'replicaJobSession', 'Replication Job 1@2025-11-03 21:00:11'],
      ['Alternate', 'replicaTaskSession', 'ubuntu88@2025-11-03 21:00:26'],
    ])
  })

  it('replica-job-session.entity.docs-v13.xml: job fields; the Down list link is not a resource', () => {
    const j = decodeReplicaJobSession(example('replica-job-session.entity.docs-v13.xml'), JOB)
    expect(j).toEqual({
      id: JOB,
      uid: `urn:veeam:ReplicaJobSession:${JOB}`,
      name: 'Fileserver02 Replication@2014-10-19 06:46:31',
      jobId: '2c49a44e-1e59-4527-a6bc-6b2f9b579ee1',
      jobName: 'Fileserver02 Replication',
      jobType: 'Replica',
      state: 'Stopped',
      result: 'Success',
      progress: 100,
      isRetry: false,
      creationTime: '2014-10-19T06:46:31.000Z',
      endTime: '2014-10-19T07:02:35.000Z',
      failureMessage: null,
      links: [
        expect.objectContaining({ rel: 'Up', kind: 'backupServer', id: SERVER, name: 'srv02.tech.local' }),
        expect.objectContaining({ rel: 'Up', type: 'JobReference', kind: null, path: null }),
        expect.objectContaining({ rel: 'Alternate', kind: 'replicaJobSession', id: JOB }),
        expect.objectContaining({
          rel: 'Down',
          type: 'ReplicaTaskSessionReferenceList',
          kind: null,
          path: null,
        }),
      ],
    })
  })

  it('backup-job-session.entity.v10.json: the JSON job-session shape decodes; its Stop action link is dropped', () => {
    const raw = JSON.parse(readExample('backup-job-session.entity.v10.json')) as Record<string, unknown>
    // A backup job session is not a replica job session: refused as such…
    expect(codeOf(() => decodeReplicaJobSession(example('backup-job-session.entity.v10.json'), JOB))).toBe(
      'em_bad_response',
    )
    // …but the same JSON shape with the replica type decodes field by field (with a BOM, as EM sends JSON).
    const asReplica = `\uFEFF${JSON.stringify({ ...raw, Type: 'ReplicaJobSession' })}`
    const j = decodeReplicaJobSession(parseJson(asReplica), JOB)
    expect(j).toMatchObject({
      jobId: '70073b98-098b-4046-a097-43cbda67d58a',
      jobName: 'Archived Projects',
      jobType: 'NasBackup',
      state: 'Stopped',
      result: 'Success',
      progress: 100,
      isRetry: false,
      failureMessage: null,
      creationTime: '2020-02-04T08:12:19.453Z',
      endTime: '2020-02-04T08:47:10.640Z',
    })
    expect(j.links.map((l) => l.rel)).toEqual(['Up', 'Up', 'Alternate', 'Down'])
    expect(j.links[0]).toMatchObject({ kind: 'backupServer', id: '7905ba33-78a5-4a34-9b3c-16bf216fdd68' })
  })

  it('backup-server.entity.docs-v13.xml: fields; action links (Edit, Delete, Create, VeeamZip, QuickBackup, Start) dropped', () => {
    const b = decodeBackupServer(example('backup-server.entity.docs-v13.xml'), SERVER)
    expect(b).toMatchObject({
      id: SERVER,
      uid: `urn:veeam:BackupServer:${SERVER}`,
      name: 'srv02.tech.local',
      description: '',
      port: 9392,
      version: '8.0',
    })
    expect(b.links.map((l) => l.rel)).toEqual(['Alternate', 'Down', 'Down', 'Down', 'Down', 'Down'])
    expect(b.links[0]).toMatchObject({ kind: 'backupServer', id: SERVER, path: `/backupServers/${SERVER}` })
  })

  it('replica-task-session.reference.docs-v13.xml: a reference is not an entity', () => {
    expect(
      codeOf(() => decodeReplicaTaskSession(example('replica-task-session.reference.docs-v13.xml'), TASK)),
    ).toBe('em_bad_response')
  })

  it('enterprise-manager.entry-point.xml: parsed, and refused as a session', () => {
    expect(example('enterprise-manager.entry-point.xml').root).toBe('EnterpriseManager')
    expect(codeOf(() => decodeReplicaTaskSession(example('enterprise-manager.entry-point.xml'), TASK))).toBe(
      'em_bad_response',
    )
  })

  it('error.400.json and error.500.xml: the message is read; a 200 carrying one is a bad response', () => {
    expect(errorMessageOf(Buffer.from(readExample('error.400.json')), JSON_TYPE)).toBe(
      'Node [root] does not exist.',
    )
    expect(errorMessageOf(Buffer.from(readExample('error.500.xml')), XML)).toBe(
      'Object reference not set to an instance of an object.',
    )
    expect(codeOf(() => decodeReplicaTaskSession(example('error.400.json'), TASK))).toBe('em_bad_response')
    expect(codeOf(() => decodeBackupServer(example('error.500.xml'), SERVER))).toBe('em_bad_response')
  })
})

const NS =
  'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://www.veeam.com/ent/v1.0"'
function taskXml(body: string, attrs = `VmDisplayName="1234" Name="1234@2025-01-01 00:00:00"`) {
  return `<?xml version="1.0" encoding="utf-8"?>\n<ReplicaTaskSession ${NS} Type="ReplicaTaskSession" Href="https://em:9398/api/replicaTaskSessions/${TASK}?format=Entity" UID="urn:veeam:ReplicaTaskSession:${TASK}" ${attrs}>${body}</ReplicaTaskSession>`
}

describe('the variants DECISIONS.md says a real EM may send', () => {
  it('a task that has not ended: EndTimeUTC absent, empty, null, or a 0001 / 1900 sentinel all mean null', () => {
    const bodies = [
      '<State>InProgress</State><Result>None</Result>',
      '<EndTimeUTC /><State>InProgress</State>',
      '<EndTimeUTC>0001-01-01T00:00:00</EndTimeUTC><State>InProgress</State>',
      '<EndTimeUTC>1900-01-01T00:00:00Z</EndTimeUTC><State>InProgress</State>',
    ]
    for (const body of bodies) {
      expect(decodeReplicaTaskSession(parseXml(taskXml(body)), TASK).endTime).toBeNull()
    }
    const json = parseJson(
      JSON.stringify({
        UID: `urn:veeam:ReplicaTaskSession:${TASK}`,
        EndTimeUTC: null,
        State: 'Pending',
        Type: 'ReplicaTaskSession',
      }),
    )
    expect(decodeReplicaTaskSession(json, TASK)).toMatchObject({
      endTime: null,
      state: 'Pending',
      result: 'None',
    })
  })

  it('numeric-looking names stay strings; TotalSize is parsed on purpose', () => {
    const s = decodeReplicaTaskSession(parseXml(taskXml('<TotalSize>5497558138880</TotalSize>')), TASK)
    expect(s.vmDisplayName).toBe('1234')
    expect(s.totalSize).toBe(5497558138880)
  })

  it('unknown enum values pass through as they are', () => {
    const s = decodeReplicaTaskSession(
      parseXml(taskXml('<State>Postprocessing</State><Result>Cancelled</Result>')),
      TASK,
    )
    expect(s).toMatchObject({ state: 'Postprocessing', result: 'Cancelled' })
  })

  it('null or absent members in JSON, with and without a BOM', () => {
    const minimal = { UID: `urn:veeam:ReplicaTaskSession:${TASK}`, Name: 'web01@2025-01-01 00:00:00' }
    for (const text of [
      JSON.stringify(minimal),
      `\uFEFF${JSON.stringify({ ...minimal, Reason: null, Links: null, TotalSize: null })}`,
    ]) {
      expect(decodeReplicaTaskSession(parseJson(text), TASK)).toMatchObject({
        vmDisplayName: 'web01',
        reason: '',
        totalSize: null,
        links: [],
        jobSessionId: null,
        creationTime: null,
      })
    }
  })

  it('a namespace prefix, one Link without a Links array, and links without Name or Type', () => {
    const xml = `<v:ReplicaTaskSession xmlns:v="http://www.veeam.com/ent/v1.0" UID="urn:veeam:ReplicaTaskSession:${TASK}" Name="a@b"><v:Links><v:Link Rel="up" Href="https://em:9398/api/replicaSessions/${JOB.toUpperCase()}" /></v:Links><v:State>Completed</v:State></v:ReplicaTaskSession>`
    const s = decodeReplicaTaskSession(parseXml(xml), TASK)
    expect(s.state).toBe('Completed')
    expect(s.links).toEqual([
      {
        rel: 'Up',
        type: null,
        name: null,
        kind: 'replicaJobSession',
        id: JOB,
        path: `/replicaSessions/${JOB}`,
      },
    ])
    expect(s.jobSessionId).toBe(JOB)
  })

  it('escaped characters in names and reasons', () => {
    const s = decodeReplicaTaskSession(
      parseXml(
        taskXml(
          '<Reason>Disk &lt;scsi0:1&gt; &amp; "quota"</Reason>',
          'VmDisplayName="R&amp;D &lt;db&gt;" Name="x"',
        ),
      ),
      TASK,
    )
    expect(s.vmDisplayName).toBe('R&D <db>')
    expect(s.reason).toBe('Disk <scsi0:1> & "quota"')
  })

  it('refuses what EM never sends: a DTD, a truncated document, HTML, a wrong content type, broken JSON', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><ReplicaTaskSession>&lol2;</ReplicaTaskSession>`
    expect(codeOf(() => parseXml(laughs))).toBe('em_bad_response')
    const full = taskXml('<State>Completed</State>')
    expect(codeOf(() => parseXml(full.slice(0, full.length / 2)))).toBe('em_bad_response')
    expect(
      codeOf(() =>
        decodeReplicaTaskSession(parseBody(Buffer.from('<html><body>Oops</body></html>'), 'text/html'), TASK),
      ),
    ).toBe('em_bad_response')
    expect(codeOf(() => parseBody(Buffer.from(full), 'text/plain'))).toBe('em_bad_response')
    expect(codeOf(() => parseJson('{"UID": "urn:veeam:'))).toBe('em_bad_response')
    expect(codeOf(() => decodeReplicaTaskSession(parseJson('[1,2,3]'), TASK))).toBe('em_bad_response')
    // The right root with nothing that identifies a session in it is not a session either.
    expect(
      codeOf(() =>
        decodeReplicaTaskSession(parseXml('<ReplicaTaskSession><x>1</x></ReplicaTaskSession>'), TASK),
      ),
    ).toBe('em_bad_response')
    expect(codeOf(() => decodeBackupServer(parseJson('{}'), TASK))).toBe('em_bad_response')
  })

  it('deeply nested documents fail cleanly', () => {
    const depth = 100_000
    const xml = `<ReplicaTaskSession>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</ReplicaTaskSession>`
    expect(codeOf(() => decodeReplicaTaskSession(parseXml(xml), TASK))).toBe('em_bad_response')
    expect(
      codeOf(() => decodeReplicaTaskSession(parseJson(`${'['.repeat(depth)}${']'.repeat(depth)}`), TASK)),
    ).toBe('em_bad_response')
  })

  it('reads the SessionId of a LogonSession for logoff, from the element or the Href', () => {
    expect(
      decodeLogonSessionId(
        parseXml(
          `<LogonSession ${NS} Href="https://em/api/logonSessions/abc"><SessionId>5496707f-c814-47ce-8d6d-110aa03cec03</SessionId></LogonSession>`,
        ),
      ),
    ).toBe('5496707f-c814-47ce-8d6d-110aa03cec03')
    expect(
      decodeLogonSessionId(
        parseJson('{"Href":"https://em:9398/api/logonSessions/d7e68afd-cc15-4b1a-bd30-51eb309a1dab"}'),
      ),
    ).toBe('d7e68afd-cc15-4b1a-bd30-51eb309a1dab')
  })
})

describe('more variants an EM (or a proxy in front of it) may produce', () => {
  const item = (id: string) => ({
    UID: `urn:veeam:ReplicaTaskSession:${id}`,
    Name: 'vm@x',
    State: 'Completed',
  })
  const A = '11111111-1111-4111-8111-111111111111'
  const B = '22222222-2222-4222-8222-222222222222'

  it('task session lists: the plain wrapper, the doubly nested wrapper, a bare array, an empty XML list', () => {
    for (const value of [
      { ReplicaTaskSessions: [item(A), item(B)] },
      { ReplicaTaskSessions: { ReplicaTaskSessions: [item(A), item(B)] } },
      [item(A), item(B)],
    ]) {
      expect(decodeReplicaTaskSessionList(parseJson(JSON.stringify(value))).map((t) => t.id)).toEqual([A, B])
    }
    expect(decodeReplicaTaskSessionList(parseXml(`<ReplicaTaskSessions ${NS} />`))).toEqual([])
  })

  it('no Content-Type: XML and JSON are told apart by their first character; a declared text/html is refused', () => {
    expect(
      decodeReplicaTaskSession(parseBody(Buffer.from(taskXml('<State>Completed</State>')), undefined), TASK)
        .state,
    ).toBe('Completed')
    expect(
      decodeReplicaTaskSession(parseBody(Buffer.from(`\uFEFF${JSON.stringify(item(TASK))}`), undefined), TASK)
        .state,
    ).toBe('Completed')
    expect(codeOf(() => parseBody(Buffer.from('Service Unavailable'), undefined))).toBe('em_bad_response')
    expect(codeOf(() => parseBody(Buffer.from(taskXml('')), 'text/html; charset=utf-8'))).toBe(
      'em_bad_response',
    )
  })

  it('xsi:nil elements, camelCase JSON members, numbers as strings, 7-digit fractions and offsets', () => {
    const xml = taskXml(
      '<EndTimeUTC xsi:nil="true" /><Reason xsi:nil="true" /><CreationTimeUTC>2025-06-17T20:00:18.0600000+02:00</CreationTimeUTC><TotalSize> 8589934592 </TotalSize>',
    )
    expect(decodeReplicaTaskSession(parseXml(xml), TASK)).toMatchObject({
      endTime: null,
      reason: '',
      creationTime: '2025-06-17T18:00:18.060Z',
      totalSize: 8589934592,
    })
    const json = {
      uid: `urn:veeam:ReplicaTaskSession:${TASK}`,
      state: 'InProgress',
      totalSize: '1024',
      isRetry: 'True',
    }
    expect(decodeReplicaTaskSession(parseJson(JSON.stringify(json)), TASK)).toMatchObject({
      state: 'InProgress',
      totalSize: 1024,
    })
  })
})
