/**
 * Backup sessions and query results compared, element by element, with Veeam's published payloads in the shared
 * reference material beside the repository (shared/em-api/examples-backup-and-query, or the vendored copy in
 * fixtures/). Both sides are parsed; nothing here restates our own output.
 */
import { describe, expect, it } from 'vitest'
import { get, logon, manualClock, parseJson, sim } from './helpers.ts'
import {
  attrSet,
  backupExample,
  child,
  example,
  linkAttrSets,
  linkSig,
  names,
  root,
  type XNode,
} from './ordered.ts'
import { expectSameEntityShape, expectTimes, FULL_NS, ours } from './shape.ts'

async function setup() {
  const clock = manualClock()
  const s = await sim({ now: clock.now })
  return { s, clock, token: await logon(s) }
}

const theirs = (name: string) => root(backupExample(name))
const text = (n: XNode, name: string) => child(n, name).text

/** `name=value` pairs of a paging href, decoded, in order. */
const queryPairs = (href: string): [string, string][] => [
  ...new URLSearchParams(href.slice(href.indexOf('?') + 1)).entries(),
]

describe('backup job session entity', () => {
  it.each([['backup-job-session.entity.docs-v13.1.xml'], ['backup-job-session.entity.docs-v13.xml']])(
    'a successful run has the shape of %s, Stop and Related restore point included',
    async (file) => {
      const { s, token } = await setup()
      const mine = ours(
        await get(s, `/backupSessions/${s.demo.backupCompletedJobSessionId}?format=Entity`, token),
      )
      expectSameEntityShape(mine, theirs(file))
      expectTimes(mine)
      expect(text(mine, 'State')).toBe('Stopped')
      expect(text(mine, 'Result')).toBe('Success')
      expect(text(mine, 'JobType')).toBe('Backup')
    },
  )

  it('a failed run keeps the same elements (FailureMessage stays null, as in the v13 capture) and its restore point', async () => {
    const { s, token } = await setup()
    const mine = ours(await get(s, `/backupSessions/${s.demo.backupFailedJobSessionId}?format=Entity`, token))
    expectSameEntityShape(mine, theirs('backup-job-session.entity.docs-v13.1.xml'))
    expect(text(mine, 'Result')).toBe('Failed')
  })

  it('a running session: no EndTimeUTC, Result None, Stop but no restore point yet', async () => {
    const { s, token } = await setup()
    const mine = ours(
      await get(s, `/backupSessions/${s.demo.backupRunningJobSessionId}?format=Entity`, token),
    )
    const example = theirs('backup-job-session.entity.docs-v13.1.xml')
    expect(names(mine)).toEqual(names(example).filter((n) => n !== 'EndTimeUTC'))
    expect(linkSig(mine)).toEqual(linkSig(example).filter((l) => !l.startsWith('Related')))
    expect(text(mine, 'State')).toBe('Working')
    expect(text(mine, 'Result')).toBe('None')
  })

  it('the reference form: EntityRef with Up, Up, Alternate (the entity), Down; no Stop', async () => {
    const { s, token } = await setup()
    const mine = ours(await get(s, `/backupSessions/${s.demo.backupCompletedJobSessionId}`, token))
    expect(mine.name).toBe('EntityRef')
    expect(attrSet(mine)).toEqual(['Href', 'Name', 'Type', 'UID'])
    expect(mine.attrs.Type).toBe('BackupJobSessionReference')
    expect(linkSig(mine)).toEqual([
      'Up BackupServerReference',
      'Up JobReference',
      'Alternate BackupJobSession',
      'Down BackupTaskSessionReferenceList',
    ])
    expect(child(mine, 'Links').children[2]?.attrs.Href).toMatch(/\?format=Entity$/)
  })

  it('JSON keys in the order of the v10 NasBackup example, links included', async () => {
    const { s, token } = await setup()
    const their = JSON.parse(example('backup-job-session.entity.v10.json')) as Record<string, unknown>
    const mine = parseJson(
      await get(s, `/backupSessions/${s.demo.nasBackupJobSessionId}?format=Entity`, token, true),
    )
    expect(Object.keys(mine)).toEqual(Object.keys(their))
    for (const k of Object.keys(their)) {
      if (their[k] === null) expect(mine[k]).toBeNull()
      else expect(typeof mine[k]).toBe(typeof their[k])
    }
    expect(mine.JobType).toBe(their.JobType)
    const sig = (x: Record<string, unknown>) =>
      (x.Links as { Rel: string; Type: string | null; Href: string }[]).map(
        (l) => `${l.Rel} ${l.Type} ${new URL(l.Href).pathname.replace(/[0-9a-f-]{36}/g, '{ID}')}`,
      )
    expect(sig(mine)).toEqual(sig(their))
  })
})

describe('backup task session entity', () => {
  it('a successful task has the shape of the v13.1 example: VmUid last, Related VmRestorePoint', async () => {
    const { s, token } = await setup()
    const mine = ours(
      await get(s, `/backupTaskSessions/${s.demo.backupCompletedTaskSessionId}?format=Entity`, token),
    )
    expectSameEntityShape(mine, theirs('backup-task-session.entity.docs-v13.1.xml'))
    expectTimes(mine)
    expect(text(mine, 'VmUid')).toMatch(/^urn:VMware:Vm:[0-9a-f-]{36}\.vm-\d+$/)
    expect(mine.attrs.VmDisplayName).toBe('sql-prod-01')
  })

  it('the older v13 example is the same without VmUid', async () => {
    const { s, token } = await setup()
    const mine = ours(
      await get(s, `/backupTaskSessions/${s.demo.backupCompletedTaskSessionId}?format=Entity`, token),
    )
    const older = theirs('backup-task-session.entity.docs-v13.xml')
    expect(names(mine)).toEqual([...names(older), 'VmUid'])
    expect(linkSig(mine)).toEqual(linkSig(older))
  })

  it('a failed task: no Related link, TotalSize 0, the reason in Reason', async () => {
    const { s, token } = await setup()
    const mine = ours(
      await get(s, `/backupTaskSessions/${s.demo.backupFailedTaskSessionId}?format=Entity`, token),
    )
    expectSameEntityShape(mine, theirs('backup-task-session.entity.docs-v13.1.xml'), {
      ignoreLinkRels: ['Related'],
    })
    expect(linkSig(mine)).not.toContain('Related VmRestorePoint')
    expect(text(mine, 'Result')).toBe('Failed')
    expect(text(mine, 'TotalSize')).toBe('0')
    expect(text(mine, 'Reason').length).toBeGreaterThan(10)
  })

  it('the task list of a backup session: EntityReferences of BackupTaskSessionReference, as the v13.1 example', async () => {
    const { s, token } = await setup()
    const example = theirs('backup-session-task-sessions.reference-list.docs-v13.1.xml')
    const mine = ours(
      await get(s, `/backupSessions/${s.demo.backupCompletedJobSessionId}/taskSessions`, token),
    )
    expect(mine.name).toBe(example.name)
    expect(attrSet(mine)).toEqual(attrSet(example))
    expect(example.attrs).toMatchObject(FULL_NS)
    expect(mine.children.length).toBe(10)
    const sample = example.children[0] as XNode
    for (const ref of mine.children) {
      expectSameEntityShape(ref, sample)
      expect(linkAttrSets(ref)).toEqual(linkAttrSets(sample))
    }
  })

  it('the entity list of a backup session: BackupTaskSessions of entities', async () => {
    const { s, token } = await setup()
    const mine = ours(
      await get(s, `/backupSessions/${s.demo.backupCompletedJobSessionId}/taskSessions?format=Entity`, token),
    )
    expect(mine.name).toBe('BackupTaskSessions')
    for (const item of mine.children)
      expectSameEntityShape(item, theirs('backup-task-session.entity.docs-v13.1.xml'))
  })
})

describe('query results', () => {
  it('BackupTaskSession: entities, sortDesc, pageSize=3 with First/Next/Last, as the v13.1 example', async () => {
    const { s, token } = await setup()
    const vm = s.demo.failureStreak.vmName
    const reply = await get(
      s,
      `/query?type=BackupTaskSession&format=Entities&sortDesc=CreationTime&pageSize=3&page=1&filter=Result==Failed;VmDisplayName==${vm}`,
      token,
    )
    const mine = ours(reply)
    const example = theirs('query.backup-task-session.entities.docs-v13.1.xml')
    expect(names(mine)).toEqual(names(example))
    const list = child(child(mine, 'Entities'), 'BackupTaskSessions')
    const theirList = child(child(example, 'Entities'), 'BackupTaskSessions')
    expect(list.children).toHaveLength(theirList.children.length)
    for (const item of list.children) {
      expectSameEntityShape(item, theirList.children[0] as XNode)
      expect(text(item, 'Result')).toBe('Failed')
      expect(item.attrs.VmDisplayName).toBe(vm)
    }
    const times = list.children.map((t) => Date.parse(text(t, 'CreationTimeUTC')))
    expect(times).toEqual([...times].sort((a, b) => b - a))

    const myPaging = child(mine, 'PagingInfo')
    const theirPaging = child(example, 'PagingInfo')
    expect(attrSet(myPaging)).toEqual(attrSet(theirPaging))
    expect(myPaging.attrs.PageSize).toBe('3')
    expect(Number(myPaging.attrs.PagesCount)).toBeGreaterThan(1)
    expect(linkSig(myPaging)).toEqual(linkSig(theirPaging))
    expect(linkAttrSets(myPaging)).toEqual(linkAttrSets(theirPaging))
    // The same parameters in the same order, once decoded; only the VM and the page numbers differ.
    const links = (n: XNode) => child(n, 'Links').children
    links(myPaging).forEach((l, i) => {
      const their = links(theirPaging)[i]?.attrs.Href ?? ''
      const expected = queryPairs(their).map(([k, v]): [string, string] =>
        k === 'filter' ? [k, v.replace('dbserver01', vm)] : [k, v],
      )
      const got = queryPairs(l.attrs.Href ?? '')
      expect(got.map(([k]) => k)).toEqual(expected.map(([k]) => k))
      expect(got.filter(([k]) => k !== 'page')).toEqual(expected.filter(([k]) => k !== 'page'))
    })
  })

  it('BackupJobSession: entities with the filter encoded as the v13.1 example encodes it', async () => {
    const { s, token } = await setup()
    const filter = 'CreationTime>="2025-06-15T06:00:00Z";CreationTime<="2025-06-16T06:00:00Z"'
    const mine = ours(
      await get(
        s,
        `/query?type=BackupJobSession&format=Entities&filter=${encodeURIComponent(filter)}`,
        token,
      ),
    )
    const example = theirs('query.backup-job-session.entities.docs-v13.1.xml')
    expect(names(mine)).toEqual(names(example))
    const list = child(child(mine, 'Entities'), 'BackupJobSessions')
    const sample = child(child(example, 'Entities'), 'BackupJobSessions').children[0] as XNode
    expect(list.children.length).toBeGreaterThan(5)
    const types = new Set<string>()
    for (const item of list.children) {
      types.add(text(item, 'JobType'))
      expect(names(item)).toEqual(names(sample))
      // Agent sessions carry their parent/child links (checked in backup.test.ts); the examples' sessions link no
      // restore point, ours do when they made one.
      if (text(item, 'JobType').startsWith('Agent')) continue
      expectSameEntityShape(item, sample, { ignoreLinkRels: ['Related'] })
    }
    expect([...types].sort()).toEqual(['AgentBackup', 'AgentManagement', 'Backup', 'BackupCopy', 'NasBackup'])
    const myPaging = child(mine, 'PagingInfo')
    const theirPaging = child(example, 'PagingInfo')
    expect(attrSet(myPaging)).toEqual(attrSet(theirPaging))
    expect(myPaging.attrs.PageSize).toBe('100')
    expect(linkSig(myPaging)).toEqual(linkSig(theirPaging))
    const rawFilter = (href: string) => /[?&]filter=([^&]*)/.exec(href)?.[1]
    const theirFirst = child(theirPaging, 'Links').children[0]?.attrs.Href ?? ''
    const myFirst = child(myPaging, 'Links').children[0]?.attrs.Href ?? ''
    expect(rawFilter(myFirst)).toBe(rawFilter(theirFirst)?.replace(/2025-08-1/g, '2025-06-1'))
  })

  it('ReplicaTaskSession: entities as the v13.1 example', async () => {
    const { s, token } = await setup()
    const mine = ours(
      await get(
        s,
        '/query?type=ReplicaTaskSession&format=Entities&sortDesc=CreationTime&pageSize=15&filter=Result==Success;VmDisplayName==web01',
        token,
      ),
    )
    const example = theirs('query.replica-task-session.entities.docs-v13.1.xml')
    expect(names(mine)).toEqual(names(example))
    const list = child(child(mine, 'Entities'), 'ReplicaTaskSessions')
    const sample = child(child(example, 'Entities'), 'ReplicaTaskSessions').children[0] as XNode
    expect(list.children).toHaveLength(15)
    for (const item of list.children) expectSameEntityShape(item, sample, { ignoreLinkRels: ['Related'] })
    expect(attrSet(child(mine, 'PagingInfo'))).toEqual(attrSet(child(example, 'PagingInfo')))
  })
})
