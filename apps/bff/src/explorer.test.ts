import { describe, expect, it } from 'vitest'
import { EmClient } from './em/client.ts'
import { BffError } from './em/errors.ts'
import type { EmCaller, EmConnection } from './em/session.ts'
import type { EmResponse } from './em/transport.ts'
import { Explorer, quote } from './explorer.ts'
import { Lookups } from './lookups.ts'
import { Reads } from './reads.ts'

// EM's query grammar (query_service.md, filter.md, query_comparison.md, query_and_or.md, query_grouping.md,
// optional_query_parameters.md) and the documented filter fields of each type (get_query_*.md).
const TASK_FIELDS = [
  'UID',
  'Name',
  'CreationTime',
  'EndTime',
  'State',
  'Result',
  'Reason',
  'TotalSize',
  'JobSessionUid',
  'JobUid',
  'JobName',
  'BackupServerUid',
  'BackupServerName',
  'VmDisplayName',
]
const JOB_FIELDS = [
  'UID',
  'Name',
  'JobType',
  'JobUid',
  'JobName',
  'CreationTime',
  'EndTime',
  'State',
  'Result',
  'IsRetry',
  'BackupServerUid',
  'BackupServerName',
]
const FIELDS: Record<string, string[]> = {
  ReplicaTaskSession: TASK_FIELDS,
  BackupTaskSession: TASK_FIELDS,
  ReplicaJobSession: JOB_FIELDS,
  BackupJobSession: JOB_FIELDS,
}

/**
 * Parses a filter by EM's grammar: expr := term ((';' | ',') term)*, term := '(' expr ')' | field op value,
 * op := == != < > <= >=, value := "quoted with "" doubled" | bare word without separators. Returns the fields.
 */
function parseFilter(filter: string): string[] {
  let i = 0
  const fields: string[] = []
  const fail = (what: string): never => {
    throw new Error(`${what} at ${i} in ${filter}`)
  }
  const term = (): void => {
    if (filter[i] === '(') {
      i++
      expr()
      if (filter[i] !== ')') fail('missing )')
      i++
      return
    }
    const field = /^[A-Za-z]+/.exec(filter.slice(i))?.[0] ?? fail('field expected')
    fields.push(field)
    i += field.length
    const op = /^(==|!=|<=|>=|<|>)/.exec(filter.slice(i))?.[0] ?? fail('operator expected')
    i += op.length
    if (filter[i] === '"') {
      i++
      for (;;) {
        if (i >= filter.length) fail('unterminated quote')
        if (filter[i] === '"' && filter[i + 1] === '"') i += 2
        else if (filter[i] === '"') break
        else i++
      }
      i++
    } else {
      const word = /^[^;,()"]+/.exec(filter.slice(i))?.[0] ?? fail('value expected')
      i += word.length
    }
  }
  const expr = (): void => {
    term()
    while (filter[i] === ';' || filter[i] === ',') {
      i++
      term()
    }
  }
  expr()
  if (i !== filter.length) fail('trailing text')
  return fields
}

/** A caller whose EM answers every GET with `get`. */
const testCaller = (get: EmCaller['get']): EmCaller => ({ scope: 'test', who: 'the test account', get })

/** The explorer over a fresh cache, reading EM (at `origin`) through a caller's `get`. */
function explorerFor(origin = 'https://em'): Explorer {
  const connection = { accept: 'application/xml', transport: { origin } } as EmConnection
  return new Explorer(new Reads(new EmClient(connection), new Lookups()))
}

const GUID = '24590151-20cd-4e57-8a2f-8b65869a1879'
const JOB_GUID = '0bcf5a1e-866c-4b40-8bc3-ce64753b9a6b'

/** A fake EM: a failed replica task session of a VM whose name needs quoting, its job session, empty queries. */
function fakeEm(
  vmName: string,
  queryAnswer = '<QueryResult><Entities/><PagingInfo PagesCount="1"/></QueryResult>',
) {
  const paths: string[] = []
  const xml = (body: string): EmResponse => ({
    status: 200,
    headers: { 'content-type': 'application/xml' },
    body: Buffer.from(body),
  })
  const caller = testCaller(async (path) => {
    paths.push(path)
    if (path.startsWith('/api/query?')) return xml(queryAnswer)
    if (path.startsWith('/api/replicaTaskSessions/')) {
      return xml(
        `<ReplicaTaskSession UID="urn:veeam:ReplicaTaskSession:${GUID}" Name="x" VmDisplayName="${vmName.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;')}"><JobSessionUid>urn:veeam:ReplicaJobSession:${JOB_GUID}</JobSessionUid><CreationTimeUTC>2026-11-30T21:00:00.123Z</CreationTimeUTC><EndTimeUTC>2026-11-30T21:10:00Z</EndTimeUTC><State>Completed</State><Result>Failed</Result><Reason>boom</Reason></ReplicaTaskSession>`,
      )
    }
    return xml(
      `<ReplicaJobSession UID="urn:veeam:ReplicaJobSession:${JOB_GUID}" Name="Job@x"><JobUid>urn:veeam:Job:${JOB_GUID}</JobUid><JobName>Job</JobName><JobType>Replica</JobType><CreationTimeUTC>2026-11-30T20:59:00Z</CreationTimeUTC><EndTimeUTC>2026-11-30T21:20:00Z</EndTimeUTC><State>Stopped</State><Result>Failed</Result><Progress>100</Progress><IsRetry>false</IsRetry></ReplicaJobSession>`,
    )
  })
  return { caller, explorer: explorerFor('https://em:9398'), paths }
}

describe('the queries the explorer sends to EM', () => {
  it('follow EM grammar: documented types, fields and parameters, bounded pages, values quoted', async () => {
    const vm = 'lab "sandbox" <01>, R&D;(x)'
    const { caller, explorer, paths } = fakeEm(vm)
    const trace = { emCalls: 0 }
    await explorer.attention(caller, 1, trace)
    await explorer.attention(caller, 7, trace)
    await explorer.machineHistory(caller, 'replicaTaskSession', GUID, trace)
    await explorer.jobRuns(caller, 'replicaJobSession', JOB_GUID, trace)
    await explorer.serverSessions(caller, GUID, 7, trace)
    const queries = paths.filter((p) => p.startsWith('/api/query?'))
    expect(queries.length).toBeGreaterThanOrEqual(10)
    for (const path of queries) {
      const params = new URL(path, 'https://em').searchParams
      const type = params.get('type') ?? ''
      expect(Object.keys(FIELDS), path).toContain(type)
      expect(params.get('format')).toBe('Entities')
      const sort = params.get('sortDesc') ?? params.get('sortAsc')
      expect(sort).toBe('CreationTime')
      const pageSize = Number(params.get('pageSize'))
      expect(pageSize).toBeGreaterThan(0)
      expect(pageSize).toBeLessThanOrEqual(100)
      expect(Number(params.get('page'))).toBeGreaterThanOrEqual(1)
      const filter = params.get('filter') ?? ''
      const fields = parseFilter(filter)
      for (const field of fields) expect(FIELDS[type], `${field} in ${filter}`).toContain(field)
      // Only the parameters EM documents.
      expect([...params.keys()].sort()).toEqual(
        [
          'filter',
          'format',
          'page',
          'pageSize',
          params.has('sortDesc') ? 'sortDesc' : 'sortAsc',
          'type',
        ].sort(),
      )
    }
    // The VM's name went out whole, quoted, with its quotes doubled.
    const history = queries.map((p) => new URL(p, 'https://em').searchParams.get('filter') ?? '')
    expect(history).toContain(`VmDisplayName==${quote(vm)}`)
    expect(quote(vm)).toBe('"lab ""sandbox"" <01>, R&D;(x)"')
  })

  it("a machine's history asks for its name exactly as EM wrote it, spaces included", async () => {
    const { caller, explorer, paths } = fakeEm(' web01 ')
    const history = await explorer.machineHistory(caller, 'replicaTaskSession', GUID, { emCalls: 0 })
    expect(history.vmDisplayName).toBe(' web01 ')
    const filters = paths.map((p) => new URL(p, 'https://em').searchParams.get('filter'))
    // Trimmed, it would ask for another machine's runs (EM's == is exact).
    expect(filters).toContain('VmDisplayName==" web01 "')
    expect(filters).not.toContain('VmDisplayName=="web01"')
  })

  it("a job's runs: the neighbours of a run among the newest come from that list, others are asked for", async () => {
    const run = (id: string, at: string) =>
      `<ReplicaJobSession UID="urn:veeam:ReplicaJobSession:${id}" Name="Job@${at}"><JobUid>urn:veeam:Job:${JOB_GUID}</JobUid><CreationTimeUTC>${at}</CreationTimeUTC><State>Stopped</State><Result>Success</Result></ReplicaJobSession>`
    const after = '11111111-1111-4111-8111-111111111111'
    const before = '22222222-2222-4222-8222-222222222222'
    const runs = (...items: string[]) =>
      `<QueryResult><Entities><ReplicaJobSessions>${items.join('')}</ReplicaJobSessions></Entities><PagingInfo PagesCount="1"/></QueryResult>`
    const newest = runs(
      run(after, '2026-11-30T22:00:00Z'),
      run(JOB_GUID, '2026-11-30T20:59:00Z'),
      run(before, '2026-11-30T19:00:00Z'),
    )
    const queries = (paths: string[]) => paths.filter((p) => p.startsWith('/api/query?'))

    const inList = fakeEm('web01', newest)
    const answer = await inList.explorer.jobRuns(inList.caller, 'replicaJobSession', JOB_GUID, { emCalls: 0 })
    expect([answer.previous?.id, answer.next?.id]).toEqual([before, after])
    expect(queries(inList.paths)).toHaveLength(1)

    // An older run, not among the newest: EM is asked for the run before it and the run after it.
    const older = fakeEm('web01', runs(run(after, '2026-11-30T22:00:00Z')))
    await older.explorer.jobRuns(older.caller, 'replicaJobSession', JOB_GUID, { emCalls: 0 })
    const filters = queries(older.paths).map((p) => new URL(p, 'https://em').searchParams.get('filter'))
    expect(filters).toEqual([
      `JobUid=="urn:veeam:Job:${JOB_GUID}"`,
      `JobUid=="urn:veeam:Job:${JOB_GUID}";CreationTime<"2026-11-30T20:59:00.000Z"`,
      `JobUid=="urn:veeam:Job:${JOB_GUID}";CreationTime>"2026-11-30T20:59:00.000Z"`,
    ])
  })

  it('a failed run looks for the retries of its job after it', async () => {
    const { caller, explorer, paths } = fakeEm('web01')
    await explorer.machineHistory(caller, 'replicaTaskSession', GUID, { emCalls: 0 })
    const filters = paths
      .filter((p) => p.startsWith('/api/query?'))
      .map((p) => new URL(p, 'https://em').searchParams.get('filter'))
    expect(filters).toContain(`JobUid=="urn:veeam:Job:${JOB_GUID}";CreationTime>"2026-11-30T20:59:00.000Z"`)
  })
})

describe('what needs attention', () => {
  /** A replica task session in a query answer: machine, its job (by its job session's link name), time, result. */
  const SERVER_A = 'aaaaaaaa-1111-4111-8111-111111111111'
  const SERVER_B = 'bbbbbbbb-1111-4111-8111-111111111111'
  const taskEntity = (id: string, vm: string, job: string, at: string, result: string, server = SERVER_A) =>
    `<ReplicaTaskSession UID="urn:veeam:ReplicaTaskSession:${id}" Name="${vm}@${at}" VmDisplayName="${vm}"><Links><Link Rel="Up" Type="BackupServerReference" Href="https://em:9398/api/backupServers/${server}" Name="vbr" /><Link Rel="Up" Type="ReplicaJobSessionReference" Href="https://em:9398/api/replicaSessions/${JOB_GUID}" Name="${job}@${at}" /></Links><CreationTimeUTC>${at}</CreationTimeUTC><EndTimeUTC>${at}</EndTimeUTC><State>Completed</State><Result>${result}</Result></ReplicaTaskSession>`
  const page = (items: string[]) =>
    `<QueryResult><Entities><ReplicaTaskSessions>${items.join('')}</ReplicaTaskSessions></Entities><PagingInfo PagesCount="1"/></QueryResult>`
  const ids = Array.from({ length: 8 }, (_, i) => `${i}1111111-1111-4111-8111-111111111111`)

  it('marks a failure whose machine has since succeeded in the same job, asking EM once per kind', async () => {
    const now = Date.now()
    const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString()
    const failures = [
      taskEntity(ids[0] ?? '', 'db01', 'SQL', at(-60), 'Failed'), // its retry succeeded
      taskEntity(ids[1] ?? '', 'db02', 'SQL', at(-60), 'Failed'), // only another job succeeded
      taskEntity(ids[2] ?? '', 'db03', 'SQL', at(-60), 'Warning'), // succeeded only before
      taskEntity(ids[6] ?? '', 'db04', 'SQL', at(-60), 'Failed'), // a same-named job on another server succeeded
    ]
    const successes = [
      taskEntity(ids[3] ?? '', 'db01', 'SQL', at(-30), 'Success'),
      taskEntity(ids[4] ?? '', 'db02', 'Copy', at(-30), 'Success'),
      taskEntity(ids[5] ?? '', 'db03', 'SQL', at(-90), 'Success'),
      taskEntity(ids[7] ?? '', 'db04', 'SQL', at(-30), 'Success', SERVER_B),
    ]
    const filters: string[] = []
    const caller = testCaller(async (path) => {
      const params = new URL(path, 'https://em').searchParams
      const filter = params.get('filter') ?? ''
      filters.push(`${params.get('type')} ${filter}`)
      const replica = params.get('type') === 'ReplicaTaskSession'
      const items = !replica ? [] : filter.includes('Result==Success') ? successes : failures
      return { status: 200, headers: { 'content-type': 'application/xml' }, body: Buffer.from(page(items)) }
    })
    const explorer = explorerFor()
    const attention = await explorer.attention(caller, 1, { emCalls: 0 })

    expect(attention.items.map((t) => t.vmDisplayName)).toEqual(['db01', 'db02', 'db03', 'db04'])
    expect(attention.recovered).toEqual({
      [ids[0] ?? '']: {
        kind: 'replicaTaskSession',
        id: ids[3],
        path: `/replicaTaskSessions/${ids[3]}`,
        creationTime: at(-30),
      },
    })
    // One query per kind (task and job) for the failures; for the successes, one for the kind that failed, in
    // EM's grammar.
    expect(filters).toHaveLength(5)
    const asked = filters.filter((f) => f.includes('Result==Success'))
    expect(asked).toHaveLength(1)
    const [type, filter = ''] = (asked[0] ?? '').split(' ')
    expect(type).toBe('ReplicaTaskSession')
    expect(filter).toMatch(
      /^\(VmDisplayName=="db01",VmDisplayName=="db02",VmDisplayName=="db03",VmDisplayName=="db04"\);Result==Success;CreationTime>="/,
    )
    for (const field of parseFilter(filter)) expect(TASK_FIELDS).toContain(field)
  })

  it('EM failing the check for later successes leaves the failures unmarked, not the panel failed', async () => {
    const at = new Date().toISOString()
    const caller = testCaller(async (path) => {
      const success = decodeURIComponent(path).includes('Result==Success')
      if (success) return { status: 503, headers: {}, body: Buffer.alloc(0) }
      const replica = path.includes('type=ReplicaTaskSession')
      const body = page(replica ? [taskEntity(ids[0] ?? '', 'db01', 'SQL', at, 'Failed')] : [])
      return { status: 200, headers: { 'content-type': 'application/xml' }, body: Buffer.from(body) }
    })
    const explorer = explorerFor()
    const attention = await explorer.attention(caller, 1, { emCalls: 0 })
    expect(attention.items.map((t) => t.id)).toEqual([ids[0]])
    expect(attention).toMatchObject({ recovered: {}, unavailable: [] })
  })

  it('asks about at most as many machines as fit a URL, and nothing when nothing failed', async () => {
    const names = Array.from({ length: 200 }, (_, i) => `a-rather-long-machine-name-${i}.corp.example.com`)
    const failures = names.map((vm, i) =>
      taskEntity(
        `${String(i).padStart(8, '0')}-1111-4111-8111-111111111111`,
        vm,
        'SQL',
        new Date().toISOString(),
        'Failed',
      ),
    )
    const paths: string[] = []
    const caller = testCaller(async (path) => {
      paths.push(path)
      const replica = path.includes('type=ReplicaTaskSession')
      const body = page(replica && !path.includes('Success') ? failures : [])
      return { status: 200, headers: { 'content-type': 'application/xml' }, body: Buffer.from(body) }
    })
    const explorer = explorerFor()
    await explorer.attention(caller, 1, { emCalls: 0 })
    const asked = paths.filter((p) => p.includes('Success'))
    expect(asked).toHaveLength(1)
    for (const path of asked) expect(path.length).toBeLessThan(2000)
  })
})

describe('job runs that need attention', () => {
  const SERVER_A = 'aaaaaaaa-1111-4111-8111-111111111111'
  const SERVER_B = 'bbbbbbbb-1111-4111-8111-111111111111'
  const guid = (n: number) => `${String(n).padStart(8, '0')}-2222-4222-8222-222222222222`
  const now = Date.now()
  const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString()
  /** A job session entity: its kind's element, job, server, type, time and result; `parent`: an agent's. */
  const run = (
    kind: 'Replica' | 'Backup',
    id: string,
    o: { job: string; type: string; minutes: number; result: string; server?: string; parent?: string },
  ) =>
    `<${kind}JobSession UID="urn:veeam:${kind}JobSession:${id}" Name="${o.type} job@${id}"><Links><Link Rel="Up" Type="BackupServerReference" Href="https://em:9398/api/backupServers/${o.server ?? SERVER_A}" Name="vbr" />${o.parent ? `<Link Rel="Up" Type="BackupJobSessionReference" Href="https://em:9398/api/backupSessions/${o.parent}" Name="Parent session" />` : ''}</Links><JobUid>urn:veeam:Job:${o.job}</JobUid><JobName>${o.type} job</JobName><JobType>${o.type}</JobType><CreationTimeUTC>${at(o.minutes)}</CreationTimeUTC><EndTimeUTC>${at(o.minutes + 5)}</EndTimeUTC><State>Stopped</State><Result>${o.result}</Result><Progress>100</Progress><IsRetry>false</IsRetry></${kind}JobSession>`
  const task = (id: string, jobSession: string, kind: 'Replica' | 'Backup' = 'Replica') =>
    `<${kind}TaskSession UID="urn:veeam:${kind}TaskSession:${id}" Name="db01@x" VmDisplayName="db01"><Links><Link Rel="Up" Type="${kind}JobSessionReference" Href="https://em:9398/api/${kind.toLowerCase()}Sessions/${jobSession}" Name="${kind} job@x" /></Links><JobSessionUid>urn:veeam:${kind}JobSession:${jobSession}</JobSessionUid><CreationTimeUTC>${at(-50)}</CreationTimeUTC><State>Completed</State><Result>Failed</Result></${kind}TaskSession>`
  const list = (element: string, items: string[]) =>
    `<QueryResult><Entities><${element}>${items.join('')}</${element}></Entities><PagingInfo PagesCount="1"/></QueryResult>`
  const xml = (body: string): EmResponse => ({
    status: 200,
    headers: { 'content-type': 'application/xml' },
    body: Buffer.from(body),
  })
  const [JOB_R, JOB_AGENT, JOB_B, JOB_C] = [guid(101), guid(102), guid(103), guid(104)]

  it('lists the runs with no machine listed, an agent computer’s with its parent, and marks those their job since ran well', async () => {
    const replicaRuns = [
      run('Replica', guid(1), { job: JOB_R, type: 'Replica', minutes: -60, result: 'Failed' }), // its machine is listed
      run('Replica', guid(2), { job: JOB_R, type: 'Replica', minutes: -40, result: 'Warning' }), // no machine listed
    ]
    const backupRuns = [
      run('Backup', guid(3), { job: JOB_AGENT, type: 'AgentBackup', minutes: -120, result: 'Failed' }),
      run('Backup', guid(4), {
        job: guid(105),
        type: 'AgentManagement',
        minutes: -120,
        result: 'Failed',
        parent: guid(3),
      }),
      run('Backup', guid(5), { job: JOB_B, type: 'Backup', minutes: -90, result: 'Failed' }), // ran well later
      run('Backup', guid(6), { job: JOB_C, type: 'Backup', minutes: -90, result: 'Failed' }), // only on another server
      // An agent backup whose computer's run has its failed machine listed: that run's group is the place.
      run('Backup', guid(12), { job: guid(106), type: 'AgentBackup', minutes: -200, result: 'Failed' }),
      run('Backup', guid(13), {
        job: guid(107),
        type: 'AgentManagement',
        minutes: -200,
        result: 'Failed',
        parent: guid(12),
      }),
    ]
    const successes = [
      run('Backup', guid(7), { job: JOB_B, type: 'Backup', minutes: -100, result: 'Success' }), // before: not it
      run('Backup', guid(8), { job: JOB_B, type: 'Backup', minutes: -30, result: 'Success' }),
      run('Backup', guid(9), {
        job: JOB_C,
        type: 'Backup',
        minutes: -30,
        result: 'Success',
        server: SERVER_B,
      }),
    ]
    const asked: string[] = []
    const caller = testCaller(async (path) => {
      const params = new URL(path, 'https://em').searchParams
      const [type, filter] = [params.get('type') ?? '', params.get('filter') ?? '']
      asked.push(`${type} ${filter}`)
      const success = filter.includes('Result==Success')
      if (type === 'ReplicaTaskSession')
        return xml(list('ReplicaTaskSessions', success ? [] : [task(guid(11), guid(1))]))
      if (type === 'BackupTaskSession')
        return xml(list('BackupTaskSessions', success ? [] : [task(guid(14), guid(13), 'Backup')]))
      if (type === 'ReplicaJobSession') return xml(list('ReplicaJobSessions', success ? [] : replicaRuns))
      return xml(list('BackupJobSessions', success ? successes : backupRuns))
    })
    const attention = await explorerFor().attention(caller, 1, { emCalls: 0 })

    expect(attention.items.map((t) => t.id)).toEqual([guid(11), guid(14)])
    // Newest first; the runs whose machines are listed, an agent backup whose computer's run is, and the agent
    // computer's run whose parent is listed are not runs of their own.
    expect(attention.runs.map((r) => [r.id, r.jobType, r.result])).toEqual([
      [guid(2), 'Replica', 'Warning'],
      [guid(5), 'Backup', 'Failed'],
      [guid(6), 'Backup', 'Failed'],
      [guid(3), 'AgentBackup', 'Failed'],
    ])
    expect(attention.recovered).toEqual({
      [guid(5)]: {
        kind: 'backupJobSession',
        id: guid(8),
        path: `/backupSessions/${guid(8)}`,
        creationTime: at(-30),
      },
    })
    // The runs' successes: one query per job kind with runs, by job, in EM's grammar.
    const runChecks = asked.filter((a) => a.includes('Result==Success') && a.includes('JobSession '))
    expect(runChecks).toHaveLength(2)
    for (const check of runChecks) {
      const [type, filter = ''] = check.split(' ')
      for (const field of parseFilter(filter)) expect(FIELDS[type ?? '']).toContain(field)
    }
    const backupCheck = runChecks.find((c) => c.startsWith('BackupJobSession ')) ?? ''
    expect(backupCheck).toMatch(/^BackupJobSession \(JobUid=="[^;]+"\);Result==Success;CreationTime>="/)
    for (const job of [JOB_AGENT, JOB_B, JOB_C])
      expect(backupCheck).toContain(`JobUid=="urn:veeam:Job:${job}"`)
  })

  it('EM refusing or failing the job runs leaves the machines listed and says what each kind answered', async () => {
    const caller = testCaller(async (path) => {
      const type = new URL(path, 'https://em').searchParams.get('type') ?? ''
      if (type === 'ReplicaJobSession') return { status: 403, headers: {}, body: Buffer.alloc(0) }
      if (type === 'BackupJobSession') return { status: 500, headers: {}, body: Buffer.alloc(0) }
      const items =
        type === 'ReplicaTaskSession' && !path.includes('Success') ? [task(guid(11), guid(1))] : []
      return xml(list(`${type}s`, items))
    })
    const attention = await explorerFor().attention(caller, 1, { emCalls: 0 })
    expect(attention.items.map((t) => t.id)).toEqual([guid(11)])
    expect(attention.runs).toEqual([])
    // Each kind keeps its own answer: a refusal is not a fault to retry, a fault is not a refusal.
    expect(attention.unavailable.map((u) => [u.kind, u.code])).toEqual([
      ['replicaJobSession', 'em_forbidden'],
      ['backupJobSession', 'em_unavailable'],
    ])
  })

  it('a role that may search no session kind hears that of every kind, not of the first alone', async () => {
    const caller = testCaller(async () => ({ status: 403, headers: {}, body: Buffer.alloc(0) }))
    const error = await explorerFor()
      .attention(caller, 1, { emCalls: 0 })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'em_forbidden' })
    expect((error as Error).message).toMatch(
      /does not allow searching replication task sessions, nor backup task sessions\.$/,
    )
  })

  it('an agent backup that owns its computers’ listed tasks is their group: its computers’ runs are not listed again', async () => {
    // The docs' task list of an agent backup is asked of the parent (get_backupsessions_id_tasksessions).
    const runs = [
      run('Backup', guid(21), { job: guid(121), type: 'AgentBackup', minutes: -60, result: 'Failed' }),
      run('Backup', guid(22), {
        job: guid(122),
        type: 'AgentManagement',
        minutes: -59,
        result: 'Failed',
        parent: guid(21),
      }),
    ]
    const caller = testCaller(async (path) => {
      const params = new URL(path, 'https://em').searchParams
      const [type, success] = [params.get('type') ?? '', (params.get('filter') ?? '').includes('Success')]
      if (success) return xml(list(`${type}s`, []))
      if (type === 'BackupTaskSession')
        return xml(list('BackupTaskSessions', [task(guid(23), guid(21), 'Backup')]))
      return xml(list(`${type}s`, type === 'BackupJobSession' ? runs : []))
    })
    const attention = await explorerFor().attention(caller, 1, { emCalls: 0 })
    expect(attention.items.map((t) => t.id)).toEqual([guid(23)])
    expect(attention.runs).toEqual([])
  })

  it('signed out while checking later successes is the answer, even after another kind was refused', async () => {
    const caller = testCaller(async (path) => {
      const params = new URL(path, 'https://em').searchParams
      const [type, success] = [params.get('type') ?? '', (params.get('filter') ?? '').includes('Success')]
      if (success && type === 'ReplicaTaskSession') return { status: 403, headers: {}, body: Buffer.alloc(0) }
      if (success && type === 'BackupTaskSession') {
        await new Promise((resolve) => setTimeout(resolve, 20))
        throw new BffError('session_expired', 'Your Enterprise Manager session has ended.')
      }
      const failed = type === 'ReplicaTaskSession' ? [task(guid(31), guid(1))] : []
      return xml(
        list(`${type}s`, type === 'BackupTaskSession' ? [task(guid(32), guid(2), 'Backup')] : failed),
      )
    })
    await expect(explorerFor().attention(caller, 1, { emCalls: 0 })).rejects.toMatchObject({
      code: 'session_expired',
    })
  })
})

describe('resolving a bare GUID', () => {
  /** EM answering each kind's entity path with the given status (404 for the rest). */
  const asked: string[] = []
  const resolveWith = (statuses: Record<string, number>) => {
    asked.length = 0
    const caller = testCaller(async (path) => {
      const segment = path.split('/')[2] ?? ''
      asked.push(segment)
      const status = statuses[segment] ?? 404
      const server = `<BackupServer UID="urn:veeam:BackupServer:${GUID}" Name="vbr01"><Port>9392</Port></BackupServer>`
      const found = status === 200 && segment === 'backupServers'
      const headers = found ? { 'content-type': 'application/xml' } : {}
      return { status, headers, body: Buffer.from(found ? server : '') }
    })
    const explorer = explorerFor('https://em:9398')
    return explorer.resolve(caller, GUID, { emCalls: 0 })
  }

  it('an EM fault for one kind says it came while finding the kind, keeping which read failed', async () => {
    const error = await resolveWith({ replicaTaskSessions: 503 }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'em_unavailable' })
    const { message } = error as Error
    expect(message).toMatch(/^The dashboard could not tell which kind of session this ID is/)
    expect(message).toContain('HTTP 503')
  })

  it('none has it: not_found; only refused: em_forbidden naming the kinds refused', async () => {
    await expect(resolveWith({})).rejects.toMatchObject({ code: 'not_found' })
    const refused = await resolveWith({ backupSessions: 403 }).catch((e: unknown) => e)
    expect(refused).toMatchObject({ code: 'em_forbidden' })
    expect((refused as Error).message).toContain('backup job sessions')
  })

  it('refused for every session kind: says so (not that no other kind has it), and still finds a server', async () => {
    const allRefused = {
      replicaTaskSessions: 403,
      backupTaskSessions: 403,
      replicaSessions: 403,
      backupSessions: 403,
    }
    const refused = await resolveWith(allRefused).catch((e: unknown) => e)
    expect(refused).toMatchObject({ code: 'em_forbidden' })
    expect((refused as Error).message).toContain('access to every kind of session (HTTP 403)')
    expect((refused as Error).message).not.toContain('no other kind')
    expect(asked.at(-1)).toBe('backupServers')
    expect(await resolveWith({ ...allRefused, backupServers: 200 })).toMatchObject({ kind: 'backupServer' })
    // Some kinds refused: the server is asked too before the refusal is the answer.
    expect(await resolveWith({ backupSessions: 403, backupServers: 200 })).toMatchObject({
      kind: 'backupServer',
    })
  })

  it('a GUID no session has may be a backup server’s, asked for only after every session kind said no', async () => {
    expect(await resolveWith({ backupServers: 200 })).toEqual({
      kind: 'backupServer',
      id: GUID,
      path: `/backupServers/${GUID}`,
    })
    expect(asked.at(-1)).toBe('backupServers')
    expect(asked.slice(0, -1).sort()).toEqual(
      ['backupSessions', 'backupTaskSessions', 'replicaSessions', 'replicaTaskSessions'].sort(),
    )
    // An answer for a session kind (here not a readable one): no server asked.
    await resolveWith({ replicaSessions: 200 }).catch(() => null)
    expect(asked).not.toContain('backupServers')
    // Refused as a server, still not found; EM failing there, said as failing to tell what the ID is.
    await expect(resolveWith({ backupServers: 403 })).rejects.toMatchObject({ code: 'not_found' })
    const failed = await resolveWith({ backupServers: 503 }).catch((e: unknown) => e)
    expect(failed).toMatchObject({ code: 'em_unavailable' })
    expect((failed as Error).message).toMatch(/^The dashboard could not tell what this ID is/)
  })
})
