/**
 * EM v12 writes PascalCase JSON keys, EM v13 camelCase ones (SESSIONS_QUERIES_ROLES §0.4). The camelCase key lists
 * below are those of the real v13 captures quoted there (§0.4, §1.1, §1.2).
 */
import { describe, expect, it } from 'vitest'
import { camelKey } from '../src/json/writer.ts'
import { get, logon, manualClock, type Obj, parseJson, request, sim } from './helpers.ts'

const V13_TASK_KEYS = [
  'jobSessionUid',
  'creationTimeUTC',
  'endTimeUTC',
  'state',
  'result',
  'reason',
  'totalSize',
  'vmUid',
  'vmDisplayName',
  'name',
  'uid',
  'links',
  'href',
  'type',
]
const V13_JOB_SESSION_KEYS = [
  'isRetry',
  'jobUid',
  'jobName',
  'jobType',
  'creationTimeUTC',
  'endTimeUTC',
  'state',
  'result',
  'progress',
  'failureMessage',
  'name',
  'uid',
  'links',
  'href',
  'type',
]

async function setup(jsonCase?: 'pascal' | 'camel') {
  const clock = manualClock()
  const s = await sim({ now: clock.now, control: true, ...(jsonCase ? { jsonCase } : {}) })
  return { s, token: await logon(s) }
}

/** Every key of a JSON document, at any depth. */
function allKeys(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) allKeys(v, out)
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      out.add(k)
      allKeys(v, out)
    }
  return out
}

describe('camelCase JSON (EM v13)', () => {
  it('camelKey follows .NET camel casing', () => {
    expect(
      [
        'UID',
        'VmUid',
        'CreationTimeUTC',
        'JobSessionUid',
        'PageNum',
        'IsRetry',
        'SessionId',
        'RetrySpecified1',
      ].map(camelKey),
    ).toEqual([
      'uid',
      'vmUid',
      'creationTimeUTC',
      'jobSessionUid',
      'pageNum',
      'isRetry',
      'sessionId',
      'retrySpecified1',
    ])
  })

  it('backup task and job sessions carry the keys of the v13 captures, in their order', async () => {
    const { s, token } = await setup('camel')
    const task = parseJson(
      await get(s, `/backupTaskSessions/${s.demo.backupFailedTaskSessionId}?format=Entity`, token, true),
    )
    expect(Object.keys(task)).toEqual(V13_TASK_KEYS)
    expect(task.totalSize).toBe(0)
    expect(task.result).toBe('Failed')
    for (const l of task.links as Obj[]) expect(Object.keys(l)).toEqual(['rel', 'href', 'name', 'type'])
    const job = parseJson(
      await get(s, `/backupSessions/${s.demo.backupFailedJobSessionId}?format=Entity`, token, true),
    )
    expect(Object.keys(job)).toEqual(V13_JOB_SESSION_KEYS)
    expect(job.failureMessage).toBeNull()
    const stop = (job.links as Obj[]).find((l) => l.rel === 'Stop')
    expect(stop).toMatchObject({ name: null, type: null })
    // Replica entities too: the same keys less vmUid.
    const replica = parseJson(
      await get(s, `/replicaTaskSessions/${s.demo.failedTaskSessionId}?format=Entity`, token, true),
    )
    expect(Object.keys(replica)).toEqual(V13_TASK_KEYS.filter((k) => k !== 'vmUid'))
  })

  it('query results: entities.backupTaskSessions.backupTaskSessions[] and pagingInfo.pageNum', async () => {
    const { s, token } = await setup('camel')
    const q = parseJson(await get(s, '/query?type=BackupTaskSession&format=Entities&pageSize=2', token, true))
    expect(Object.keys(q)).toEqual(['refs', 'entities', 'resources', 'links', 'pagingInfo'])
    const list = (q.entities as Record<string, Record<string, Obj[]>>).backupTaskSessions?.backupTaskSessions
    expect(list).toHaveLength(2)
    expect(Object.keys(q.pagingInfo as Obj)).toEqual(['links', 'pageNum', 'pageSize', 'pagesCount'])
    const refs = parseJson(await get(s, '/query?type=ReplicaJobSession&pageSize=1', token, true))
    const ref = ((refs.refs as Obj).refs as Obj[])[0] as Obj
    expect(Object.keys(ref)).toEqual(['links', 'uid', 'name', 'href', 'type'])
  })

  it('entry point, logon session, collections and errors are camelCase too; no PascalCase key anywhere', async () => {
    const { s, token } = await setup('camel')
    const entry = parseJson(await get(s, '/', null, true))
    expect(Object.keys(entry)).toEqual(['supportedVersions', 'links', 'href', 'type'])
    expect(entry).toMatchObject({ href: null, type: null })
    const post = await request(`${s.url}/api/sessionMngr/?v=latest`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from('restapi:Sim-Passw0rd!').toString('base64')}`,
        Accept: 'application/json',
      },
    })
    expect(Object.keys(parseJson(post))).toEqual(['userName', 'sessionId', 'links', 'href', 'type'])
    const error = await get(s, '/backupTaskSessions/00000000-0000-4000-8000-000000000000', token, true)
    expect(error.status).toBe(404)
    expect(Object.keys(parseJson(error))).toEqual([
      'firstChanceExceptionMessage',
      'message',
      'stackTrace',
      'status',
      'statusCode',
    ])
    const unauthorized = await get(s, '/backupServers', null, true)
    expect(parseJson(unauthorized).statusCode).toBe(401)
    for (const path of [
      '/backupSessions?format=Entity',
      '/backupServers?format=Entity',
      `/jobs?format=Entity`,
      `/backupSessions/${s.demo.agentBackupJobSessionId}/agentManagementSessions`,
    ]) {
      const keys = allKeys(parseJson(await get(s, path, token, true)))
      expect(keys.size, path).toBeGreaterThan(3)
      for (const k of keys) expect(k, `${path}: ${k}`).toMatch(/^[a-z]/)
    }
    // Values are left alone.
    const servers = parseJson(await get(s, '/backupServers?format=Entity', token, true))
      .backupServers as Obj[]
    expect(servers[0]?.type).toBe('BackupServer')
    // XML is unaffected.
    const xml = await get(s, `/backupTaskSessions/${s.demo.backupFailedTaskSessionId}?format=Entity`, token)
    expect(xml.text).toContain('<JobSessionUid>')
    expect(xml.text).toContain('<VmUid>')
  })

  it('is switched at run time, from code and from the control endpoint; PascalCase is the default', async () => {
    const { s, token } = await setup()
    const path = `/replicaSessions/${s.demo.completedJobSessionId}?format=Entity`
    expect(s.jsonCase()).toBe('pascal')
    expect(Object.keys(parseJson(await get(s, path, token, true)))[0]).toBe('IsRetry')
    s.setJsonCase('camel')
    expect(Object.keys(parseJson(await get(s, path, token, true)))[0]).toBe('isRetry')
    const url = s.controlUrl ?? ''
    const post = (body: unknown) =>
      request(`${url}/settings`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      })
    const set = await post({ jsonCase: 'pascal' })
    expect(JSON.parse(set.text)).toEqual({ jsonCase: 'pascal' })
    expect(Object.keys(parseJson(await get(s, path, token, true)))[0]).toBe('IsRetry')
    expect((await post({ jsonCase: 'snake' })).status).toBe(400)
    expect((await post({ colour: 'red' })).status).toBe(400)
    await post({ jsonCase: 'camel' })
    expect(JSON.parse((await request(`${url}/settings`)).text)).toEqual({ jsonCase: 'camel' })
    // Clearing faults leaves the casing alone.
    await request(`${url}/faults`, { method: 'DELETE' })
    expect(s.jsonCase()).toBe('camel')
    expect(() => s.setJsonCase('kebab' as never)).toThrow()
  })
})
