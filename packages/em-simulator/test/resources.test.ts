import { describe, expect, it } from 'vitest'
import { arr, at, get, logon, manualClock, type Obj, parseJson, parseXml, request, sim } from './helpers.ts'
import { child, names, root } from './ordered.ts'

const DAY = 86_400_000

async function setup() {
  const clock = manualClock()
  const s = await sim({ now: clock.now })
  return { s, clock, token: await logon(s) }
}

const uidId = (uid: unknown): string => String(uid).split(':').pop() ?? ''

describe('representations', () => {
  it('GET /replicaTaskSessions/{ID} is a reference by default and the entity with format=Entity (any case)', async () => {
    const { s, token } = await setup()
    const id = s.demo.completedTaskSessionId
    const ref = parseXml((await get(s, `/replicaTaskSessions/${id}`, token)).text)
    expect(at(ref, 'EntityRef', '@Type')).toBe('ReplicaTaskSessionReference')
    expect(at(ref, 'EntityRef', '@UID')).toBe(`urn:veeam:ReplicaTaskSession:${id}`)
    expect(at(ref, 'EntityRef', '@Href')).toBe(`${s.url}/api/replicaTaskSessions/${id}`)
    for (const format of ['Entity', 'entity', 'ENTITY']) {
      const entity = parseXml((await get(s, `/replicaTaskSessions/${id}?format=${format}`, token)).text)
      expect(at(entity, 'ReplicaTaskSession', '@Type')).toBe('ReplicaTaskSession')
      expect(at(entity, 'ReplicaTaskSession', 'State')).toBe('Completed')
      expect(at(entity, 'ReplicaTaskSession', 'Result')).toBe('Success')
    }
  })

  it('warning and failed tasks carry a reason; their job session failed and was retried', async () => {
    const { s, token } = await setup()
    const warning = parseJson(
      await get(s, `/replicaTaskSessions/${s.demo.warningTaskSessionId}?format=Entity`, token, true),
    )
    expect(warning.Result).toBe('Warning')
    expect(String(warning.Reason)).toMatch(/Changed block tracking/)
    const failed = parseJson(
      await get(s, `/replicaTaskSessions/${s.demo.failedTaskSessionId}?format=Entity`, token, true),
    )
    expect(failed.Result).toBe('Failed')
    expect(String(failed.Reason)).toMatch(/VDDK/)
    const session = parseJson(
      await get(s, `/replicaSessions/${uidId(failed.JobSessionUid)}?format=Entity`, token, true),
    )
    expect(session.Result).toBe('Failed')
    expect(typeof session.FailureMessage).toBe('string')
    expect(session.State).toBe('Stopped')
    expect(session.Progress).toBe(100)
    const retry = parseJson(
      await get(s, `/replicaSessions/${s.demo.retryJobSessionId}?format=Entity`, token, true),
    )
    expect(retry.IsRetry).toBe(true)
    expect(retry.JobUid).toBe(session.JobUid)
    expect(Date.parse(String(retry.CreationTimeUTC))).toBeGreaterThan(Date.parse(String(session.EndTimeUTC)))
    const retried = parseJson(
      await get(
        s,
        `/replicaSessions/${s.demo.retryJobSessionId}/replicaTaskSessions?format=Entity`,
        token,
        true,
      ),
    )
    const vms = (retried.ReplicaTaskSessions as Obj[]).map((t) => t.VmDisplayName)
    expect(vms).toEqual([failed.VmDisplayName])
  })

  it('a completed job session has no FailureMessage element in XML and null in JSON', async () => {
    const { s, token } = await setup()
    const xml = await get(s, `/replicaSessions/${s.demo.completedJobSessionId}?format=Entity`, token)
    expect(xml.text).not.toContain('FailureMessage')
    const json = parseJson(
      await get(s, `/replicaSessions/${s.demo.completedJobSessionId}?format=Entity`, token, true),
    )
    expect(json).toHaveProperty('FailureMessage', null)
    expect(json.Result).toBe('Success')
  })

  it('job session task lists: references by default, entities with format=Entity', async () => {
    const { s, token } = await setup()
    const path = `/replicaSessions/${s.demo.completedJobSessionId}/replicaTaskSessions`
    const refs = parseXml((await get(s, path, token)).text)
    const items = at(refs, 'EntityReferences', 'Ref') as Obj[]
    expect(items.length).toBeGreaterThan(0)
    for (const r of items) expect(r['@Type']).toBe('ReplicaTaskSessionReference')
    const entities = parseJson(await get(s, `${path}?format=Entity`, token, true))
    const list = entities.ReplicaTaskSessions as Obj[]
    expect(list).toHaveLength(items.length)
    for (const t of list) expect(uidId(t.JobSessionUid)).toBe(s.demo.completedJobSessionId)
  })

  it('backup servers and jobs, references and entities', async () => {
    const { s, token } = await setup()
    const refs = parseJson(await get(s, '/backupServers', token, true)).Refs as Obj[]
    expect(refs.map((r) => uidId(r.UID)).sort()).toEqual([...s.demo.backupServerIds].sort())
    const servers = parseJson(await get(s, '/backupServers?format=Entity', token, true))
      .BackupServers as Obj[]
    expect(servers.map((x) => x.Name).sort()).toEqual(['vbr01.corp.local', 'vbr02.corp.local'])
    for (const srv of servers) {
      expect(srv.Version).toBe('13.0.1.1071')
      expect(srv.Port).toBe(9392)
    }
    const session = parseJson(
      await get(s, `/replicaSessions/${s.demo.completedJobSessionId}?format=Entity`, token, true),
    )
    const jobId = uidId(session.JobUid)
    const job = parseXml((await get(s, `/jobs/${jobId}?format=Entity`, token)).text)
    expect(at(job, 'Job', '@Name')).toBe(session.JobName)
    expect(at(job, 'Job', 'JobType')).toBe('Replica')
    const rels = (at(job, 'Job', 'Links', 'Link') as Obj[]).map((l) => l['@Rel'])
    for (const rel of ['Up', 'Alternate', 'Edit', 'Clone', 'Start', 'Stop', 'Retry'])
      expect(rels).toContain(rel)
    const jobOrder = names(root((await get(s, `/jobs/${jobId}?format=Entity`, token)).text))
    expect(jobOrder).toEqual([
      'Links',
      'JobType',
      'Platform',
      'Description',
      'ScheduleConfigured',
      'ScheduleEnabled',
      'NextRun',
      'JobScheduleOptions',
      'JobInfo',
    ])
    const jobRef = parseXml((await get(s, `/jobs/${jobId}`, token)).text)
    expect(at(jobRef, 'EntityRef', '@Type')).toBe('JobReference')
    // Replication, backup and backup copy jobs; agent and file share jobs live under /agents/jobs and /nas/jobs.
    const jobs = parseJson(await get(s, '/jobs', token, true)).Refs as Obj[]
    expect(jobs).toHaveLength(10)
  })

  it('escapes XML-special characters in names and reads back the same text', async () => {
    const { s, token } = await setup()
    const filter = encodeURIComponent('VmDisplayName=="lab ""sandbox"" <01>"')
    const reply = await get(s, `/query?type=ReplicaTaskSession&format=Entities&filter=${filter}`, token)
    expect(reply.status).toBe(200)
    expect(reply.text).toContain('VmDisplayName="lab &quot;sandbox&quot; &lt;01&gt;"')
    const items = arr(
      at(parseXml(reply.text), 'QueryResult', 'Entities', 'ReplicaTaskSessions', 'ReplicaTaskSession'),
    )
    expect(items.length).toBeGreaterThan(0)
    for (const t of items) expect(t['@VmDisplayName']).toBe('lab "sandbox" <01>')
    const amp = await get(
      s,
      `/query?type=ReplicaTaskSession&format=Entities&filter=${encodeURIComponent('VmDisplayName=="R&D-build01"')}`,
      token,
    )
    expect(amp.text).toContain('VmDisplayName="R&amp;D-build01"')
  })

  it('a numeric-looking VM name stays a string in JSON', async () => {
    const { s, token } = await setup()
    const r = parseJson(
      await get(s, '/query?type=ReplicaTaskSession&format=Entities&filter=VmDisplayName==1234', token, true),
    )
    const items = (r.Entities as { ReplicaTaskSessions: { ReplicaTaskSessions: Obj[] } }).ReplicaTaskSessions
      .ReplicaTaskSessions
    expect(items.length).toBeGreaterThan(0)
    for (const t of items) expect(t.VmDisplayName).toBe('1234')
  })
})

describe('the 30-day window', () => {
  it('old sessions are served by ID but absent from collections and queries', async () => {
    const { s, token } = await setup()
    const { oldTaskSessionId, oldJobSessionId } = s.demo
    const task = parseJson(
      await get(s, `/replicaTaskSessions/${oldTaskSessionId}?format=Entity`, token, true),
    )
    expect(Date.parse(String(task.CreationTimeUTC))).toBeLessThan(
      Date.parse('2025-06-17T20:00:00Z') - 30 * DAY,
    )
    expect((await get(s, `/replicaSessions/${oldJobSessionId}`, token)).status).toBe(200)

    const allTasks = (await get(s, '/replicaTaskSessions', token)).text
    expect(allTasks).not.toContain(oldTaskSessionId)
    expect(allTasks).toContain(s.demo.completedTaskSessionId)
    const allSessions = (await get(s, '/replicaSessions?format=Entity', token)).text
    expect(allSessions).not.toContain(oldJobSessionId)
    expect(allSessions).toContain(s.demo.completedJobSessionId)
    const byQuery = await get(
      s,
      `/query?type=ReplicaTaskSession&filter=UID==${oldTaskSessionId}`,
      token,
      true,
    )
    expect((parseJson(byQuery).Refs as { Refs: unknown[] }).Refs).toEqual([])
    const jobQuery = await get(s, `/query?type=ReplicaJobSession&filter=UID==${oldJobSessionId}`, token, true)
    expect((parseJson(jobQuery).Refs as { Refs: unknown[] }).Refs).toEqual([])
    // The child list of an old job session is empty too (the rule applies to task sessions).
    const children = parseXml(
      (await get(s, `/replicaSessions/${oldJobSessionId}/replicaTaskSessions`, token)).text,
    )
    expect(at(children, 'EntityReferences', 'Ref')).toBeUndefined()

    // Every session in the collections is younger than 30 days.
    const sessions = parseJson(await get(s, '/replicaSessions?format=Entity', token, true))
      .ReplicaJobSessions as Obj[]
    for (const x of sessions)
      expect(Date.parse(String(x.CreationTimeUTC))).toBeGreaterThanOrEqual(
        Date.parse('2025-06-17T20:00:00Z') - 30 * DAY,
      )
  })

  it('the window moves with the clock', async () => {
    const clock = manualClock()
    // Long live tasks keep a month of back-to-back live sessions small.
    const s = await sim({ now: clock.now, liveTaskMs: 3_600_000 })
    const token = await logon(s)
    expect((await get(s, '/replicaTaskSessions', token)).text).toContain(s.demo.completedTaskSessionId)
    clock.advance(31 * DAY)
    const later = await logon(s)
    expect((await get(s, '/replicaTaskSessions', later)).text).not.toContain(s.demo.completedTaskSessionId)
    expect((await get(s, `/replicaTaskSessions/${s.demo.completedTaskSessionId}`, later)).status).toBe(200)
  })
})

describe('errors', () => {
  it('404 for an unknown well-formed ID, with an Error body', async () => {
    const { s, token } = await setup()
    for (const path of [
      '/replicaTaskSessions/00000000-0000-4000-8000-000000000000',
      '/replicaSessions/00000000-0000-4000-8000-000000000000',
      '/replicaSessions/00000000-0000-4000-8000-000000000000/replicaTaskSessions',
      '/backupServers/00000000-0000-4000-8000-000000000000',
      '/jobs/00000000-0000-4000-8000-000000000000',
    ]) {
      const r = await get(s, path, token)
      expect(r.status, path).toBe(404)
      expect(r.statusMessage).toBe('NotFound')
      expect(at(parseXml(r.text), 'Error', '@StatusCode')).toBe('404')
    }
  })

  it('404 for unknown paths, inside and outside /api', async () => {
    const { s, token } = await setup()
    expect((await get(s, '/managedServers', token)).status).toBe(404)
    const outside = await request(`${s.url}/counters`)
    expect(outside.status).toBe(404)
    expect((await request(`${s.url}/`)).status).toBe(404)
  })

  it('400 for a malformed ID, with an Error body', async () => {
    const { s, token } = await setup()
    for (const path of [
      '/replicaTaskSessions/not-a-guid',
      '/replicaSessions/123',
      '/backupServers/x',
      '/jobs/%7Bbad%7D',
    ]) {
      const r = await get(s, path, token, true)
      expect(r.status, path).toBe(400)
      expect(parseJson(r).StatusCode).toBe(400)
    }
  })

  it('405 for a wrong method on a known path, with an Error body', async () => {
    const { s, token } = await setup()
    const del = await request(`${s.url}/api/replicaTaskSessions/${s.demo.completedTaskSessionId}`, {
      method: 'DELETE',
      headers: { 'X-RestSvcSessionId': token },
    })
    expect(del.status).toBe(405)
    expect(at(parseXml(del.text), 'Error', '@StatusCode')).toBe('405')
    const getLogon = await request(`${s.url}/api/sessionMngr/?v=latest`)
    expect(getLogon.status).toBe(405)
  })

  it('matches path segments case-insensitively and upper-case GUIDs', async () => {
    const { s, token } = await setup()
    const id = s.demo.completedTaskSessionId.toUpperCase()
    expect((await get(s, `/replicatasksessions/${id}`, token)).status).toBe(200)
  })
})

describe('formats', () => {
  it('JSON whenever application/json appears in Accept, with a BOM and the JSON media type', async () => {
    const { s, token } = await setup()
    const r = await request(`${s.url}/api/backupServers`, {
      headers: { 'X-RestSvcSessionId': token, Accept: 'application/xml, text/xml, application/json;q=0.1' },
    })
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8')
    expect([...r.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(Number(r.headers['content-length'])).toBe(r.bytes.length)
    const xml = await request(`${s.url}/api/backupServers`, {
      headers: { 'X-RestSvcSessionId': token, Accept: '*/*' },
    })
    expect(xml.headers['content-type']).toBe('application/xml; charset=utf-8')
    expect(xml.text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true)
  })

  it('every JSON body starts with the BOM, errors included', async () => {
    const { s, token } = await setup()
    for (const r of [
      await get(s, '/', null, true),
      await get(s, '/replicaTaskSessions/00000000-0000-4000-8000-000000000000', token, true),
      await get(s, '/backupServers', null, true),
    ]) {
      expect([...r.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    }
  })

  it('hrefs use the Host the client used', async () => {
    const { s, token } = await setup()
    const r = await request(`${s.url}/api/backupServers`, {
      headers: { 'X-RestSvcSessionId': token, Host: 'em.example.test:9398' },
    })
    const doc = root(r.text)
    expect(child(doc, 'Ref').attrs.Href).toMatch(/^http:\/\/em\.example\.test:9398\/api\/backupServers\//)
  })
})
