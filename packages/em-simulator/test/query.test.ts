import { describe, expect, it } from 'vitest'
import { arr, at, get, logon, manualClock, type Obj, parseJson, parseXml, sim } from './helpers.ts'

async function setup() {
  const clock = manualClock()
  const s = await sim({ now: clock.now })
  return { s, token: await logon(s) }
}

type Page = { items: Obj[]; paging: { PageNum: number; PageSize: number; PagesCount: number; Links: Obj[] } }

async function query(
  s: Awaited<ReturnType<typeof sim>>,
  token: string,
  type: 'ReplicaTaskSession' | 'ReplicaJobSession',
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

const all = (
  s: Awaited<ReturnType<typeof sim>>,
  token: string,
  type: 'ReplicaTaskSession' | 'ReplicaJobSession',
  params: Record<string, string> = {},
) => query(s, token, type, { pageSize: '100000', ...params }).then((p) => p.items)

describe('GET /api/query', () => {
  it('filters task sessions with each operator on enums (by index), sizes and dates', async () => {
    const { s, token } = await setup()
    const every = await all(s, token, 'ReplicaTaskSession')
    expect(every.length).toBeGreaterThan(500)
    const count = (pred: (t: Obj) => boolean) => every.filter(pred).length
    const rank = { Success: 0, Warning: 1, Failed: 2, None: -1 } as Record<string, number>
    const r = (t: Obj) => rank[String(t.Result)] ?? -9
    expect(await all(s, token, 'ReplicaTaskSession', { filter: 'Result==Failed' })).toHaveLength(
      count((t) => r(t) === 2),
    )
    expect(await all(s, token, 'ReplicaTaskSession', { filter: 'Result!=Success' })).toHaveLength(
      count((t) => r(t) !== 0),
    )
    expect(await all(s, token, 'ReplicaTaskSession', { filter: 'Result>Success' })).toHaveLength(
      count((t) => r(t) > 0),
    )
    expect(await all(s, token, 'ReplicaTaskSession', { filter: 'Result>=Warning' })).toHaveLength(
      count((t) => r(t) >= 1),
    )
    expect(await all(s, token, 'ReplicaTaskSession', { filter: 'Result<Warning' })).toHaveLength(
      count((t) => r(t) < 1),
    )
    expect(await all(s, token, 'ReplicaTaskSession', { filter: 'Result<=Warning' })).toHaveLength(
      count((t) => r(t) <= 1),
    )
    const big = 1024 ** 4
    const large = await all(s, token, 'ReplicaTaskSession', { filter: `TotalSize>=${big}` })
    expect(large.length).toBe(count((t) => Number(t.TotalSize) >= big))
    expect(large.length).toBeGreaterThan(0)
    const since = '2025-06-16T00:00:00Z'
    const recent = await all(s, token, 'ReplicaTaskSession', { filter: `CreationTime>="${since}"` })
    expect(recent.length).toBe(count((t) => Date.parse(String(t.CreationTimeUTC)) >= Date.parse(since)))
    const dateOnly = await all(s, token, 'ReplicaTaskSession', { filter: 'creationtime>=2025-06-16' })
    expect(dateOnly).toHaveLength(recent.length)
  })

  it('AND, OR and parentheses, case-insensitive fields and enum values', async () => {
    const { s, token } = await setup()
    const mixed = await all(s, token, 'ReplicaTaskSession', {
      filter: '(result==FAILED,RESULT==warning);JobName=="SQL Replication"',
    })
    expect(mixed.length).toBeGreaterThan(0)
    for (const t of mixed) expect(['Failed', 'Warning']).toContain(t.Result)
    const sqlFailedOrWarning = (
      await all(s, token, 'ReplicaTaskSession', { filter: 'JobName=="SQL Replication"' })
    ).filter((t) => t.Result === 'Failed' || t.Result === 'Warning')
    expect(mixed).toHaveLength(sqlFailedOrWarning.length)
  })

  it('UID filters take the bare GUID or the full URN', async () => {
    const { s, token } = await setup()
    const jobSessionId = s.demo.completedJobSessionId
    const bare = await all(s, token, 'ReplicaTaskSession', { filter: `JobSessionUid==${jobSessionId}` })
    const urn = await all(s, token, 'ReplicaTaskSession', {
      filter: `JobSessionUid==urn:veeam:ReplicaJobSession:${jobSessionId}`,
    })
    expect(bare.length).toBeGreaterThan(0)
    expect(urn.map((t) => t.UID)).toEqual(bare.map((t) => t.UID))
    const one = await all(s, token, 'ReplicaTaskSession', { filter: `UID==${s.demo.completedTaskSessionId}` })
    expect(one.map((t) => t.UID)).toEqual([`urn:veeam:ReplicaTaskSession:${s.demo.completedTaskSessionId}`])
  })

  it('job sessions: IsRetry, State, BackupServerName', async () => {
    const { s, token } = await setup()
    const retries = await all(s, token, 'ReplicaJobSession', { filter: 'IsRetry==true' })
    expect(retries.length).toBeGreaterThan(0)
    expect(retries.map((x) => x.UID)).toContain(`urn:veeam:ReplicaJobSession:${s.demo.retryJobSessionId}`)
    for (const x of retries) expect(x.IsRetry).toBe(true)
    const running = await all(s, token, 'ReplicaJobSession', { filter: 'State!=Stopped' })
    expect(running.map((x) => x.UID)).toContain(`urn:veeam:ReplicaJobSession:${s.demo.runningJobSessionId}`)
    const onVbr02 = await all(s, token, 'ReplicaJobSession', {
      filter: 'BackupServerName=="vbr02.corp.local"',
    })
    expect(onVbr02.length).toBeGreaterThan(0)
    for (const x of onVbr02) expect((x.Links as Obj[])[0]?.Name).toBe('vbr02.corp.local')
  })

  it('sortAsc / sortDesc (field name case-insensitive)', async () => {
    const { s, token } = await setup()
    const asc = await all(s, token, 'ReplicaTaskSession', { sortAsc: 'creationtime' })
    const times = asc.map((t) => Date.parse(String(t.CreationTimeUTC)))
    expect(times).toEqual([...times].sort((a, b) => a - b))
    const desc = await all(s, token, 'ReplicaTaskSession', { sortDesc: 'TOTALSIZE' })
    const sizes = desc.map((t) => Number(t.TotalSize))
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a))
    const byName = await all(s, token, 'ReplicaJobSession', { sortAsc: 'Name' })
    const ns = byName.map((x) => String(x.Name).toLowerCase())
    expect(ns).toEqual([...ns].sort())
  })

  it('pages with PagingInfo and First/Previous/Next/Last links regenerated by the server', async () => {
    const { s, token } = await setup()
    const total = (await all(s, token, 'ReplicaJobSession')).length
    const size = 7
    const pages = Math.ceil(total / size)
    const first = await query(s, token, 'ReplicaJobSession', {
      pageSize: String(size),
      sortAsc: 'CreationTime',
    })
    expect(first.paging.PageNum).toBe(1)
    expect(first.paging.PageSize).toBe(size)
    expect(first.paging.PagesCount).toBe(pages)
    expect(first.items).toHaveLength(size)
    expect(first.paging.Links.map((l) => l.Rel)).toEqual(['First', 'Next', 'Last'])

    // Follow Next links to the end: every session exactly once.
    const seen: unknown[] = []
    let page: Page = first
    for (;;) {
      seen.push(...page.items.map((x) => x.UID))
      const next = page.paging.Links.find((l) => l.Rel === 'Next')
      if (!next) break
      const href = String(next.Href)
      expect(href.startsWith(`${s.url}/api/query?`)).toBe(true)
      const r = await get(s, href.slice(`${s.url}/api`.length), token, true)
      const body = parseJson(r)
      const list =
        (body.Entities as Record<string, Record<string, Obj[]>>).ReplicaJobSessions?.ReplicaJobSessions ?? []
      page = { items: list, paging: body.PagingInfo as Page['paging'] }
      if (page.paging.PageNum > 1 && page.paging.PageNum < pages) {
        expect(page.paging.Links.map((l) => l.Rel)).toEqual(['First', 'Previous', 'Next', 'Last'])
      }
    }
    expect(page.paging.PageNum).toBe(pages)
    expect(page.paging.Links.map((l) => l.Rel)).toEqual(['First', 'Previous', 'Last'])
    expect(page.items.length).toBe(total - (pages - 1) * size)
    expect(new Set(seen).size).toBe(total)
    expect(seen).toHaveLength(total)
    const last = String(page.paging.Links.find((l) => l.Rel === 'Last')?.Href)
    expect(last).toContain(`pageSize=${size}`)
    expect(last).toContain(`page=${pages}`)
    expect(last).toContain('sortAsc=CreationTime')
  })

  it('without pageSize: pages of 100, and the links carry pageSize=100 (DECISIONS)', async () => {
    const { s, token } = await setup()
    const r = parseXml((await get(s, '/query?type=ReplicaTaskSession', token)).text)
    const paging = at(r, 'QueryResult', 'PagingInfo') as Obj
    expect(paging['@PageSize']).toBe('100')
    expect(paging['@PageNum']).toBe('1')
    expect(Number(paging['@PagesCount'])).toBeGreaterThan(1)
    expect(arr(at(r, 'QueryResult', 'Refs', 'Ref'))).toHaveLength(100)
    for (const l of arr(at(paging, 'Links', 'Link'))) expect(String(l['@Href'])).toContain('pageSize=100')
  })

  it('a page past the end is empty', async () => {
    const { s, token } = await setup()
    const p = await query(s, token, 'ReplicaJobSession', { pageSize: '50', page: '999' })
    expect(p.items).toEqual([])
    expect(p.paging.PageNum).toBe(999)
  })

  it('references by default, type value case-insensitive', async () => {
    const { s, token } = await setup()
    const r = parseJson(await get(s, '/query?type=replicatasksession&pageSize=5', token, true))
    expect(r.Entities).toBeNull()
    const refs = (r.Refs as { Refs: Obj[] }).Refs
    expect(refs).toHaveLength(5)
    for (const ref of refs) expect(ref.Type).toBe('ReplicaTaskSessionReference')
  })

  it.each([
    ['a filter that does not parse', 'type=ReplicaTaskSession&filter=Result%3DFailed'],
    ['an unknown filter field', 'type=ReplicaTaskSession&filter=Colour%3D%3Dred'],
    ['an unknown enum value', 'type=ReplicaTaskSession&filter=State%3D%3DDone'],
    ['pageSize=0', 'type=ReplicaTaskSession&pageSize=0'],
    ['a negative pageSize', 'type=ReplicaTaskSession&pageSize=-5'],
    ['a non-numeric pageSize', 'type=ReplicaTaskSession&pageSize=ten'],
    ['page=0', 'type=ReplicaTaskSession&page=0'],
    ['an unknown sort field', 'type=ReplicaTaskSession&sortAsc=Colour'],
    ['an unknown format', 'type=ReplicaTaskSession&format=Everything'],
    ['no type', 'format=Entities'],
    ['an unsupported type', 'type=Nonsense'],
  ])('400 with an Error body for %s', async (_label, qs) => {
    const { s, token } = await setup()
    const r = await get(s, `/query?${qs}`, token, true)
    expect(r.status).toBe(400)
    expect(parseJson(r).StatusCode).toBe(400)
    const xml = await get(s, `/query?${qs}`, token)
    expect(at(parseXml(xml.text), 'Error', '@StatusCode')).toBe('400')
  })
})
