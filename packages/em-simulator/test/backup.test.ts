import { describe, expect, it } from 'vitest'
import { arr, at, get, logon, manualClock, type Obj, parseJson, parseXml, sim } from './helpers.ts'
import { child, linkSig, root } from './ordered.ts'

async function setup() {
  const clock = manualClock()
  const s = await sim({ now: clock.now })
  return { s, clock, token: await logon(s) }
}

const uidId = (uid: unknown): string => String(uid).split(':').pop() ?? ''
const START = Date.UTC(2025, 5, 17, 20, 0, 0, 0)
const DAY = 86_400_000
type Link = { Rel: string; Href: string; Name: string | null; Type: string | null }
const links = (x: Obj) => x.Links as Link[]

describe('agent backup sessions (AgentBackup parent, AgentManagement children)', () => {
  it('the parent links its children with Rel Alternate, Type BackupJobSessionReferenceList, and its job under /agents/jobs', async () => {
    const { s, token } = await setup()
    const parent = parseJson(
      await get(s, `/backupSessions/${s.demo.agentBackupJobSessionId}?format=Entity`, token, true),
    )
    expect(parent.JobType).toBe('AgentBackup')
    expect(links(parent).map((l) => `${l.Rel} ${l.Type}`)).toEqual([
      'Up BackupServerReference',
      'Up JobReference',
      'Alternate BackupJobSessionReferenceList',
      'Alternate BackupJobSessionReference',
      'Down BackupTaskSessionReferenceList',
      'Stop null',
    ])
    const [, job, list] = links(parent)
    expect(new URL(job?.Href ?? '').pathname).toBe(`/api/agents/jobs/${uidId(parent.JobUid)}`)
    expect(list?.Href).toBe(
      `${s.url}/api/backupSessions/${s.demo.agentBackupJobSessionId}/agentManagementSessions`,
    )
    // The container owns no task sessions: its computers' sessions do.
    const own = parseXml(
      (await get(s, `/backupSessions/${s.demo.agentBackupJobSessionId}/taskSessions`, token)).text,
    )
    expect(at(own, 'EntityReferences', 'Ref')).toBeUndefined()
  })

  it('the reference forms match the agents_backupsessions.md and agentManagementSessions examples', async () => {
    const { s, token } = await setup()
    const parent = root((await get(s, `/backupSessions/${s.demo.agentBackupJobSessionId}`, token)).text)
    expect(linkSig(parent)).toEqual([
      'Up BackupServerReference',
      'Up JobReference',
      'Alternate BackupJobSessionReferenceList',
      'Alternate BackupJobSession',
      'Down BackupTaskSessionReferenceList',
    ])
    const children = root(
      (await get(s, `/backupSessions/${s.demo.agentBackupJobSessionId}/agentManagementSessions`, token)).text,
    )
    expect(children.name).toBe('EntityReferences')
    expect(children.children.length).toBe(8)
    for (const ref of children.children) {
      expect(ref.attrs.Type).toBe('BackupJobSessionReference')
      expect(linkSig(ref)).toEqual([
        'Up BackupServerReference',
        'Up JobReference',
        'Up BackupJobSessionReference',
        'Alternate BackupJobSession',
        'Down BackupTaskSessionReferenceList',
      ])
      const parentLink = child(ref, 'Links').children[2]
      expect(parentLink?.attrs.Name).toBe('Parent session')
      expect(parentLink?.attrs.Href).toBe(`${s.url}/api/backupSessions/${s.demo.agentBackupJobSessionId}`)
      // Each computer has its own job, "<job> - <computer>", under /agents/jobs.
      const jobLink = child(ref, 'Links').children[1]
      expect(jobLink?.attrs.Name).toMatch(/^Workstations Agent Backup - [\w.-]+\.corp\.local$/)
      expect(jobLink?.attrs.Href).toMatch(/\/api\/agents\/jobs\/[0-9a-f-]{36}$/)
      expect(ref.attrs.Name).toMatch(
        /^Workstations Agent Backup - [\w.-]+\.corp\.local@\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/,
      )
    }
  })

  it('a child is an AgentManagement session with one task; the parent fails when a child fails', async () => {
    const { s, token } = await setup()
    const childSession = parseJson(
      await get(s, `/backupSessions/${s.demo.agentManagementJobSessionId}?format=Entity`, token, true),
    )
    expect(childSession.JobType).toBe('AgentManagement')
    expect(links(childSession).map((l) => `${l.Rel} ${l.Type}`)).toEqual([
      'Up BackupServerReference',
      'Up JobReference',
      'Up BackupJobSessionReference',
      'Alternate BackupJobSessionReference',
      'Down BackupTaskSessionReferenceList',
      'Stop null',
      'Related RestorePointReference',
    ])
    const tasks = parseJson(
      await get(
        s,
        `/backupSessions/${s.demo.agentManagementJobSessionId}/taskSessions?format=Entity`,
        token,
        true,
      ),
    ).BackupTaskSessions as Obj[]
    expect(tasks.map((t) => t.UID)).toEqual([`urn:veeam:BackupTaskSession:${s.demo.agentTaskSessionId}`])
    // A computer is not a VM: no VmUid, no VM restore point.
    expect(tasks[0]?.VmUid).toBeNull()
    expect(links(tasks[0] as Obj).map((l) => l.Rel)).toEqual(['Up', 'Up', 'Alternate'])
    const agentXml = (await get(s, `/backupTaskSessions/${s.demo.agentTaskSessionId}?format=Entity`, token))
      .text
    expect(agentXml).not.toContain('VmUid')

    const parent = parseJson(
      await get(s, `/backupSessions/${s.demo.agentBackupJobSessionId}?format=Entity`, token, true),
    )
    const kids = parseJson(
      await get(
        s,
        `/backupSessions/${s.demo.agentBackupJobSessionId}/agentManagementSessions?format=Entity`,
        token,
        true,
      ),
    ).BackupJobSessions as Obj[]
    expect(kids.map((k) => k.Result)).toContain('Failed')
    expect(parent.Result).toBe('Failed')
    for (const k of kids) {
      expect(Date.parse(String(k.CreationTimeUTC))).toBeGreaterThan(
        Date.parse(String(parent.CreationTimeUTC)),
      )
      expect(Date.parse(String(k.EndTimeUTC))).toBeLessThan(Date.parse(String(parent.EndTimeUTC)))
    }
  })

  it('/agents/backupSessions lists parents and children, /nas/backupSessions the file share sessions; both are in /backupSessions', async () => {
    const { s, token } = await setup()
    const agents = parseJson(await get(s, '/agents/backupSessions?format=Entity', token, true))
      .BackupJobSessions as Obj[]
    expect(new Set(agents.map((x) => x.JobType))).toEqual(new Set(['AgentBackup', 'AgentManagement']))
    expect(agents.map((x) => uidId(x.UID))).toContain(s.demo.agentBackupJobSessionId)
    const nas = parseJson(await get(s, '/nas/backupSessions', token, true)).Refs as Obj[]
    expect(nas.map((x) => uidId(x.UID))).toContain(s.demo.nasBackupJobSessionId)
    for (const x of nas) expect(x.Type).toBe('BackupJobSessionReference')
    const all = (await get(s, '/backupSessions', token)).text
    expect(all).toContain(s.demo.agentBackupJobSessionId)
    expect(all).toContain(s.demo.agentManagementJobSessionId)
    expect(all).toContain(s.demo.nasBackupJobSessionId)
    // A session that is no agent container has no AgentManagement sessions.
    const none = parseXml(
      (await get(s, `/backupSessions/${s.demo.backupCompletedJobSessionId}/agentManagementSessions`, token))
        .text,
    )
    expect(at(none, 'EntityReferences', 'Ref')).toBeUndefined()
  })
})

describe('file share (NasBackup) sessions', () => {
  it('have one task per share, no VmUid and no restore point links', async () => {
    const { s, token } = await setup()
    const session = parseJson(
      await get(s, `/backupSessions/${s.demo.nasBackupJobSessionId}?format=Entity`, token, true),
    )
    expect(session.JobType).toBe('NasBackup')
    expect(links(session).map((l) => l.Rel)).toEqual(['Up', 'Up', 'Alternate', 'Down', 'Stop'])
    const tasks = parseJson(
      await get(s, `/backupSessions/${s.demo.nasBackupJobSessionId}/taskSessions?format=Entity`, token, true),
    ).BackupTaskSessions as Obj[]
    expect(tasks.map((t) => t.VmDisplayName)).toEqual([
      '\\\\fs01.corp.local\\projects',
      '\\\\fs01.corp.local\\home',
      '\\\\fs02.corp.local\\scans',
      '\\\\nas01.corp.local\\archive',
    ])
    expect(tasks.map((t) => t.Result)).toEqual(['Success', 'Success', 'Warning', 'Success'])
    for (const t of tasks) expect(t.VmUid).toBeNull()
  })
})

describe('backup task sessions', () => {
  it('the same VM has the same VmUid in every backup job', async () => {
    const { s, token } = await setup()
    const vm = s.demo.sharedVmName
    const tasks =
      (
        parseJson(
          await get(
            s,
            `/query?type=BackupTaskSession&format=Entities&pageSize=1000&filter=VmDisplayName=="${vm}"`,
            token,
            true,
          ),
        ).Entities as Record<string, Record<string, Obj[]>>
      ).BackupTaskSessions?.BackupTaskSessions ?? []
    expect(new Set(tasks.map((t) => links(t)[1]?.Name?.split('@')[0])).size).toBe(2)
    expect(new Set(tasks.map((t) => t.VmUid)).size).toBe(1)
  })

  it('the running backup task: InProgress, no EndTimeUTC, Result None; its job session Working', async () => {
    const { s, token } = await setup()
    const xml = (
      await get(s, `/backupTaskSessions/${s.demo.backupRunningTaskSessionId}?format=Entity`, token)
    ).text
    expect(root(xml).children.map((c) => c.name)).not.toContain('EndTimeUTC')
    expect(xml).toContain('<State>InProgress</State>')
    expect(xml).toContain('<Result>None</Result>')
    const job = parseJson(
      await get(s, `/backupSessions/${s.demo.backupRunningJobSessionId}?format=Entity`, token, true),
    )
    expect(job.State).toBe('Working')
    expect(job.Result).toBe('None')
    expect(job.EndTimeUTC).toBeNull()
    expect(job.JobName).toBe('Tier-1 Hourly Backup')
    const tasks = parseJson(
      await get(
        s,
        `/backupSessions/${s.demo.backupRunningJobSessionId}/taskSessions?format=Entity`,
        token,
        true,
      ),
    ).BackupTaskSessions as Obj[]
    expect(tasks.map((t) => t.State)).toEqual(['Completed', 'InProgress', 'Pending', 'Pending', 'Pending'])
  })

  it('collections: references by default, entities with format=Entity, only the last 30 days', async () => {
    const { s, token } = await setup()
    const refs = parseJson(await get(s, '/backupTaskSessions', token, true)).Refs as Obj[]
    expect(refs.length).toBeGreaterThan(1500)
    for (const r of refs.slice(0, 50)) expect(r.Type).toBe('BackupTaskSessionReference')
    const entities = parseJson(await get(s, '/backupTaskSessions?format=Entity', token, true))
      .BackupTaskSessions as Obj[]
    expect(entities).toHaveLength(refs.length)
    for (const t of entities)
      expect(Date.parse(String(t.CreationTimeUTC))).toBeGreaterThanOrEqual(START - 30 * DAY)
    const sessions = parseJson(await get(s, '/backupSessions?format=Entity', token, true))
      .BackupJobSessions as Obj[]
    for (const x of sessions)
      expect(Date.parse(String(x.CreationTimeUTC))).toBeGreaterThanOrEqual(START - 30 * DAY)
  })

  it('a replica ID is not a backup session and vice versa; unknown IDs 404, malformed 400', async () => {
    const { s, token } = await setup()
    for (const path of [
      `/backupTaskSessions/${s.demo.completedTaskSessionId}`,
      `/replicaTaskSessions/${s.demo.backupCompletedTaskSessionId}`,
      `/backupSessions/${s.demo.completedJobSessionId}`,
      `/replicaSessions/${s.demo.backupCompletedJobSessionId}/replicaTaskSessions`,
      '/backupSessions/00000000-0000-4000-8000-000000000000/taskSessions',
      '/backupSessions/00000000-0000-4000-8000-000000000000/agentManagementSessions',
      '/backupTaskSessions/00000000-0000-4000-8000-000000000000',
    ]) {
      const r = await get(s, path, token)
      expect(r.status, path).toBe(404)
      expect(at(parseXml(r.text), 'Error', '@StatusCode')).toBe('404')
    }
    expect((await get(s, '/backupTaskSessions/nope', token)).status).toBe(400)
    expect((await get(s, '/backupSessions/123/taskSessions', token)).status).toBe(400)
  })
})

describe('backup jobs', () => {
  it('/jobs/{ID} of a backup job links /jobs/{ID}/backupSessions, which lists its sessions', async () => {
    const { s, token } = await setup()
    const session = parseJson(
      await get(s, `/backupSessions/${s.demo.backupCompletedJobSessionId}?format=Entity`, token, true),
    )
    const jobId = uidId(session.JobUid)
    const job = parseJson(await get(s, `/jobs/${jobId}?format=Entity`, token, true))
    expect(job.JobType).toBe('Backup')
    expect((job.JobInfo as Obj).BackupJobInfo).not.toBeNull()
    expect((job.JobInfo as Obj).ReplicaJobInfo).toBeNull()
    const down = links(job).find((l) => l.Type === 'BackupJobSessionReferenceList')
    expect(down?.Href).toBe(`${s.url}/api/jobs/${jobId}/backupSessions`)
    const list = parseJson(await get(s, `/jobs/${jobId}/backupSessions`, token, true)).Refs as Obj[]
    expect(list.map((r) => uidId(r.UID))).toContain(s.demo.backupCompletedJobSessionId)
    expect(list.length).toBeGreaterThanOrEqual(29)
    const replicaList = parseJson(await get(s, `/jobs/${jobId}/replicaSessions`, token, true)).Refs as Obj[]
    expect(replicaList).toEqual([])
    const copy = arr(at(parseXml((await get(s, '/jobs?format=Entity', token)).text), 'Jobs', 'Job')).find(
      (j) => j.JobType === 'BackupCopy',
    )
    expect(at(copy, 'JobInfo', 'BackupCopyJobInfo')).toBeDefined()
  })
})

describe('benchmark sessions', () => {
  it('a replica job session with 5,000 tasks lists them all, in both formats', async () => {
    const clock = manualClock()
    const s = await sim({ now: clock.now, extraJobSessions: [5000] })
    const token = await logon(s)
    const id = s.demo.extraJobSessionIds[0]
    const refs = parseJson(await get(s, `/replicaSessions/${id}/replicaTaskSessions`, token, true))
      .Refs as Obj[]
    expect(refs).toHaveLength(5000)
    const xml = await get(s, `/replicaSessions/${id}/replicaTaskSessions?format=Entity`, token)
    expect(xml.status).toBe(200)
    expect(root(xml.text).children).toHaveLength(5000)
    const session = parseJson(await get(s, `/replicaSessions/${id}?format=Entity`, token, true))
    expect(session.State).toBe('Stopped')
  })
})
