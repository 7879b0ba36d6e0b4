import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { JobSessionKind, ResourceKind, TaskSessionKind } from '@ese/shared'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { listExamples, readBackupQueryExample, readExample } from '../../../../fixtures/em-examples.ts'
import { startBff } from '../bff.ts'
import { loadConfig } from '../env.ts'
import { silentLogger } from '../log.ts'

// The real BFF against a stand-in Enterprise Manager written from Veeam's reference pages (../shared/em-rest-docs)
// and ../shared/em-api (FACTS, SESSIONS_QUERIES_ROLES, DECISIONS), not from @ese/em-simulator: every route the SPA
// uses, in each form a real EM may write its answers, then EM's errors and refusals.

// ---- What the stand-in EM holds: sessions as EM's docs describe them ----

const NULL = Symbol('null') // a member without a value: left out of XML; null, or left out, in JSON
const NOT_ENDED = Symbol('not ended') // EndTimeUTC of a session that is still running
type Value = string | number | boolean | typeof NULL | typeof NOT_ENDED
type Link = {
  rel: string
  href: string
  type?: string
  name?: string
  to?: { kind: ResourceKind; id: string }
}
type Entity = {
  kind: ResourceKind
  id: string
  name: string
  vm?: string
  links: Link[]
  fields: [string, Value][]
}

/** EM's type name and path segment of each kind, from the docs (this test's own table). */
const EM: Record<ResourceKind, { type: string; segment: string }> = {
  replicaTaskSession: { type: 'ReplicaTaskSession', segment: 'replicaTaskSessions' },
  replicaJobSession: { type: 'ReplicaJobSession', segment: 'replicaSessions' },
  backupTaskSession: { type: 'BackupTaskSession', segment: 'backupTaskSessions' },
  backupJobSession: { type: 'BackupJobSession', segment: 'backupSessions' },
  backupServer: { type: 'BackupServer', segment: 'backupServers' },
}
const TASK_LIST = { replicaJobSession: 'replicaTaskSessions', backupJobSession: 'taskSessions' } as const

const guid = (n: number) => `5e55${String(n).padStart(4, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`
const uid = (e: Entity) => `urn:veeam:${EM[e.kind].type}:${e.id}`
/** Minutes after T0 as EM writes a time: UTC, `Z`, a fraction of 0 to 7 digits (v13 writes microseconds). */
const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 6 * 3_600_000
const at = (min: number, fraction = '') =>
  `${new Date(T0 + min * 60_000).toISOString().slice(0, 19)}${fraction && `.${fraction}`}Z`
const nameAt = (who: string, time: string) => `${who}@${time.slice(0, -1).replace('T', ' ')}`

const ref = (
  rel: string,
  kind: ResourceKind,
  id: string,
  name?: string,
  type = `${EM[kind].type}Reference`,
) => ({ rel, type, name, href: `/${EM[kind].segment}/${id}`, to: { kind, id } }) satisfies Link
const SERVER = guid(1)
const serverUp = ref('Up', 'backupServer', SERVER, 'srv02.tech.local')

type Run = {
  job: string
  jobName: string
  start: string
  end: string | typeof NOT_ENDED
  state: string
  result: string
}
function jobSession(
  kind: JobSessionKind,
  id: string,
  r: Run & { retry?: boolean; jobType?: string; failure?: string; links?: Link[] },
): Entity {
  const name = nameAt(r.jobName, r.start)
  const own = `/${EM[kind].segment}/${id}`
  const links = r.links ?? [
    serverUp,
    { rel: 'Up', type: 'JobReference', href: `/jobs/${r.job}`, name: r.jobName },
    ref('Alternate', kind, id, name),
    {
      rel: 'Down',
      type: `${EM[kind].type.replace('Job', 'Task')}ReferenceList`,
      href: `${own}/${TASK_LIST[kind]}`,
    },
    ...(kind === 'backupJobSession'
      ? [
          { rel: 'Stop', href: `${own}?action=stop` },
          { rel: 'Related', type: 'RestorePointReference', href: `/restorePoints/${guid(900)}`, name: '' },
        ]
      : []),
  ]
  const jobType = r.jobType ?? (kind === 'replicaJobSession' ? 'Replica' : 'Backup')
  return {
    kind,
    id,
    name,
    links,
    fields: [
      ['JobUid', `urn:veeam:Job:${r.job}`],
      ['JobName', r.jobName],
      ['JobType', jobType],
      ['CreationTimeUTC', r.start],
      ['EndTimeUTC', r.end],
      ['State', r.state],
      ['Result', r.result],
      ['Progress', r.end === NOT_ENDED ? 40 : 100],
      ['FailureMessage', r.failure ?? NULL],
      ['IsRetry', r.retry ?? false],
    ],
  }
}

type Task = Omit<Run, 'job' | 'jobName'> & { vm: string; reason?: string; size?: number; vmUid?: string }
function taskSession(kind: TaskSessionKind, id: string, job: Entity, t: Task): Entity {
  const name = nameAt(t.vm, t.start)
  const jobKind = kind === 'replicaTaskSession' ? 'replicaJobSession' : 'backupJobSession'
  const [pointType, pointSegment] =
    kind === 'replicaTaskSession'
      ? ['VmReplicaPoint', 'vmReplicaPoints']
      : ['VmRestorePoint', 'vmRestorePoints']
  const point = { rel: 'Related', type: pointType, href: `/${pointSegment}/${guid(901)}?format=Entity`, name }
  return {
    kind,
    id,
    name,
    vm: t.vm,
    links: [
      serverUp,
      ref('Up', jobKind, job.id, job.name),
      ref('Alternate', kind, id, name),
      ...(t.result === 'Success' ? [point] : []),
    ],
    fields: [
      ['JobSessionUid', `urn:veeam:${EM[jobKind].type}:${job.id}`],
      ['CreationTimeUTC', t.start],
      ['EndTimeUTC', t.end],
      ['State', t.state],
      ['Result', t.result],
      ['Reason', t.reason ?? ''],
      ['TotalSize', t.size ?? 0],
      ...(t.vmUid ? [['VmUid', t.vmUid] satisfies [string, Value]] : []),
    ],
  }
}

// One replica job's runs (a warning, its retry, the next run still going), a backup job, an agent backup.
const [J1, J2, J3] = [guid(11), guid(12), guid(13)]
const replicaRun = (id: number, r: Omit<Run, 'job' | 'jobName'> & { retry?: boolean; failure?: string }) =>
  jobSession('replicaJobSession', guid(id), { job: J1, jobName: 'Fileserver Replication', ...r })
const RJ0 = replicaRun(20, { start: at(0, '06'), end: at(10, '5'), state: 'Stopped', result: 'Success' })
const RJ1 = replicaRun(21, {
  start: at(60, '193292'),
  end: at(75, '7'),
  state: 'Stopped',
  result: 'Warning',
  failure: 'Processing db01 failed',
})
const RJ2 = replicaRun(22, {
  start: at(90, '4'),
  end: at(95),
  state: 'Stopped',
  result: 'Success',
  retry: true,
})
const RJ3 = replicaRun(23, { start: at(120, '5'), end: NOT_ENDED, state: 'Working', result: 'None' })
const replicaTask = (id: number, job: Entity, t: Task) => taskSession('replicaTaskSession', guid(id), job, t)
const done = { state: 'Completed', result: 'Success' }
const RT0 = replicaTask(30, RJ0, { vm: 'apache02', start: at(1), end: at(9), ...done, size: 8589934592 })
const RT1 = replicaTask(31, RJ1, {
  vm: 'apache02',
  start: at(60.5, '19'),
  end: at(70),
  ...done,
  size: 17179869184,
})
const RT2 = replicaTask(32, RJ1, {
  vm: 'db01',
  start: at(61, '39912'),
  end: at(74, '9'),
  state: 'Completed',
  result: 'Failed',
  reason: 'Error: <disk 1> & "quota" exceeded; retry later',
})
const RT3 = replicaTask(33, RJ2, { vm: 'db01', start: at(91), end: at(94), ...done, size: 64424509440 })
const RT4 = replicaTask(34, RJ3, {
  vm: 'db01',
  start: at(121),
  end: NOT_ENDED,
  state: 'InProgress',
  result: 'None',
})

const backupRun = (id: number, r: Omit<Run, 'job' | 'jobName'>) =>
  jobSession('backupJobSession', guid(id), { job: J2, jobName: 'Backup Job 3', ...r })
const BJ1 = backupRun(40, { start: at(30, '607'), end: at(45), state: 'Stopped', result: 'Failed' })
const BJ2 = backupRun(41, { start: at(150), end: NOT_ENDED, state: 'Working', result: 'None' })
const backupTask = (id: number, job: Entity, t: Task) =>
  taskSession('backupTaskSession', guid(id), job, { vmUid: `urn:VMware:Vm:a87d15db.vm-${id}`, ...t })
const BT1 = backupTask(50, BJ1, {
  vm: 'db01',
  start: at(31, '1'),
  end: at(40),
  state: 'Completed',
  result: 'Warning',
  reason: 'Hard disk 1 (0 B)',
})
const BT2 = backupTask(51, BJ1, {
  vm: '1234',
  start: at(32, '25'),
  end: at(44),
  state: 'Completed',
  result: 'Failed',
})
const BT3 = backupTask(52, BJ2, {
  vm: 'web01',
  start: at(151),
  end: NOT_ENDED,
  state: 'Pending',
  result: 'None',
})

// An agent backup (AgentBackup) and its per-computer sessions (AgentManagement), linked as the docs show.
const [AB1, AM1, AM2] = [guid(60), guid(61), guid(62)]
const agentJob = { rel: 'Up', type: 'JobReference', href: `/agents/jobs/${J3}`, name: 'Agent Backup Job SQL' }
const agentRun = (id: string, start: string, jobType: string, links: Link[]) =>
  jobSession('backupJobSession', id, {
    ...{ job: J3, jobName: 'Agent Backup Job SQL', start, end: at(110), state: 'Stopped', result: 'Success' },
    jobType,
    links: [serverUp, agentJob, ...links],
  })
const agentChild = (id: string, start: string) =>
  agentRun(id, start, 'AgentManagement', [
    ref('Up', 'backupJobSession', AB1, 'Parent session'),
    ref('Alternate', 'backupJobSession', id),
    { rel: 'Down', type: 'BackupTaskSessionReferenceList', href: `/backupSessions/${id}/taskSessions` },
  ])
const AGENT = agentRun(AB1, at(100), 'AgentBackup', [
  {
    rel: 'Alternate',
    type: 'BackupJobSessionReferenceList',
    href: `/backupSessions/${AB1}/agentManagementSessions`,
  },
  {
    ...ref('Alternate', 'backupJobSession', AB1, undefined, 'BackupJobSession'),
    href: `/backupSessions/${AB1}?format=Entity`,
  },
  { rel: 'Down', type: 'BackupTaskSessionReferenceList', href: `/backupSessions/${AB1}/taskSessions` },
])
const [CHILD1, CHILD2] = [agentChild(AM1, at(100.5)), agentChild(AM2, at(101))]

const BACKUP_SERVER: Entity = {
  kind: 'backupServer',
  id: SERVER,
  name: 'srv02.tech.local',
  links: [
    ref('Alternate', 'backupServer', SERVER, 'srv02.tech.local'),
    { rel: 'Edit', type: 'BackupServerReference', href: `/backupServers/${SERVER}` },
    { rel: 'Down', type: 'JobReferenceList', href: `/backupServers/${SERVER}/jobs` },
    { rel: 'Start', href: `/backupServers/${SERVER}?action=collect` },
  ],
  fields: [
    ['Description', ''],
    ['Port', 443],
    ['Version', '13.0.1.2067'],
    ['WcfPort', 9405],
    ['VbrCertificateThumbprint', '3A5F0E1D2C4B6A79880716253443526170819A0B'],
  ],
}
const REPLICA = [RJ0, RJ1, RJ2, RJ3, RT0, RT1, RT2, RT3, RT4]
const DATA = [...REPLICA, BJ1, BJ2, BT1, BT2, BT3, AGENT, CHILD1, CHILD2, BACKUP_SERVER]

// ---- How a stand-in EM writes its answers: the variants the docs, captures and DECISIONS.md allow ----

/** How a value-less member is written: left out, null (JSON), xsi:nil or an empty element (XML), "" or a date. */
type Absent = 'omit' | 'null' | 'nil' | 'empty' | `${number}-${string}`
type Flag = 'camel' | 'decl' | 'xmlns' | 'bom' | 'crlf' | 'pretty' | 'reorder' | 'extras' | 'typo' | 'apos'
type Dialect = {
  name: string
  format: 'xml' | 'json'
  contentType: string
  nulls: Absent
  notEnded: Absent
} & {
  [flag in Flag]?: boolean
} & { pageCap?: number } // EM's own largest page
/**
 * A way of writing, named by what it does. Flags: camel (v13 JSON keys), decl (<?xml …?>), xmlns (default namespace,
 * xsd and xsi on the root), bom, crlf, pretty, reorder (elements, attributes and members reversed), extras (members
 * the docs do not list), typo (hrefs spelled repicaTaskSessions, links on another host, as in the docs' examples),
 * apos (single-quoted attributes, `<X></X>` for empty elements).
 */
function dialect(contentType: string, nulls: Absent, notEnded: Absent, flags = ''): Dialect {
  const format = contentType.includes('json') ? 'json' : 'xml'
  const name = `${contentType}, nulls ${nulls}, not ended ${notEnded}${flags && `, ${flags}`}`
  const set = Object.fromEntries(flags.match(/\w+/g)?.map((flag) => [flag, true]) ?? [])
  return { name, format, contentType, nulls, notEnded, ...set }
}
const XML = 'application/xml'
const XML_UTF8 = `${XML}; charset=utf-8`
const [JSON_TYPE, JSON_UTF8] = ['application/json', 'application/json; charset=utf-8']
const DIALECTS = [
  dialect(XML, 'omit', 'omit', 'decl xmlns pretty typo'), // as the docs print it
  dialect(XML, 'empty', '0001-01-01T00:00:00', 'apos'),
  dialect(XML_UTF8, 'nil', 'nil', 'decl xmlns bom crlf pretty reorder extras'),
  dialect('text/xml; charset=utf-8', 'omit', 'empty', 'xmlns'),
  dialect(JSON_UTF8, 'null', 'null', 'bom'), // v12: PascalCase
  dialect(JSON_TYPE, 'omit', '1900-01-01T00:00:00Z', 'pretty crlf reorder extras'),
  dialect(JSON_UTF8, 'null', 'null', 'camel bom'), // v13: camelCase
  dialect(JSON_TYPE, 'empty', 'omit', 'camel'),
] as const
const [DOCS_XML, , , , JSON_V12, , JSON_V13] = DIALECTS

type XmlNode = { tag: string; attrs?: [string, string][]; kids?: XmlNode[]; text?: string }
type Members = [string, unknown][]
const NS: [string, string][] = [
  ['xmlns:xsd', 'http://www.w3.org/2001/XMLSchema'],
  ['xmlns:xsi', 'http://www.w3.org/2001/XMLSchema-instance'],
  ['xmlns', 'http://www.veeam.com/ent/v1.0'],
]
const esc = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')

/** Writes one document: XML or JSON as the dialect says; an empty element is `<Reason />`, as EM writes it. */
function write(d: Dialect, xml: () => XmlNode, json: () => Members | Record<string, unknown>): string {
  const render = (n: XmlNode, depth: number): string => {
    const [indent, nl] = d.pretty ? ['  '.repeat(depth), '\n'] : ['', '']
    const attr = ([k, v]: [string, string]) =>
      d.apos ? ` ${k}='${esc(v).replaceAll("'", '&apos;')}'` : ` ${k}="${esc(v)}"`
    const open = `${indent}<${n.tag}${(n.attrs ?? []).map(attr).join('')}`
    if (n.text) return `${open}>${esc(n.text)}</${n.tag}>`
    if (!n.kids?.length) return d.apos ? `${open}></${n.tag}>` : `${open} />`
    return `${open}>${nl}${n.kids.map((k) => render(k, depth + 1)).join(nl)}${nl}${indent}</${n.tag}>`
  }
  let text: string
  if (d.format === 'xml') {
    const root = xml()
    const attrs = d.xmlns ? [...NS.slice(0, 2), ...(root.attrs ?? []), ...NS.slice(2)] : root.attrs
    text = `${d.decl ? '<?xml version="1.0" encoding="utf-8"?>\n' : ''}${render({ ...root, attrs }, 0)}`
  } else {
    const value = json()
    text = JSON.stringify(Array.isArray(value) ? obj(d, value) : value, null, d.pretty ? 2 : undefined)
  }
  return `${d.bom ? '\uFEFF' : ''}${d.crlf ? text.replaceAll('\n', '\r\n') : text}`
}

/** A JSON object from members: v13 camelCase keys (`UID` → `uid`), reversed when the dialect reorders. */
function obj(d: Dialect, members: Members): Record<string, unknown> {
  const camel = (k: string) =>
    /^[A-Z]+$/.test(k) ? k.toLowerCase() : `${k.charAt(0).toLowerCase()}${k.slice(1)}`
  const ordered = d.reorder ? [...members].reverse() : members
  return Object.fromEntries(ordered.map(([k, v]) => [d.camel ? camel(k) : k, v]))
}

const OMIT = Symbol('omit')
/** A member's JSON value, or OMIT. */
function jsonValue(d: Dialect, v: unknown): unknown {
  if (v === OMIT) return OMIT
  if (v === undefined) return d.nulls === 'null' ? null : OMIT
  if (v !== NULL && v !== NOT_ENDED) return v
  const how = v === NULL ? d.nulls : d.notEnded
  return how === 'null' ? null : how === 'omit' || how === 'nil' ? OMIT : how === 'empty' ? '' : how
}
/** A member's XML element, or null when it is left out. */
function xmlValue(d: Dialect, tag: string, v: Value): XmlNode | null {
  if (v !== NULL && v !== NOT_ENDED) return { tag, text: String(v) }
  const how = v === NULL ? d.nulls : d.notEnded
  if (how === 'omit' || how === 'null') return null
  return how === 'nil' ? { tag, attrs: [['xsi:nil', 'true']] } : { tag, text: how === 'empty' ? '' : how }
}
const members = (d: Dialect, list: Members): Members =>
  list.flatMap(([k, v]) => {
    const j = jsonValue(d, v)
    return j === OMIT ? [] : [[k, j]]
  })

/** An href as the docs' examples write them: with `typo`, repicaTaskSessions, and links on another host. */
const href = (d: Dialect, path: string, link = false) =>
  `https://${d.typo && link ? 'localhost' : 'enterprise06.tech.local'}:9398/api${d.typo ? path.replace('/replicaTaskSessions/', '/repicaTaskSessions/') : path}`
const selfPath = (e: Entity) => `/${EM[e.kind].segment}/${e.id}`

function xmlLinks(d: Dialect, links: Link[]): XmlNode {
  const attrs = (l: Link): [string, string][] => {
    const a: [string, string][] = [['Href', href(d, l.href, true)]]
    if (l.name !== undefined) a.push(['Name', l.name])
    if (l.type !== undefined) a.push(['Type', l.type])
    a.push(['Rel', l.rel])
    return d.reorder ? a.reverse() : a
  }
  return { tag: 'Links', kids: links.map((l) => ({ tag: 'Link', attrs: attrs(l) })) }
}
const jsonLinks = (d: Dialect, links: Link[]) =>
  links.map((l) =>
    obj(
      d,
      members(d, [
        ['Rel', l.rel],
        ['Href', href(d, l.href, true)],
        ['Name', l.name],
        ['Type', l.type],
      ]),
    ),
  )

function xmlEntity(d: Dialect, e: Entity): XmlNode {
  const attrs: [string, string][] = [
    ['Href', href(d, `${selfPath(e)}?format=Entity`)],
    ['Type', EM[e.kind].type],
  ]
  attrs.push(
    ['Name', e.name],
    ['UID', uid(e)],
    ...(e.vm === undefined ? [] : [['VmDisplayName', e.vm] as [string, string]]),
  )
  const kids = [
    ...(e.links.length ? [xmlLinks(d, e.links)] : []),
    ...e.fields.flatMap(([k, v]) => xmlValue(d, k, v) ?? []),
  ]
  if (d.extras) {
    attrs.push(['FutureAttribute', 'x'])
    kids.push({ tag: 'FutureElement', attrs: [['Kind', 'new']], kids: [{ tag: 'Inner', text: '1' }] })
  }
  return {
    tag: EM[e.kind].type,
    attrs: d.reorder ? attrs.reverse() : attrs,
    kids: d.reorder ? kids.reverse() : kids,
  }
}
function jsonEntity(d: Dialect, e: Entity): Record<string, unknown> {
  const list: Members = [...e.fields, ['VmDisplayName', e.vm ?? OMIT], ['Name', e.name], ['UID', uid(e)]]
  list.push(['Links', e.links.length ? jsonLinks(d, e.links) : undefined])
  list.push(['Href', href(d, `${selfPath(e)}?format=Entity`)], ['Type', EM[e.kind].type])
  if (d.extras) list.push(['FutureMember', { Nested: [1, 2], Flag: true }])
  return obj(d, members(d, list))
}
const xmlRef = (d: Dialect, e: Entity): XmlNode => ({
  tag: 'Ref',
  attrs: [
    ['Type', `${EM[e.kind].type}Reference`],
    ['Href', href(d, selfPath(e))],
    ['Name', e.name],
    ['UID', uid(e)],
  ],
  kids: [xmlLinks(d, e.links)],
})
const jsonRef = (d: Dialect, e: Entity) =>
  obj(d, [
    ['Links', jsonLinks(d, e.links)],
    ['UID', uid(e)],
    ['Name', e.name],
    ['Href', href(d, selfPath(e))],
    ['Type', `${EM[e.kind].type}Reference`],
  ])

// ---- The stand-in EM: logon, entities, lists, references, the query service, errors ----

const USER = 'svc-reader'
const PASSWORD = 'Stand-in-Passw0rd!'
const WWW_AUTHENTICATE = { 'WWW-Authenticate': 'Basic Realm=RestSvc' }
/** The reason phrases of WCF on http.sys: .NET's HttpStatusCode names (FACTS §5). */
const REASON: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  500: 'InternalServerError',
  503: 'ServiceUnavailable',
}
type Req = { method: string; path: string; url: URL; headers: IncomingMessage['headers'] }
type Reply = { status: number; body?: string; type?: string; headers?: Record<string, string> }

class StandIn {
  url = ''
  readonly calls: string[] = []
  readonly accepts = new Set<string>()
  readonly sessionIds: string[] = []
  readonly logoffs: string[] = []
  readonly tokens = new Set<string>()
  /** Answers a request instead of the stand-in when it returns a reply (faults, refusals, other forms). */
  intercept: ((req: Req) => Reply | undefined) | null = null
  logonHeaders = (token: string): Record<string, string> => ({
    'X-RestSvcSessionId': token,
    'Set-Cookie': `X-RestSvcSessionId=${token}; Path=/api;`,
  })
  private readonly server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://em')
    const r: Req = { method: req.method ?? 'GET', path: url.pathname, url, headers: req.headers }
    this.calls.push(`${r.method} ${r.path}${url.search}`)
    if (req.headers.accept) this.accepts.add(req.headers.accept)
    const reply = this.intercept?.(r) ?? this.route(r)
    const type = reply.type ? { 'Content-Type': reply.type } : {}
    const headers = { Server: 'Microsoft-HTTPAPI/2.0', ...type, ...reply.headers }
    res.writeHead(reply.status, REASON[reply.status] ?? 'OK', headers).end(reply.body ?? '')
  })

  constructor(
    readonly d: Dialect,
    public entities: Entity[] = DATA,
  ) {}

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  close(): Promise<void> {
    this.server.closeAllConnections()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }

  reply(
    status: number,
    xml: () => XmlNode,
    json: () => Members | Record<string, unknown>,
    headers?: Record<string, string>,
  ): Reply {
    return { status, body: write(this.d, xml, json), type: this.d.contentType, headers }
  }

  /** EM's Error body (FACTS §5): attributes Message and StatusCode, in XML; every member, nulls too, in JSON. */
  error(status: number, message: string, headers?: Record<string, string>): Reply {
    const xml = () => ({
      tag: 'Error',
      attrs: [
        ['Message', message],
        ['StatusCode', String(status)],
      ] as [string, string][],
      kids: [{ tag: 'FirstChanceExceptionMessage', text: message }],
    })
    const json = (): Members => [
      ['FirstChanceExceptionMessage', null],
      ['Message', message],
      ['StackTrace', null],
      ['Status', null],
      ['StatusCode', status],
    ]
    return this.reply(status, xml, json, headers)
  }

  /** `/api/query?type=…`: filter, one sort key, pages of `pageSize` (100 by default, DECISIONS) with PagingInfo. */
  query(params: URLSearchParams, refs = params.get('format')?.toLowerCase() !== 'entities'): Reply {
    const type = params.get('type') ?? ''
    const kind = (Object.keys(EM) as ResourceKind[]).find(
      (k) => EM[k].type.toLowerCase() === type.toLowerCase(),
    )
    if (!kind) return this.error(400, `Unknown query type ${type}.`)
    const filter = params.get('filter')
    let found = this.entities.filter(
      (e) => e.kind === kind && (!filter || matches(filter, (f) => this.field(e, f))),
    )
    const [sortDir, sortField] = params.has('sortDesc')
      ? [-1, params.get('sortDesc')]
      : [1, params.get('sortAsc')]
    if (sortField) {
      const key = (e: Entity) => comparable(this.field(e, sortField))
      found = found.sort((a, b) => (key(a) < key(b) ? -sortDir : key(a) > key(b) ? sortDir : 0))
    }
    const size = Math.min(Number(params.get('pageSize') ?? 100), this.d.pageCap ?? Number.POSITIVE_INFINITY)
    const page = Number(params.get('page') ?? 1)
    const pages = Math.ceil(found.length / size)
    const items = found.slice((page - 1) * size, page * size)
    const pageLink = (rel: string, n: number): Link => {
      const query = `type=${type}&format=Entities&pageSize=${size}&page=${n}&filter=${encodeURIComponent(filter ?? '')}`
      return { rel, href: `/query?${query}` }
    }
    const rels: [string, number][] = [
      ['First', 1],
      ['Previous', page - 1],
      ['Next', page + 1],
      ['Last', pages],
    ]
    const paging = rels
      .filter(([rel, n]) => n >= 1 && n <= pages && (rel !== 'Previous' || page > 1))
      .map(([rel, n]) => pageLink(rel, n))
    const counts: [string, number][] = [
      ['PageNum', page],
      ['PageSize', size],
      ['PagesCount', pages],
    ]
    const list = `${EM[kind].type}s`
    const xml = (): XmlNode => ({
      tag: 'QueryResult',
      kids: [
        refs
          ? { tag: 'Refs', kids: items.map((e) => xmlRef(this.d, e)) }
          : { tag: 'Entities', kids: [{ tag: list, kids: items.map((e) => xmlEntity(this.d, e)) }] },
        {
          tag: 'PagingInfo',
          attrs: counts.map(([k, v]) => [k, String(v)]),
          kids: [xmlLinks(this.d, paging)],
        },
      ],
    })
    const json = (): Members =>
      members(this.d, [
        ['Refs', refs ? obj(this.d, [['Refs', items.map((e) => jsonRef(this.d, e))]]) : undefined],
        ['Entities', refs ? undefined : obj(this.d, [[list, obj(this.d, [[list, this.jsonList(items)]])]])],
        ['Resources', undefined],
        ['Links', undefined],
        ['PagingInfo', obj(this.d, [['Links', jsonLinks(this.d, paging)], ...counts])],
      ])
    return this.reply(200, xml, json)
  }

  route(r: Req): Reply {
    if (r.method === 'POST' && r.path === '/api/sessionMngr/') return this.logon(r)
    if (r.method === 'GET' && r.path === '/api/') {
      const links = [{ rel: 'Create', type: 'LogonSession', href: '/sessionMngr/?v=latest' }]
      return this.reply(
        200,
        () => ({ tag: 'EnterpriseManager', kids: [xmlLinks(this.d, links)] }),
        () => [['Links', jsonLinks(this.d, links)]],
      )
    }
    const token = r.headers['x-restsvcsessionid']
    if (typeof token !== 'string' || !this.tokens.has(token))
      return this.error(
        401,
        'Authorization header is expected but not found (or is expired).',
        WWW_AUTHENTICATE,
      )
    const logoff = /^\/api\/logonSessions\/([^/]+)$/.exec(r.path)?.[1]
    if (r.method === 'DELETE' && logoff) {
      this.tokens.delete(token)
      this.logoffs.push(logoff)
      return { status: 204 }
    }
    if (r.path === '/api/query') return this.query(r.url.searchParams)
    const [, segment, id, child] = /^\/api\/(\w+)\/([0-9a-f-]{36})(?:\/(\w+))?$/i.exec(r.path) ?? []
    const self = this.entities.find((e) => EM[e.kind].segment === segment && e.id === id?.toLowerCase())
    const items = self && child ? this.children(self, child) : []
    if (!self || !items) return this.error(404, `Object with ID ${id ?? ''} was not found.`)
    const entity = r.url.searchParams.get('format')?.toLowerCase() === 'entity'
    if (!child && entity)
      return this.reply(
        200,
        () => xmlEntity(this.d, self),
        () => jsonEntity(this.d, self),
      )
    if (!child)
      return this.reply(
        200,
        () => ({ ...xmlRef(this.d, self), tag: 'EntityRef' }),
        () => jsonRef(this.d, self),
      )
    if (!entity) {
      return this.reply(
        200,
        () => ({ tag: 'EntityReferences', kids: items.map((e) => xmlRef(this.d, e)) }),
        () => [['Refs', items.map((e) => jsonRef(this.d, e))]],
      )
    }
    const list = `${EM[items[0]?.kind ?? (child === 'agentManagementSessions' ? 'backupJobSession' : 'backupTaskSession')].type}s`
    return this.reply(
      200,
      () => ({ tag: list, kids: items.map((e) => xmlEntity(this.d, e)) }),
      () => [[list, this.jsonList(items)]],
    )
  }

  /** An entity list in JSON: an empty one is null where EM writes nulls. */
  private jsonList(items: Entity[]): unknown {
    return items.length === 0 && this.d.nulls === 'null' ? null : items.map((e) => jsonEntity(this.d, e))
  }

  /** POST /api/sessionMngr/?v=latest with Basic credentials: 201, the token in a header and a cookie. */
  private logon(r: Req): Reply {
    const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`
    if (r.headers.authorization !== basic) return this.error(401, 'Unauthorized', WWW_AUTHENTICATE)
    const sessionId = randomUUID()
    const token = Buffer.from(sessionId).toString('base64')
    this.tokens.add(token)
    this.sessionIds.push(sessionId)
    const self = `/logonSessions/${sessionId}`
    const links = [{ rel: 'Delete', href: self }]
    const [userName, type] = [`ENTERPRISE06\\${USER}`, 'LogonSession']
    const xml = (): XmlNode => ({
      tag: 'LogonSession',
      attrs: [
        ['Href', href(this.d, self)],
        ['Type', type],
      ],
      kids: [
        xmlLinks(this.d, links),
        { tag: 'UserName', text: userName },
        { tag: 'SessionId', text: sessionId },
      ],
    })
    const json = (): Members => [
      ['UserName', userName],
      ['SessionId', sessionId],
      ['Links', jsonLinks(this.d, links)],
      ['Href', href(this.d, self)],
      ['Type', type],
    ]
    return this.reply(201, xml, json, this.logonHeaders(token))
  }

  private children(parent: Entity, child: string): Entity[] | undefined {
    if (parent.kind === 'replicaJobSession' && child === 'replicaTaskSessions')
      return this.entities.filter(
        (e) => e.kind === 'replicaTaskSession' && this.field(e, 'JobSessionUid').endsWith(parent.id),
      )
    if (parent.kind === 'backupJobSession' && child === 'taskSessions')
      return this.entities.filter(
        (e) => e.kind === 'backupTaskSession' && this.field(e, 'JobSessionUid').endsWith(parent.id),
      )
    if (parent.kind === 'backupJobSession' && child === 'agentManagementSessions')
      return this.entities.filter((e) =>
        e.links.some((l) => l.name === 'Parent session' && l.to?.id === parent.id),
      )
    return undefined
  }

  /** A filter or sort field (get_query_*.md): CreationTime and EndTime are the bodies' …UTC elements. */
  private field(e: Entity, name: string): string {
    const value = (n: string) => {
      const v = e.fields.find(([k]) => k.toLowerCase() === n.toLowerCase())?.[1]
      return typeof v === 'symbol' || v === undefined ? '' : String(v)
    }
    switch (name.toLowerCase()) {
      case 'uid':
        return uid(e)
      case 'name':
        return e.name
      case 'vmdisplayname':
        return e.vm ?? ''
      case 'creationtime':
      case 'endtime':
        return value(`${name}UTC`)
      case 'backupserveruid':
        return `urn:veeam:BackupServer:${e.links.find((l) => l.to?.kind === 'backupServer')?.to?.id}`
      case 'jobuid': {
        const job = this.entities.find((j) => value('JobSessionUid').endsWith(j.id))
        return value('JobUid') || (job ? this.field(job, 'JobUid') : '')
      }
      default:
        return value(name)
    }
  }
}

/** EM's filter grammar (filter.md, query_*.md): `;` and, `,` or, parentheses, == != < > <= >=, "quoted""values". */
function matches(filter: string, field: (name: string) => string): boolean {
  let i = 0
  const or = (): boolean => {
    let v = and()
    while (filter[i] === ',') {
      i++
      v = and() || v
    }
    return v
  }
  const and = (): boolean => {
    let v = term()
    while (filter[i] === ';') {
      i++
      v = term() && v
    }
    return v
  }
  const term = (): boolean => {
    if (filter[i] === '(') {
      i++
      const v = or()
      i++
      return v
    }
    const [whole = '', name = '', op = ''] = /^(\w+)(==|!=|>=|<=|>|<)/.exec(filter.slice(i)) ?? []
    if (!whole) throw new Error(`not EM's filter grammar: ${filter}`)
    i += whole.length
    let value = ''
    if (filter[i] === '"') {
      for (i++; i < filter.length; i++) {
        if (filter[i] === '"' && filter[i + 1] !== '"') break
        if (filter[i] === '"') i++
        value += filter[i]
      }
      i++
    } else while (i < filter.length && !';,)'.includes(filter[i] ?? '')) value += filter[i++]
    const [a, b] = [comparable(field(name)), comparable(value)]
    return { '==': a === b, '!=': a !== b, '<': a < b, '>': a > b, '<=': a <= b, '>=': a >= b }[op] ?? false
  }
  return or()
}

/** Times to seven fraction digits (EM compares them finer than milliseconds), URNs to their GUID, text in any case. */
function comparable(v: string): string {
  const t = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z?$/.exec(v)
  return t ? `${t[1]}.${(t[2] ?? '').padEnd(7, '0')}` : v.replace(/^urn:veeam:\w+:/i, '').toLowerCase()
}

// ---- The BFF in front of a stand-in, without a cache, so every request reaches EM ----

type Answer = {
  status: number
  body: { error?: { code: string; message: string } } & Record<string, unknown>
}
type Pair = {
  em: StandIn
  url: string
  get(path: string, init?: RequestInit): Promise<Answer>
  close(): Promise<void>
}
const NO_CACHE = { finishedTtlMs: 0, runningTtlMs: 0, serverTtlMs: 0, queryTtlMs: 0 }

async function startPair(d: Dialect, env: Record<string, string> = {}, entities = DATA): Promise<Pair> {
  const em = await new StandIn(d, entities).start()
  const config = loadConfig({ PORT: '0', EM_FORMAT: d.format, ...env })
  const emConfig = {
    origin: em.url,
    username: USER,
    password: PASSWORD,
    ca: undefined,
    caFile: undefined,
    insecure: false,
  }
  const bff = await startBff({ config, em: emConfig, logger: silentLogger, lookups: NO_CACHE })
  return {
    em,
    url: bff.url,
    get: async (path, init) => {
      const res = await fetch(`${bff.url}${path}`, init)
      return { status: res.status, body: (await res.json()) as Answer['body'] }
    },
    close: async () => {
      await bff.close()
      await em.close()
    },
  }
}

// ---- What the BFF must answer: EM's values as the API contract (packages/shared) names them ----

const NAVIGATION = new Set(['Up', 'Down', 'Alternate', 'Related'])
const value = (e: Entity, name: string) => e.fields.find(([k]) => k === name)?.[1]
const iso = (v: Value | undefined) => (typeof v === 'string' ? new Date(Date.parse(v)).toISOString() : null)
const links = (e: Entity) =>
  e.links
    .filter((l) => NAVIGATION.has(l.rel))
    .map(({ rel, type, name, to }) => ({
      rel,
      type: type ?? null,
      name: name || null,
      kind: to?.kind ?? null,
      id: to?.id ?? null,
      path: to ? `/${EM[to.kind].segment}/${to.id}` : null,
    }))
const task = (e: Entity) => ({
  kind: e.kind,
  id: e.id,
  uid: uid(e),
  name: e.name,
  vmDisplayName: e.vm,
  vmUid: value(e, 'VmUid') ?? null,
  jobSessionId: String(value(e, 'JobSessionUid')).slice(-36),
  state: value(e, 'State'),
  result: value(e, 'Result'),
  reason: value(e, 'Reason'),
  totalSize: value(e, 'TotalSize'),
  creationTime: iso(value(e, 'CreationTimeUTC')),
  endTime: iso(value(e, 'EndTimeUTC')),
  links: links(e),
})
const job = (e: Entity) => ({
  kind: e.kind,
  id: e.id,
  uid: uid(e),
  name: e.name,
  jobId: String(value(e, 'JobUid')).slice(-36),
  jobName: value(e, 'JobName'),
  jobType: value(e, 'JobType'),
  state: value(e, 'State'),
  result: value(e, 'Result'),
  progress: value(e, 'Progress'),
  isRetry: value(e, 'IsRetry'),
  creationTime: iso(value(e, 'CreationTimeUTC')),
  endTime: iso(value(e, 'EndTimeUTC')),
  failureMessage: typeof value(e, 'FailureMessage') === 'string' ? value(e, 'FailureMessage') : null,
  links: links(e),
})
const inWindow = (items: unknown[]) => ({
  days: 7,
  since: expect.any(String),
  items,
  truncated: false,
  unavailable: [],
})
/** Needs attention: the failed and warning machines, the runs with none of their machines listed, what recovered. */
const attentionOf = (items: unknown[], recovered = {}, runs: unknown[] = []) => ({
  ...inWindow(items),
  runs,
  recovered,
})
/** db01's failed replica (RT2) succeeded in its job's retry run (RT3): it no longer needs attention. */
const RT2_RECOVERED = {
  [RT2.id]: {
    kind: 'replicaTaskSession',
    id: RT3.id,
    path: `/replicaTaskSessions/${RT3.id}`,
    creationTime: task(RT3).creationTime,
  },
}

/** Every API route the SPA reads, and its answer. */
const ROUTES: [string, unknown][] = [
  [`/api/replicaTaskSessions/${RT2.id}`, task(RT2)],
  [`/api/replicaTaskSessions/urn:veeam:ReplicaTaskSession:${RT4.id.toUpperCase()}`, task(RT4)],
  [`/api/replicaSessions/${RJ1.id}`, job(RJ1)],
  [`/api/replicaSessions/${RJ3.id}`, job(RJ3)],
  [`/api/backupTaskSessions/${BT1.id}`, task(BT1)],
  [`/api/backupTaskSessions/${BT3.id}`, task(BT3)],
  [`/api/backupSessions/${BJ1.id}`, job(BJ1)],
  [`/api/backupSessions/${AB1}`, job(AGENT)],
  [
    `/api/backupServers/${SERVER}`,
    {
      id: SERVER,
      uid: `urn:veeam:BackupServer:${SERVER}`,
      name: 'srv02.tech.local',
      description: '',
      port: 443,
      version: '13.0.1.2067',
      links: links(BACKUP_SERVER),
    },
  ],
  [`/api/replicaSessions/${RJ1.id}/replicaTaskSessions`, { items: [task(RT1), task(RT2)] }],
  [`/api/backupSessions/${BJ1.id}/taskSessions`, { items: [task(BT1), task(BT2)] }],
  [`/api/backupSessions/${BJ2.id}/taskSessions`, { items: [task(BT3)] }],
  [`/api/backupSessions/${AB1}/taskSessions`, { items: [] }],
  [`/api/backupSessions/${AB1}/agentManagementSessions`, { items: [job(CHILD1), job(CHILD2)] }],
  [
    `/api/replicaSessions/${RJ1.id}/runs`,
    {
      jobId: J1,
      jobName: 'Fileserver Replication',
      items: [RJ3, RJ2, RJ1, RJ0].map(job),
      previous: job(RJ0),
      next: job(RJ2),
      unavailable: [],
    },
  ],
  [
    `/api/backupSessions/${BJ1.id}/runs`,
    {
      jobId: J2,
      jobName: 'Backup Job 3',
      items: [job(BJ2), job(BJ1)],
      previous: null,
      next: job(BJ2),
      unavailable: [],
    },
  ],
  [
    `/api/replicaTaskSessions/${RT2.id}/history`,
    { vmDisplayName: 'db01', items: [RT4, RT3, RT2, BT1].map(task), retries: [task(RT3)], unavailable: [] },
  ],
  [
    `/api/backupTaskSessions/${BT1.id}/history`,
    { vmDisplayName: 'db01', items: [RT4, RT3, RT2, BT1].map(task), retries: [], unavailable: [] },
  ],
  [
    `/api/resolve/${RT2.id}`,
    { kind: 'replicaTaskSession', id: RT2.id, path: `/replicaTaskSessions/${RT2.id}` },
  ],
  [
    `/api/resolve/${AM1.toUpperCase()}`,
    { kind: 'backupJobSession', id: AM1, path: `/backupSessions/${AM1}` },
  ],
  [`/api/attention?days=7`, attentionOf([RT2, BT2, BT1].map(task), RT2_RECOVERED)],
  [
    `/api/backupServers/${SERVER}/sessions?days=7`,
    inWindow([BJ2, RJ3, CHILD2, CHILD1, AGENT, RJ2, RJ1, BJ1, RJ0].map(job)),
  ],
]

describe('every route the SPA reads, against stand-in EMs in every form EM writes', () => {
  const pairs: [Dialect, Pair][] = []
  beforeAll(async () => {
    for (const d of DIALECTS) pairs.push([d, await startPair(d)])
  })
  afterAll(() => Promise.all(pairs.map(([, p]) => p.close())))

  it.each(ROUTES)('GET %s', async (path, expected) => {
    for (const [d, p] of pairs)
      expect({ dialect: d.name, ...(await p.get(path)) }).toEqual({
        dialect: d.name,
        status: 200,
        body: expected,
      })
  })

  it('asks with exactly one media type, the one of EM_FORMAT; logs on with ?v=latest, once', () => {
    for (const [d, p] of pairs) {
      expect([...p.em.accepts]).toEqual([d.format === 'xml' ? XML : JSON_TYPE])
      expect(p.em.calls.filter((c) => c.startsWith('POST'))).toEqual(['POST /api/sessionMngr/?v=latest'])
    }
  })

  it('never sends EM a malformed ID (DECISIONS: validate first)', async () => {
    for (const [d, p] of pairs.slice(0, 1)) {
      const before = p.em.calls.length
      for (const id of ['not-a-guid', `${RT2.id}x`, `urn:veeam:BackupTaskSession:${RT2.id}`]) {
        const invalid = { status: 400, body: { error: { code: 'invalid_id' } } }
        expect(await p.get(`/api/replicaTaskSessions/${id}`)).toMatchObject(invalid)
      }
      expect({ dialect: d.name, calls: p.em.calls.length }).toEqual({ dialect: d.name, calls: before })
    }
  })

  it('GET …/raw: EM answer as it came, readable: no byte-order mark, the same document', async () => {
    for (const [d, p] of pairs) {
      const path = `/api/replicaTaskSessions/${RT2.id}?format=Entity`
      const { status, body } = await p.get(`/api/replicaTaskSessions/${RT2.id}/raw`)
      const accept = d.format === 'xml' ? XML : JSON_TYPE
      expect(status).toBe(200)
      const answer = {
        method: 'GET',
        url: `${p.em.url}${path}`,
        accept,
        status: 200,
        contentType: d.contentType,
      }
      expect({ ...body, body: '' }).toEqual({ ...answer, body: '' })
      const raw = String(body.body)
      expect(raw.startsWith('\uFEFF')).toBe(false)
      if (d.format === 'json') expect(JSON.parse(raw)).toEqual(jsonEntity(d, RT2))
      else expect(raw).toContain(`UID="${uid(RT2)}"`)
    }
  })
})

// ---- EM refusing, failing, or answering in a form the BFF did not ask for ----

/** What EM may answer to a session's GET, and what the BFF must answer then (FACTS §5, DECISIONS.md). */
const FAULTS: {
  name: string
  reply: (em: StandIn) => Reply
  status: number
  code: string
  quoted?: string
}[] = [
  {
    name: '400 with an Error body',
    reply: (em) => em.error(400, 'Node [root] does not exist.'),
    status: 502,
    code: 'em_bad_response',
    quoted: 'Node [root] does not exist.',
  },
  {
    name: '403 for a role',
    reply: (em) => em.error(403, 'Access denied.'),
    status: 403,
    code: 'em_forbidden',
    quoted: 'Access denied.',
  },
  {
    name: '404 with an Error body',
    reply: (em) => em.error(404, 'Object not found.'),
    status: 404,
    code: 'not_found',
  },
  { name: '404 without a body', reply: () => ({ status: 404 }), status: 404, code: 'not_found' },
  {
    name: '500 with an Error body',
    reply: (em) => em.error(500, 'Object reference not set to an instance of an object.'),
    status: 502,
    code: 'em_unavailable',
    quoted: 'Object reference not set',
  },
  {
    name: '503 with an HTML page',
    reply: () => ({ status: 503, type: 'text/html', body: '<html><body>Service Unavailable</body></html>' }),
    status: 502,
    code: 'em_unavailable',
  },
  {
    name: '200 with an Error body',
    reply: (em) => ({ ...em.error(500, 'Internal error.'), status: 200 }),
    status: 502,
    code: 'em_bad_response',
  },
  {
    name: '200 with a reference, not the entity',
    reply: (em) =>
      em.reply(
        200,
        () => ({ ...xmlRef(em.d, RT2), tag: 'EntityRef' }),
        () => jsonRef(em.d, RT2),
      ),
    status: 502,
    code: 'em_bad_response',
  },
]

describe.each([DOCS_XML, JSON_V12, JSON_V13])('EM refusing and failing ($name)', (d) => {
  let p: Pair
  const path = `/api/replicaTaskSessions/${RT2.id}`
  const calls = (prefix: string) => p.em.calls.filter((c) => c.startsWith(`GET ${prefix}`)).length
  const error = (status: number, code: string, message: unknown = expect.any(String)) => ({
    status,
    body: { error: { code, message } },
  })
  beforeAll(async () => {
    p = await startPair(d)
    expect(await p.get('/api/ready')).toEqual({ status: 200, body: { status: 'ready' } })
  })
  afterEach(() => {
    p.em.intercept = null
  })
  afterAll(() => p.close())

  it.each(FAULTS)('$name on a session: $code', async ({ reply, status, code, quoted }) => {
    p.em.intercept = (r) => (r.path === path ? reply(p.em) : undefined)
    expect(await p.get(path)).toEqual(error(status, code, expect.stringContaining(quoted ?? '')))
  })

  it('401 on a resource call: the token is dropped, one new logon, one retry, the answer', async () => {
    const [logons, before] = [p.em.sessionIds.length, calls(path)]
    let refusals = 0
    p.em.intercept = (r) =>
      r.path === path && refusals++ === 0 ? p.em.error(401, 'Expired.', WWW_AUTHENTICATE) : undefined
    expect(await p.get(path)).toEqual({ status: 200, body: task(RT2) })
    expect([p.em.sessionIds.length - logons, calls(path) - before]).toEqual([1, 2])
  })

  it('401 on every try: one new logon and one retry only, then em_auth_failed', async () => {
    const [logons, before] = [p.em.sessionIds.length, calls(path)]
    p.em.intercept = (r) => (r.path === path ? p.em.error(401, 'Expired.', WWW_AUTHENTICATE) : undefined)
    expect(await p.get(path)).toEqual(error(502, 'em_auth_failed'))
    expect([p.em.sessionIds.length - logons, calls(path) - before]).toEqual([1, 2])
  })

  it('every token gone (EM restarted): parallel calls (/attention, /resolve) share one new logon', async () => {
    const logons = p.em.sessionIds.length
    p.em.tokens.clear()
    expect(await p.get('/api/attention?days=7')).toEqual({
      status: 200,
      body: attentionOf([RT2, BT2, BT1].map(task), RT2_RECOVERED),
    })
    p.em.tokens.clear()
    const resolved = { kind: 'backupTaskSession', id: BT2.id, path: `/backupTaskSessions/${BT2.id}` }
    expect(await p.get(`/api/resolve/${BT2.id}`)).toEqual({ status: 200, body: resolved })
    expect(p.em.sessionIds.length - logons).toBe(2)
  })

  it('EM refusing the logon itself: em_auth_failed, and /api/ready says so', async () => {
    p.em.tokens.clear()
    p.em.intercept = (r) =>
      r.method === 'POST' ? p.em.error(401, 'Unauthorized', WWW_AUTHENTICATE) : undefined
    expect(await p.get(path)).toEqual(error(502, 'em_auth_failed'))
    expect(await p.get('/api/ready')).toEqual(error(503, 'em_auth_failed'))
  })

  it('a role that may not query one kind: the other kinds answer, that kind is named unavailable', async () => {
    const backup = (r: Req) =>
      r.path === '/api/query' && r.url.searchParams.get('type') === 'BackupTaskSession'
    p.em.intercept = (r) => (backup(r) ? p.em.error(403, 'Access denied.') : undefined)
    const part = {
      kind: 'backupTaskSession',
      code: 'em_forbidden',
      message: expect.stringContaining('Access denied.'),
    }
    const { body } = await p.get('/api/attention?days=7')
    // The failed backup run's machines cannot be read: the run itself is listed, so it is not missed.
    expect(body).toEqual({ ...attentionOf([task(RT2)], RT2_RECOVERED, [job(BJ1)]), unavailable: [part] })
    const history = await p.get(`/api/replicaTaskSessions/${RT2.id}/history`)
    expect(history.body).toMatchObject({
      items: [RT4, RT3, RT2].map(task),
      retries: [task(RT3)],
      unavailable: [part],
    })
  })

  it.each([
    { status: 500, said: 'Object reference not set.', code: 'em_unavailable', shown: 'HTTP 500' },
    { status: 403, said: 'Access denied.', code: 'em_forbidden', shown: '403' },
  ])(
    "EM answering $status to the lookup of a failed run's retries: the history stands, job sessions named unavailable",
    async ({ status, said, code, shown }) => {
      const jobs = (r: Req) => r.url.searchParams.get('type') === 'ReplicaJobSession'
      p.em.intercept = (r) => (jobs(r) ? p.em.error(status, said) : undefined)
      const part = { kind: 'replicaJobSession', code, message: expect.stringContaining(shown) }
      const history = {
        vmDisplayName: 'db01',
        items: [RT4, RT3, RT2, BT1].map(task),
        retries: [],
        unavailable: [part],
      }
      expect(await p.get(`/api/replicaTaskSessions/${RT2.id}/history`)).toEqual({
        status: 200,
        body: history,
      })
    },
  )

  it('a role that may query nothing: em_forbidden', async () => {
    p.em.intercept = (r) => (r.path === '/api/query' ? p.em.error(403, 'Access denied.') : undefined)
    expect(await p.get('/api/attention?days=1')).toEqual(error(403, 'em_forbidden'))
    expect(await p.get(`/api/backupServers/${SERVER}/sessions`)).toEqual(error(403, 'em_forbidden'))
  })

  it('resolve, with the backup kinds forbidden: found among the others, else em_forbidden naming them', async () => {
    p.em.intercept = (r) => (r.path.startsWith('/api/backup') ? p.em.error(403, 'Access denied.') : undefined)
    const found = { kind: 'replicaJobSession', id: RJ1.id, path: `/replicaSessions/${RJ1.id}` }
    expect(await p.get(`/api/resolve/${RJ1.id}`)).toEqual({ status: 200, body: found })
    const message = expect.stringMatching(/backup task sessions, backup job sessions/)
    expect(await p.get(`/api/resolve/${guid(999)}`)).toEqual(error(403, 'em_forbidden', message))
  })

  it('an ID EM does not have (or no longer keeps): not_found, with the retention hint for a session', async () => {
    expect(await p.get(`/api/resolve/${guid(999)}`)).toEqual(error(404, 'not_found'))
    const [job, task] = [`/api/replicaSessions/${guid(999)}`, `/api/backupTaskSessions/${guid(999)}`]
    for (const route of [
      job,
      `${job}/replicaTaskSessions`,
      `${job}/runs`,
      `${job}/raw`,
      task,
      `${task}/history`,
    ])
      expect(await p.get(route)).toEqual(error(404, 'not_found', expect.stringContaining('retention')))
    expect(await p.get(`/api/backupServers/${guid(999)}`)).toEqual(error(404, 'not_found'))
  })

  it('references where entities were asked for: a task list and a query are refused, not read as empty', async () => {
    const list = `/api/replicaSessions/${RJ1.id}/replicaTaskSessions`
    p.em.intercept = (r) => {
      if (r.path === list) return p.em.route({ ...r, url: new URL(`http://em${list}`) })
      return r.path === '/api/query' ? p.em.query(r.url.searchParams, true) : undefined
    }
    expect(await p.get(list)).toEqual(error(502, 'em_bad_response'))
    expect(await p.get('/api/attention?days=7')).toEqual(error(502, 'em_bad_response'))
  })
})

const without = (e: Entity, ...names: string[]): Entity => ({
  ...e,
  fields: e.fields.filter(([k]) => !names.includes(k)),
})
const changed = (e: Entity, values: Record<string, Value>): Entity => ({
  ...e,
  fields: e.fields.map(([k, v]) => [k, values[k] ?? v]),
})
const ODD = 'sql "prod", eu;(1) é数据'
const ODD_TASKS = [
  replicaTask(70, RJ1, {
    vm: ODD,
    start: at(62),
    end: at(63),
    state: 'Completed',
    result: 'Failed',
    reason: 'x',
  }),
  backupTask(71, BJ1, { vm: ODD, start: at(33), end: at(34), state: 'Completed', result: 'Success' }),
]
/** A session EM writes with fewer members, or values the docs do not list, and what the BFF answers for it. */
const MEMBERS: [string, Entity, unknown][] = [
  ['no Links (optional in the XSD)', { ...RT2, links: [] }, { ...task(RT2), links: [] }],
  ['no JobSessionUid: the job session from its Up link', without(RT2, 'JobSessionUid'), task(RT2)],
  ['no JobUid: the job from its JobReference link', without(RJ1, 'JobUid'), job(RJ1)],
  [
    'no VmUid, Reason, TotalSize, EndTimeUTC',
    without(BT1, 'VmUid', 'Reason', 'TotalSize', 'EndTimeUTC'),
    { ...task(BT1), vmUid: null, reason: '', totalSize: null, endTime: null },
  ],
  [
    'State and Result values the docs do not list: shown as they are',
    changed(RJ3, { State: 'Postprocessing', Result: 'Canceled', JobType: 'ImmediateBackupCopyWorker' }),
    { ...job(RJ3), state: 'Postprocessing', result: 'Canceled', jobType: 'ImmediateBackupCopyWorker' },
  ],
]

describe.each([DOCS_XML, JSON_V12, JSON_V13])('members left out, values not in the docs ($name)', (d) => {
  let p: Pair
  beforeAll(async () => {
    p = await startPair(d, {}, [...DATA, ...ODD_TASKS])
  })
  afterAll(() => p.close())

  it.each(MEMBERS)('%s', async (_, session, expected) => {
    const entities = p.em.entities
    p.em.entities = entities.map((e) => (e.id === session.id ? session : e))
    try {
      expect(await p.get(`/api${selfPath(session)}`)).toEqual({ status: 200, body: expected })
    } finally {
      p.em.entities = entities
    }
  })

  it('a machine named with quotes, a comma, a semicolon, parentheses and non-ASCII letters: its history', async () => {
    const [failed, backedUp] = ODD_TASKS as [Entity, Entity]
    const history = { vmDisplayName: ODD, items: [failed, backedUp].map(task), retries: [], unavailable: [] }
    expect(await p.get(`/api/replicaTaskSessions/${failed.id}/history`)).toEqual({
      status: 200,
      body: history,
    })
  })
})

/** Veeam's published payloads (../shared/em-api), verbatim, as EM's answer to the route that reads them. */
const verbatim = (file: string) =>
  listExamples().includes(file) ? readExample(file) : readBackupQueryExample(file)
const VERBATIM: { file: string; route: string; status?: number; expected: unknown }[] = [
  {
    file: 'replica-task-session.entity.docs-v13.xml',
    route: '/api/replicaTaskSessions/24590151-20cd-4e57-8a2f-8b65869a1879',
    expected: {
      status: 200,
      body: {
        vmDisplayName: 'srv04',
        state: 'Completed',
        result: 'Success',
        reason: '',
        totalSize: 64424509440,
        jobSessionId: '0bcf5a1e-866c-4b40-8bc3-ce64753b9a6b',
        endTime: '2014-10-19T07:02:33.000Z',
      },
    },
  },
  {
    file: 'replica-job-session.entity.docs-v13.xml',
    route: '/api/replicaSessions/0bcf5a1e-866c-4b40-8bc3-ce64753b9a6b',
    expected: {
      status: 200,
      body: { jobId: '2c49a44e-1e59-4527-a6bc-6b2f9b579ee1', jobType: 'Replica', progress: 100 },
    },
  },
  {
    file: 'backup-job-session.entity.v10.json',
    route: '/api/backupSessions/821cc74e-9447-40b6-a2df-90aa47101233',
    expected: {
      status: 200,
      body: { jobType: 'NasBackup', failureMessage: null, endTime: '2020-02-04T08:47:10.640Z' },
    },
  },
  {
    file: 'backup-job-session.entity.docs-v13.1.xml',
    route: '/api/backupSessions/a057c2c3-f3bd-4ab4-9fb7-24058cccb4f6',
    expected: {
      status: 200,
      body: { jobName: 'Backup Job 3', state: 'Stopped', result: 'Success', isRetry: false },
    },
  },
  {
    file: 'backup-task-session.entity.docs-v13.1.xml',
    route: '/api/backupTaskSessions/88322206-a645-4aa3-9228-028ce51e7c0f',
    expected: { status: 200, body: { vmUid: 'urn:VMware:Vm:a87d15db-dd70-4769-acd6-41bae88219d4.vm-91826' } },
  },
  {
    file: 'backup-server.entity.docs-v13.xml',
    route: '/api/backupServers/ce15a8c7-aa49-495e-b05b-ee3398c91018',
    expected: {
      status: 200,
      body: { name: 'srv02.tech.local', description: '', port: 9392, version: '8.0' },
    },
  },
  {
    file: 'replica-session-task-sessions.entity-list.docs-v13.1.xml',
    route: '/api/replicaSessions/f5bf1a4b-c229-452e-a4e8-0354e1752b4e/replicaTaskSessions',
    expected: {
      status: 200,
      body: { items: [{ id: 'c20dae03-4f75-4191-ae81-862f4b7988ca', vmDisplayName: 'ubuntu88' }] },
    },
  },
  {
    file: 'backup-session-task-sessions.reference-list.docs-v13.1.xml',
    route: '/api/backupSessions/a057c2c3-f3bd-4ab4-9fb7-24058cccb4f6/taskSessions',
    expected: { status: 502, body: { error: { code: 'em_bad_response' } } },
  },
  {
    file: 'error.500.xml',
    route: `/api/replicaTaskSessions/${guid(998)}`,
    status: 500,
    expected: {
      status: 502,
      body: { error: { code: 'em_unavailable', message: expect.stringContaining('Object reference') } },
    },
  },
  {
    file: 'error.400.json',
    route: `/api/replicaTaskSessions/${guid(998)}`,
    status: 400,
    expected: {
      status: 502,
      body: { error: { code: 'em_bad_response', message: expect.stringContaining('Node [root]') } },
    },
  },
]

describe("Veeam's own payloads, verbatim, as a stand-in EM's answers", () => {
  let p: Pair
  beforeAll(async () => {
    p = await startPair(DOCS_XML)
  })
  afterEach(() => {
    p.em.intercept = null
  })
  afterAll(() => p.close())
  const answer = (file: string, status = 200): Reply => ({
    status,
    body: verbatim(file),
    type: file.endsWith('.json') ? JSON_TYPE : XML_UTF8,
  })

  it.each(VERBATIM)('$file', async ({ file, route, status, expected }) => {
    p.em.intercept = (r) => (r.path === route ? answer(file, status) : undefined)
    expect(await p.get(route)).toMatchObject(expected as object)
  })

  it('query results: /attention keeps the failed ones, reads at most 3 of 7 pages, lists each session once', async () => {
    p.em.intercept = (r) => {
      const type = r.url.searchParams.get('type')
      if (type === 'BackupTaskSession') return answer('query.backup-task-session.entities.docs-v13.1.xml')
      return type === 'ReplicaTaskSession'
        ? answer('query.replica-task-session.entities.docs-v13.1.xml')
        : undefined
    }
    const { status, body } = await p.get('/api/attention?days=7')
    const ids = [
      '38ceb150-e0a8-4f87-8a17-243afc1b98f4',
      'e381e791-db27-492a-889b-1ed1f8217016',
      'c8de8f77-46d7-4671-b789-f490cd710692',
    ]
    expect({
      status,
      ids: (body.items as { id: string }[]).map((t) => t.id),
      truncated: body.truncated,
    }).toEqual({ status: 200, ids, truncated: true })
  })
})

describe.each([
  ['the token in the X-RestSvcSessionId header only', (t: string) => ({ 'X-RestSvcSessionId': t })],
  ['the token in its cookie only', (t: string) => ({ 'Set-Cookie': `X-RestSvcSessionId=${t}; Path=/api;` })],
  ['the token header named in another case', (t: string) => ({ 'x-RESTSVCSESSIONID': t })],
])('a logon answered with %s', (_, headers) => {
  it.each([DOCS_XML, JSON_V13])(
    'reads, then logs off the SessionId its LogonSession names ($name)',
    async (d) => {
      const p = await startPair(d)
      p.em.logonHeaders = headers
      expect(await p.get(`/api/replicaTaskSessions/${RT2.id}`)).toEqual({ status: 200, body: task(RT2) })
      await p.close()
      expect(p.em.logoffs).toEqual(p.em.sessionIds)
      expect(p.em.logoffs).toHaveLength(1)
    },
  )
})

describe.each([DOCS_XML, JSON_V13])('a query answer of several pages ($name)', (d) => {
  /** `n` failed replica task sessions of the last hour, newest first. */
  const failed = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      replicaTask(1000 + i, RJ1, {
        vm: `vm${i}`,
        start: at(300 - i / 10),
        end: at(310),
        state: 'Completed',
        result: 'Failed',
      }),
    )
  it.each([
    { n: 250, pageCap: undefined, read: 250, pages: [1, 2, 3], truncated: false },
    { n: 350, pageCap: undefined, read: 300, pages: [1, 2, 3], truncated: true },
    { n: 250, pageCap: 40, read: 120, pages: [1, 2, 3], truncated: true },
  ])(
    '$n sessions, EM pages of at most $pageCap: $read read, pages $pages, truncated $truncated',
    async ({ n, pageCap, read, pages, truncated }) => {
      const sessions = failed(n)
      const p = await startPair({ ...d, pageCap }, {}, [RJ1, ...sessions])
      try {
        const { status, body } = await p.get('/api/attention?days=1')
        expect({ status, truncated: body.truncated, unavailable: body.unavailable }).toEqual({
          status: 200,
          truncated,
          unavailable: [],
        })
        expect(body.items).toEqual(sessions.slice(0, read).map(task))
        // The failures' pages (the check for their machines' later successes is a query of its own).
        const asked = p.em.calls
          .filter((c) => c.includes('type=ReplicaTaskSession') && !decodeURIComponent(c).includes('Success'))
          .map((c) => Number(/&page=(\d+)/.exec(c)?.[1]))
        expect(asked.sort()).toEqual(pages)
      } finally {
        await p.close()
      }
    },
  )
})

describe.each([DIALECTS[2], JSON_V13])('a task list of 1,000 machines ($name)', (d) => {
  it('is read whole, in order (a list this big is read off the main thread)', async () => {
    const job = replicaRun(80, { start: at(200), end: at(260), state: 'Stopped', result: 'Success' })
    const tasks = Array.from({ length: 1000 }, (_, i) =>
      replicaTask(3000 + i, job, { vm: `vm-${i}`, start: at(200 + i / 100), end: at(259), ...done, size: i }),
    )
    const p = await startPair(d, {}, [job, ...tasks])
    try {
      const res = await p.get(`/api/replicaSessions/${job.id}/replicaTaskSessions`)
      expect(res).toEqual({ status: 200, body: { items: tasks.map(task) } })
    } finally {
      await p.close()
    }
  })
})

describe.each([DOCS_XML, JSON_V13])('sessions that start while a query is read page by page ($name)', (d) => {
  it('shift the pages by one: each session is listed once', async () => {
    const sessions = Array.from({ length: 250 }, (_, i) =>
      replicaTask(1000 + i, RJ1, {
        vm: `vm${i}`,
        start: at(300 - i / 10),
        end: at(310),
        state: 'Completed',
        result: 'Failed',
      }),
    )
    const p = await startPair(d, {}, [RJ1, ...sessions])
    const started = replicaTask(2000, RJ1, {
      vm: 'new',
      start: at(330),
      end: at(331),
      state: 'Completed',
      result: 'Failed',
    })
    p.em.intercept = (r) => {
      const firstPage =
        r.url.searchParams.get('page') === '1' && r.url.searchParams.get('type') === 'ReplicaTaskSession'
      if (!firstPage || p.em.entities.includes(started)) return undefined
      const first = p.em.query(r.url.searchParams, false)
      p.em.entities.push(started)
      return first
    }
    try {
      const { body } = await p.get('/api/attention?days=1')
      const ids = (body.items as { id: string }[]).map((t) => t.id)
      expect([ids.length, new Set(ids).size]).toEqual([250, 250])
    } finally {
      await p.close()
    }
  })
})

describe('signed in with your own EM account (AUTH=em), EM v13 JSON', () => {
  let p: Pair
  beforeAll(async () => {
    p = await startPair(JSON_V13, { AUTH: 'em', COOKIE_SECURE: 'false' })
  })
  afterAll(() => p.close())
  const signIn = async (password = PASSWORD) => {
    const init = {
      method: 'POST',
      headers: { 'content-type': JSON_TYPE },
      body: JSON.stringify({ username: USER, password }),
    }
    const res = await fetch(`${p.url}/api/session`, init)
    return {
      status: res.status,
      body: await res.json(),
      cookie: res.headers.get('set-cookie')?.split(';')[0] ?? '',
    }
  }

  it('signs in as the user EM names, reads as that user, and a 401 from EM ends the session', async () => {
    const { status, body, cookie } = await signIn()
    expect({ status, body }).toEqual({
      status: 200,
      body: { user: { name: `ENTERPRISE06\\${USER}` }, auth: 'em', refreshMs: expect.any(Number) },
    })
    const headers = { cookie }
    expect(await p.get(`/api/replicaTaskSessions/${RT2.id}`, { headers })).toEqual({
      status: 200,
      body: task(RT2),
    })
    p.em.intercept = (r) =>
      r.path.startsWith('/api/backupServers/') ? p.em.error(403, 'Access denied.') : undefined
    const forbidden = await p.get(`/api/backupServers/${SERVER}`, { headers })
    expect(forbidden).toEqual({
      status: 403,
      body: {
        error: { code: 'em_forbidden', message: expect.stringContaining('your Enterprise Manager account') },
      },
    })
    p.em.intercept = null
    p.em.tokens.clear()
    expect((await p.get(`/api/replicaTaskSessions/${RT2.id}`, { headers })).body.error?.code).toBe(
      'session_expired',
    )
    expect((await p.get(`/api/replicaTaskSessions/${RT2.id}`, { headers })).body.error?.code).toBe(
      'unauthenticated',
    )
  })

  it.each(['/api/attention?days=7', `/api/resolve/${RT2.id}`, `/api/replicaTaskSessions/${RT2.id}/history`])(
    'EM ending the session during the parallel calls of %s: session_expired, not a part unavailable',
    async (path) => {
      const { cookie } = await signIn()
      p.em.tokens.clear()
      const expired = {
        status: 401,
        body: { error: { code: 'session_expired', message: expect.any(String) } },
      }
      expect(await p.get(path, { headers: { cookie } })).toEqual(expired)
    },
  )

  it('a password EM refuses: invalid_credentials', async () => {
    const { status, body } = await signIn('wrong')
    expect({ status, body }).toEqual({
      status: 401,
      body: { error: { code: 'invalid_credentials', message: expect.any(String) } },
    })
  })

  it('signing out logs the EM session off by its SessionId', async () => {
    const { cookie } = await signIn()
    const out = await fetch(`${p.url}/api/session`, { method: 'DELETE', headers: { cookie } })
    expect(out.status).toBe(204)
    expect(p.em.logoffs.at(-1)).toBe(p.em.sessionIds.at(-1))
  })
})
