/**
 * The simulator's output compared, structure by structure, with the verbatim EM payloads of the shared reference
 * material beside the repository (shared/em-api/examples, or their vendored copy in fixtures/) and EM_API_FACTS.md.
 * Both sides are parsed; nothing here restates our own output.
 */
import { describe, expect, it } from 'vitest'
import { get, logon, manualClock, parseJson, request, sim } from './helpers.ts'
import {
  attrSet,
  child,
  docsJsonSample,
  EM_TIME,
  example,
  factsBlock,
  linkAttrSets,
  linkSig,
  names,
  nsDecls,
  root,
  type XNode,
} from './ordered.ts'
import { expectSameEntityShape, expectTimes, FULL_NS, ours } from './shape.ts'

async function setup() {
  const clock = manualClock()
  const s = await sim({ now: clock.now })
  const token = await logon(s)
  return { s, token, clock }
}

describe('conformance with verbatim EM payloads', () => {
  it('timestamp pattern matches the examples themselves', () => {
    for (const f of [
      'replica-task-session.entity.docs-v13.xml',
      'replica-session-task-sessions.entity-list.docs-v13.1.xml',
    ]) {
      const text = example(f)
      for (const m of text.matchAll(/<(?:CreationTimeUTC|EndTimeUTC)>([^<]+)</g))
        expect(m[1]).toMatch(EM_TIME)
    }
  })

  it('entry point', async () => {
    const { s } = await setup()
    const reply = await request(`${s.url}/api/`)
    const mine = ours(reply)
    const theirs = root(example('enterprise-manager.entry-point.xml'))
    expect(theirs.prolog).toBe(true)
    expect(nsDecls(theirs)).toEqual(FULL_NS)
    expect(mine.name).toBe('EnterpriseManager')
    expect(attrSet(mine)).toEqual(attrSet(theirs))
    expect(names(mine)).toEqual(names(theirs))
    expect(linkSig(mine)).toEqual(linkSig(theirs))
    expect(linkAttrSets(mine)).toEqual(linkAttrSets(theirs))
    const versions = (n: XNode) =>
      child(n, 'SupportedVersions').children.map((v) => [v.name, v.attrs.Name, linkSig(v).join('|')])
    expect(versions(mine)).toEqual(versions(theirs))
    // Hrefs on the request's own origin.
    const hrefs = child(mine, 'Links').children.map((l) => l.attrs.Href)
    expect(hrefs).toEqual([`${s.url}/api/logonSessions`, `${s.url}/api/sessionMngr/?v=latest`])
  })

  it('task session entity, including the empty <Reason /> form', async () => {
    const { s, token } = await setup()
    const reply = await get(s, `/replicaTaskSessions/${s.demo.completedTaskSessionId}?format=Entity`, token)
    const mine = ours(reply)
    const theirs = root(example('replica-task-session.entity.docs-v13.xml'))
    // A successful task links the replica point it produced (Related VmReplicaPoint), as in the example.
    expectSameEntityShape(mine, theirs)
    expect(linkSig(mine)).toContain('Related VmReplicaPoint')
    expect(reply.text).toMatch(/<Reason \/>/)
    expect(example('replica-task-session.entity.docs-v13.xml')).toMatch(/<Reason \/>/)
    expectTimes(mine)
    // A failed task produced no replica point: the same links without Related.
    const failed = ours(
      await get(s, `/replicaTaskSessions/${s.demo.failedTaskSessionId}?format=Entity`, token),
    )
    expectSameEntityShape(failed, theirs, { ignoreLinkRels: ['Related'] })
  })

  it('task session reference', async () => {
    const { s, token } = await setup()
    const mine = ours(await get(s, `/replicaTaskSessions/${s.demo.completedTaskSessionId}`, token))
    const theirs = root(example('replica-task-session.reference.docs-v13.xml'))
    expectSameEntityShape(mine, theirs)
  })

  it('task session entity list of a job session (v13.1 real-server example)', async () => {
    const { s, token } = await setup()
    const task = ours(
      await get(s, `/replicaTaskSessions/${s.demo.completedTaskSessionId}?format=Entity`, token),
    )
    const jobSessionId = (child(task, 'JobSessionUid').text.split(':').pop() ?? '') as string
    const mine = ours(
      await get(s, `/replicaSessions/${jobSessionId}/replicaTaskSessions?format=Entity`, token),
    )
    const theirs = root(example('replica-session-task-sessions.entity-list.docs-v13.1.xml'))
    expect(theirs.prolog).toBe(true)
    expect(nsDecls(theirs)).toEqual(FULL_NS)
    expect(mine.name).toBe(theirs.name)
    expect(attrSet(mine)).toEqual(attrSet(theirs))
    expect(new Set(names(mine))).toEqual(new Set(names(theirs)))
    const sample = theirs.children[0] as XNode
    for (const item of mine.children) {
      // The example's task has no Related replica-point link; ours do when they produced one.
      expectSameEntityShape(item, sample, { ignoreLinkRels: ['Related'] })
      expectTimes(item)
    }
  })

  it('job session entity (success: no FailureMessage) and a failed one (FailureMessage before IsRetry)', async () => {
    const { s, token } = await setup()
    const theirs = root(example('replica-job-session.entity.docs-v13.xml'))
    const mine = ours(await get(s, `/replicaSessions/${s.demo.completedJobSessionId}?format=Entity`, token))
    expectSameEntityShape(mine, theirs)
    expectTimes(mine)

    const failedTask = ours(
      await get(s, `/replicaTaskSessions/${s.demo.failedTaskSessionId}?format=Entity`, token),
    )
    const failedSession = child(failedTask, 'JobSessionUid').text.split(':').pop()
    const failed = ours(await get(s, `/replicaSessions/${failedSession}?format=Entity`, token))
    const expected = names(theirs)
    expected.splice(expected.indexOf('IsRetry'), 0, 'FailureMessage')
    expect(names(failed)).toEqual(expected)
    expect(child(failed, 'Result').text).toBe('Failed')
  })

  it('job session reference (EM_API_FACTS §3.1 reference form)', async () => {
    const { s, token } = await setup()
    const mine = ours(await get(s, `/replicaSessions/${s.demo.completedJobSessionId}`, token))
    expect(mine.name).toBe('EntityRef')
    expect(attrSet(mine)).toEqual(['Href', 'Name', 'Type', 'UID'])
    expect(mine.attrs.Type).toBe('ReplicaJobSessionReference')
    expect(linkSig(mine)).toEqual([
      'Up BackupServerReference',
      'Up JobReference',
      'Alternate ReplicaJobSession',
      'Down ReplicaTaskSessionReferenceList',
    ])
  })

  it('backup server entity (v13 adds WcfPort and VbrCertificateThumbprint after the example members)', async () => {
    const { s, token } = await setup()
    const theirs = root(example('backup-server.entity.docs-v13.xml'))
    for (const id of s.demo.backupServerIds) {
      const reply = await get(s, `/backupServers/${id}?format=Entity`, token)
      const mine = ours(reply)
      expect(mine.name).toBe(theirs.name)
      expect(attrSet(mine)).toEqual(attrSet(theirs))
      expect(names(mine)).toEqual([...names(theirs), 'WcfPort', 'VbrCertificateThumbprint'])
      expect(linkSig(mine)).toEqual(linkSig(theirs))
      expect(linkAttrSets(mine)).toEqual(linkAttrSets(theirs))
      expect(child(mine, 'Version').text).toBe('13.0.1.1071')
      expect(child(mine, 'Port').text).toBe('9392')
    }
    // One demo server has no description: the `<Description />` form of the example.
    const texts = await Promise.all(
      s.demo.backupServerIds.map(
        async (id) => (await get(s, `/backupServers/${id}?format=Entity`, token)).text,
      ),
    )
    expect(texts.some((t) => t.includes('<Description />'))).toBe(true)
  })

  it('logon session (EM_API_FACTS §1.3 v13.1 example), from POST and GET', async () => {
    const { s, token } = await setup()
    const theirs = root(
      factsBlock('xml', '<LogonSession xmlns="http://www.veeam.com/ent/v1.0" Type="LogonSession"'),
    )
    const sessionId = Buffer.from(token, 'base64').toString('utf8')
    const fromGet = ours(await get(s, `/logonSessions/${sessionId}`, token))
    const post = await request(`${s.url}/api/sessionMngr/?v=latest`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from('restapi:Sim-Passw0rd!').toString('base64')}` },
    })
    expect(post.status).toBe(201)
    const fromPost = root(post.text)
    expect(fromPost.prolog).toBe(true)
    expect(nsDecls(fromPost)).toEqual(FULL_NS)
    for (const mine of [fromGet, fromPost]) {
      expect(mine.name).toBe('LogonSession')
      expect(attrSet(mine)).toEqual(attrSet(theirs))
      expect(names(mine)).toEqual(names(theirs))
      expect(linkSig(mine)).toEqual(linkSig(theirs))
      expect(linkAttrSets(mine)).toEqual(linkAttrSets(theirs))
      expect(child(mine, 'UserName').text).toBe('SIMULATOR\\restapi')
    }
    expect(child(fromGet, 'SessionId').text).toBe(sessionId)
  })

  it('errors in XML match error.500.xml; JSON errors match error.400.json key for key', async () => {
    const { s, token } = await setup()
    s.setFaults({ failureRate: 1 })
    const xml500 = await get(s, '/backupServers', token)
    expect(xml500.status).toBe(500)
    const theirs = root(example('error.500.xml'))
    const mine = root(xml500.text)
    expect(mine.prolog).toBe(theirs.prolog)
    expect(nsDecls(mine)).toEqual(nsDecls(theirs))
    expect(mine.name).toBe('Error')
    expect(attrSet(mine)).toEqual(attrSet(theirs))
    expect(names(mine)).toEqual(names(theirs))
    expect(mine.attrs.StatusCode).toBe('500')

    s.clearFaults()
    const json404 = await get(s, '/replicaTaskSessions/00000000-0000-4000-8000-000000000000', token, true)
    expect(json404.status).toBe(404)
    const expected = JSON.parse(example('error.400.json')) as Record<string, unknown>
    const got = parseJson(json404)
    expect(Object.keys(got)).toEqual(Object.keys(expected))
    for (const k of Object.keys(expected)) expect(typeof got[k]).toBe(typeof expected[k])
    expect(got.StatusCode).toBe(404)
  })

  it('query result in XML (EM_API_FACTS §4.2 v13.1 example)', async () => {
    const { s, token } = await setup()
    const theirs = root(factsBlock('xml', '<QueryResult xmlns="http://www.veeam.com/ent/v1.0">'))
    const reply = await get(
      s,
      '/query?type=ReplicaTaskSession&format=Entities&sortDesc=CreationTime&filter=Result==Success&pageSize=15',
      token,
    )
    const mine = ours(reply)
    expect(mine.name).toBe('QueryResult')
    expect(names(mine)).toEqual(names(theirs))
    const list = child(child(mine, 'Entities'), 'ReplicaTaskSessions')
    const sample = child(child(theirs, 'Entities'), 'ReplicaTaskSessions').children[0] as XNode
    expect(list.children.length).toBe(15)
    for (const item of list.children) expectSameEntityShape(item, sample, { ignoreLinkRels: ['Related'] })
    const myPaging = child(mine, 'PagingInfo')
    const theirPaging = child(theirs, 'PagingInfo')
    expect(attrSet(myPaging)).toEqual(attrSet(theirPaging))
    expect(new Set(linkAttrSets(myPaging))).toEqual(new Set(linkAttrSets(theirPaging)))
    // `&` in paging hrefs is escaped on the wire (special_symbols.md).
    expect(reply.text).toMatch(/Href="[^"]*\?type=ReplicaTaskSession&amp;format=Entities/)
  })

  it('query result in JSON: double nesting, nulls for absent members, PagingInfo', async () => {
    const { s, token } = await setup()
    const entities = parseJson(
      await get(s, '/query?type=ReplicaTaskSession&format=Entities&pageSize=3', token, true),
    )
    expect(Object.keys(entities)).toEqual(['Refs', 'Entities', 'Resources', 'Links', 'PagingInfo'])
    expect(entities.Refs).toBeNull()
    const nested = (entities.Entities as Record<string, Record<string, unknown[]>>).ReplicaTaskSessions
    expect(Object.keys(nested ?? {})).toEqual(['ReplicaTaskSessions'])
    expect(nested?.ReplicaTaskSessions).toHaveLength(3)
    const paging = entities.PagingInfo as Record<string, unknown>
    // Key order of the v10 capture's PagingInfo (EM_API_FACTS §4.2).
    expect(Object.keys(paging)).toEqual(['Links', 'PageNum', 'PageSize', 'PagesCount'])
    for (const l of paging.Links as Record<string, unknown>[])
      expect(Object.keys(l)).toEqual(['Rel', 'Href', 'Name', 'Type'])

    const refs = parseJson(await get(s, '/query?type=ReplicaJobSession&pageSize=2', token, true))
    expect(Object.keys(refs)).toEqual(['Refs', 'Entities', 'Resources', 'Links', 'PagingInfo'])
    expect(refs.Entities).toBeNull()
    const inner = (refs.Refs as Record<string, Record<string, unknown>[]>).Refs
    expect(inner).toHaveLength(2)
    for (const r of inner ?? []) expect(Object.keys(r)).toEqual(['Links', 'UID', 'Name', 'Href', 'Type'])
  })

  it('JSON job session keys in the order of backup-job-session.entity.v10.json', async () => {
    const { s, token } = await setup()
    const theirs = JSON.parse(example('backup-job-session.entity.v10.json')) as Record<string, unknown>
    const mine = parseJson(
      await get(s, `/replicaSessions/${s.demo.completedJobSessionId}?format=Entity`, token, true),
    )
    expect(Object.keys(mine)).toEqual(Object.keys(theirs))
    for (const k of Object.keys(theirs)) {
      if (theirs[k] === null) expect(mine[k]).toBeNull()
      else expect(typeof mine[k]).toBe(typeof theirs[k])
    }
    const theirLink = (theirs.Links as Record<string, unknown>[])[0] ?? {}
    for (const l of mine.Links as Record<string, unknown>[])
      expect(Object.keys(l)).toEqual(Object.keys(theirLink))
    const rels = (x: Record<string, unknown>) =>
      (x.Links as { Rel: string; Type: string | null }[]).map((l) => l.Rel)
    // Replica sessions have no documented Stop link; the rest is the same sequence.
    expect(rels(mine)).toEqual(rels(theirs).filter((r) => r !== 'Stop'))
    expect(mine.CreationTimeUTC).toMatch(EM_TIME)
  })

  it('JSON task session keys in the order of EM_API_FACTS §2.6', async () => {
    const { s, token } = await setup()
    const theirs = JSON.parse(factsBlock('json', '{\n  "JobSessionUid"')) as Record<string, unknown>
    const mine = parseJson(
      await get(s, `/replicaTaskSessions/${s.demo.warningTaskSessionId}?format=Entity`, token, true),
    )
    expect(Object.keys(mine)).toEqual(Object.keys(theirs))
    for (const k of Object.keys(theirs)) expect(typeof mine[k]).toBe(typeof theirs[k])
  })

  it('JSON references and reference lists as in the v13 docs JSON samples', async () => {
    const { s, token } = await setup()
    const cell = (page: string) => {
      // The docs dump puts each sample on one table-cell line, indented with no-break spaces.
      return JSON.parse(docsJsonSample(page)) as Record<string, unknown>
    }
    const docRef = cell('resource_representations.md')
    const ref = parseJson(await get(s, `/backupServers/${s.demo.backupServerIds[0]}`, token, true))
    expect(Object.keys(ref)).toEqual(Object.keys(docRef))
    expect(ref.Type).toBe(docRef.Type)
    const linkTypes = (x: Record<string, unknown>) =>
      new Set((x.Links as { Rel: string; Type: string }[]).map((l) => `${l.Rel} ${l.Type}`))
    expect(linkTypes(ref)).toEqual(linkTypes(docRef))

    const docList = cell('representation_collections.md')
    const list = parseJson(await get(s, '/replicaTaskSessions', token, true))
    expect(Object.keys(list)).toEqual(Object.keys(docList))
    const docItem = (docList.Refs as Record<string, unknown>[])[0] ?? {}
    for (const item of list.Refs as Record<string, unknown>[])
      expect(Object.keys(item)).toEqual(Object.keys(docItem))
  })
})
