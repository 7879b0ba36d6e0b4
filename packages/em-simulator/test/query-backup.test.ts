/** The query service on backup sessions (get_query_backuptasksession.md, get_query_backupjobsession.md). */
import { describe, expect, it } from 'vitest'
import { at, get, logon, manualClock, type Obj, parseJson, parseXml, sim } from './helpers.ts'

type Sim = Awaited<ReturnType<typeof sim>>
type Page = { items: Obj[]; paging: { PageNum: number; PageSize: number; PagesCount: number; Links: Obj[] } }

async function setup() {
  const clock = manualClock()
  const s = await sim({ now: clock.now })
  return { s, token: await logon(s) }
}

async function query(
  s: Sim,
  token: string,
  type: 'BackupTaskSession' | 'BackupJobSession',
  params: Record<string, string>,
): Promise<Page> {
  const qs = new URLSearchParams({ type, format: 'Entities', ...params })
  const r = await get(s, `/query?${qs}`, token, true)
  expect(r.status, r.text).toBe(200)
  const body = parseJson(r)
  const list = `${type}s`
  const entities = body.Entities as Record<string, Record<string, Obj[]>>
  return { items: entities[list]?.[list] ?? [], paging: body.PagingInfo as Page['paging'] }
}

const all = (s: Sim, token: string, type: 'BackupTaskSession' | 'BackupJobSession', params = {}) =>
  query(s, token, type, { pageSize: '100000', ...params }).then((p) => p.items)
const idOf = (uid: unknown) => String(uid).split(':').pop() ?? ''
const START = Date.UTC(2025, 5, 17, 20, 0, 0, 0)

describe('GET /api/query?type=BackupTaskSession', () => {
  it('VM history: VmDisplayName, newest first', async () => {
    const { s, token } = await setup()
    const vm = s.demo.sharedVmName
    const items = await all(s, token, 'BackupTaskSession', {
      filter: `VmDisplayName=="${vm}"`,
      sortDesc: 'CreationTime',
    })
    expect(items.length).toBeGreaterThan(60)
    for (const t of items) expect(t.VmDisplayName).toBe(vm)
    const times = items.map((t) => Date.parse(String(t.CreationTimeUTC)))
    expect(times).toEqual([...times].sort((a, b) => b - a))
    const asc = await all(s, token, 'BackupTaskSession', {
      filter: `VmDisplayName==${vm}`,
      sortAsc: 'CreationTime',
    })
    expect(asc.map((t) => t.UID)).toEqual([...items].reverse().map((t) => t.UID))
  })

  it('what failed since a date: Result==Failed;CreationTime>=…', async () => {
    const { s, token } = await setup()
    const every = await all(s, token, 'BackupTaskSession')
    const since = new Date(START - 86_400_000).toISOString()
    const failed = await all(s, token, 'BackupTaskSession', {
      filter: `Result==Failed;CreationTime>="${since}"`,
      sortDesc: 'CreationTime',
    })
    const expected = every.filter(
      (t) => t.Result === 'Failed' && Date.parse(String(t.CreationTimeUTC)) >= Date.parse(since),
    )
    expect(failed.map((t) => t.UID).sort()).toEqual(expected.map((t) => t.UID).sort())
    expect(failed.map((t) => idOf(t.UID))).toContain(s.demo.backupFailedTaskSessionId)
    // Enums compare by index: Success < Warning < Failed; != works.
    const count = (pred: (t: Obj) => boolean) => every.filter(pred).length
    expect(await all(s, token, 'BackupTaskSession', { filter: 'Result>=Warning' })).toHaveLength(
      count((t) => t.Result === 'Warning' || t.Result === 'Failed'),
    )
    expect(await all(s, token, 'BackupTaskSession', { filter: 'Result<Failed' })).toHaveLength(
      count((t) => t.Result !== 'Failed'),
    )
    expect(await all(s, token, 'BackupTaskSession', { filter: 'Result!=Success' })).toHaveLength(
      count((t) => t.Result !== 'Success'),
    )
    expect(await all(s, token, 'BackupTaskSession', { filter: 'State!=Completed' })).toHaveLength(
      count((t) => t.State !== 'Completed'),
    )
    expect(await all(s, token, 'BackupTaskSession', { filter: 'TotalSize==0' })).toHaveLength(
      count((t) => t.TotalSize === 0),
    )
  })

  it('JobUid, JobSessionUid, BackupServerUid and UID take the bare GUID or the URN, quoted or not', async () => {
    const { s, token } = await setup()
    const task = parseJson(
      await get(s, `/backupTaskSessions/${s.demo.backupFailedTaskSessionId}?format=Entity`, token, true),
    )
    const session = parseJson(
      await get(s, `/backupSessions/${idOf(task.JobSessionUid)}?format=Entity`, token, true),
    )
    const jobUid = String(session.JobUid)
    const forms = [
      `JobUid==${idOf(jobUid)}`,
      `JobUid==${jobUid}`,
      `JobUid=="${jobUid}"`,
      `JobUid=="${idOf(jobUid)}"`,
    ]
    const results = await Promise.all(forms.map((filter) => all(s, token, 'BackupTaskSession', { filter })))
    expect(results[0]?.length).toBeGreaterThan(100)
    for (const r of results) expect(r.map((t) => t.UID)).toEqual(results[0]?.map((t) => t.UID))
    for (const t of results[0] ?? [])
      expect(String((t.Links as Obj[])[1]?.Name)).toMatch(/^SQL Server Backup@/)

    const ofSession = await all(s, token, 'BackupTaskSession', {
      filter: `JobSessionUid=="${task.JobSessionUid}"`,
    })
    expect(ofSession).toHaveLength(6)
    const one = await all(s, token, 'BackupTaskSession', {
      filter: `UID==${s.demo.backupFailedTaskSessionId}`,
    })
    expect(one.map((t) => idOf(t.UID))).toEqual([s.demo.backupFailedTaskSessionId])

    const server = s.demo.backupServerIds[1] ?? ''
    const onServer = await all(s, token, 'BackupTaskSession', {
      filter: `BackupServerUid=="urn:veeam:BackupServer:${server}"`,
    })
    expect(onServer.length).toBeGreaterThan(0)
    for (const t of onServer) expect(String((t.Links as Obj[])[0]?.Href)).toContain(server)
    const byName = await all(s, token, 'BackupTaskSession', {
      filter: 'BackupServerName=="vbr02.corp.local"',
    })
    expect(byName.map((t) => t.UID)).toEqual(onServer.map((t) => t.UID))
  })

  it('pages: PagingInfo with Next/Last links that lead through every item once', async () => {
    const { s, token } = await setup()
    const filter = 'Result>=Warning'
    const total = (await all(s, token, 'BackupTaskSession', { filter })).length
    const size = 25
    let page = await query(s, token, 'BackupTaskSession', {
      filter,
      sortDesc: 'CreationTime',
      pageSize: String(size),
    })
    const pages = Math.ceil(total / size)
    expect(page.paging.PagesCount).toBe(pages)
    expect(page.paging.Links.map((l) => l.Rel)).toEqual(['First', 'Next', 'Last'])
    const last = String(page.paging.Links.find((l) => l.Rel === 'Last')?.Href)
    expect(last).toContain(`page=${pages}`)
    const seen: unknown[] = []
    for (;;) {
      seen.push(...page.items.map((t) => t.UID))
      const next = page.paging.Links.find((l) => l.Rel === 'Next')
      if (!next) break
      const r = await get(s, String(next.Href).slice(`${s.url}/api`.length), token, true)
      const body = parseJson(r)
      page = {
        items:
          (body.Entities as Record<string, Record<string, Obj[]>>).BackupTaskSessions?.BackupTaskSessions ??
          [],
        paging: body.PagingInfo as Page['paging'],
      }
    }
    expect(page.paging.PageNum).toBe(pages)
    expect(new Set(seen).size).toBe(total)
  })

  it('references by default', async () => {
    const { s, token } = await setup()
    const r = parseXml((await get(s, '/query?type=BackupTaskSession&pageSize=3', token)).text)
    const refs = at(r, 'QueryResult', 'Refs', 'Ref') as Obj[]
    expect(refs).toHaveLength(3)
    for (const ref of refs) expect(ref['@Type']).toBe('BackupTaskSessionReference')
  })
})

describe('GET /api/query?type=BackupJobSession', () => {
  it('a job run history: JobUid (URN, quoted), newest first; IsRetry; JobType; State', async () => {
    const { s, token } = await setup()
    const session = parseJson(
      await get(s, `/backupSessions/${s.demo.backupCompletedJobSessionId}?format=Entity`, token, true),
    )
    const runs = await all(s, token, 'BackupJobSession', {
      filter: `JobUid=="${session.JobUid}"`,
      sortDesc: 'CreationTime',
    })
    expect(runs.length).toBeGreaterThanOrEqual(30)
    for (const x of runs) expect(x.JobName).toBe('Web and App Servers Backup')
    const times = runs.map((x) => Date.parse(String(x.CreationTimeUTC)))
    expect(times).toEqual([...times].sort((a, b) => b - a))
    // Previous run before a given time (SESSIONS_QUERIES_ROLES §2.3).
    const previous = await query(s, token, 'BackupJobSession', {
      filter: `JobUid=="${session.JobUid}";CreationTime<"${session.CreationTimeUTC}";IsRetry==false`,
      sortDesc: 'CreationTime',
      pageSize: '1',
    })
    expect(previous.items).toHaveLength(1)
    expect(Date.parse(String(previous.items[0]?.CreationTimeUTC))).toBeLessThan(
      Date.parse(String(session.CreationTimeUTC)),
    )

    const retries = await all(s, token, 'BackupJobSession', { filter: 'IsRetry==true' })
    expect(retries.map((x) => idOf(x.UID))).toContain(s.demo.retryFixedJobSessionId)
    for (const x of retries) expect(x.IsRetry).toBe(true)
    const agents = await all(s, token, 'BackupJobSession', {
      filter: 'JobType==AgentBackup,JobType==AgentManagement',
    })
    expect(new Set(agents.map((x) => x.JobType))).toEqual(new Set(['AgentBackup', 'AgentManagement']))
    const nas = await all(s, token, 'BackupJobSession', { filter: 'jobtype==nasbackup' })
    expect(nas.map((x) => idOf(x.UID))).toContain(s.demo.nasBackupJobSessionId)
    const running = await all(s, token, 'BackupJobSession', { filter: 'State!=Stopped' })
    expect(running.map((x) => idOf(x.UID))).toContain(s.demo.backupRunningJobSessionId)
    for (const x of running) expect(x.Result).toBe('None')
  })

  it('400 for an undocumented JobType value or field', async () => {
    const { s, token } = await setup()
    for (const filter of ['JobType==Replica', 'VmDisplayName==x', 'Result==Done']) {
      const r = await get(s, `/query?type=BackupJobSession&filter=${encodeURIComponent(filter)}`, token, true)
      expect(r.status, filter).toBe(400)
    }
  })
})
