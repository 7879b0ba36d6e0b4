/**
 * A static stand-in for Enterprise Manager: the smallest node:http server that answers what the BFF asks for a
 * replica task session, at once, with keep-alive, for any GUID. Logon → 201 with a token; task session → entity
 * XML (prolog, namespaces, the requested ID) or JSON with a BOM; logoff → 204. IDs starting with `c0` are
 * Completed (the BFF caches them 10 min): the memory flood asks for 200 000 of them. Every other ID is still
 * InProgress with no end time, which the BFF caches only for RUNNING_CACHE_MS (the floors run it with 0).
 *
 * Prints one JSON line `{"url": …}` when listening. `GET /__stats` (outside /api) reports the counts.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

// One account per BFF process (UPSTREAM_USERS, comma-separated), so logons are counted per BFF.
const USERS = (process.env.UPSTREAM_USERS ?? 'bench').split(',')
const PASSWORD = process.env.UPSTREAM_PASSWORD ?? 'Bench-Passw0rd!'
// The token of the pass-through, which sends requests without logging on.
const SHARED_TOKEN = Buffer.from('0b6e0d1c-5a0e-4f7b-9d59-4b8c2d0f4c11').toString('base64')
// Each account gets its own token, so what each BFF asked for is counted apart.
const TOKEN_TO_USER = new Map<string, string>([
  [SHARED_TOKEN, 'shared'],
  ...USERS.map((user): [string, string] => [Buffer.from(`token-of-${user}`).toString('base64'), user]),
])
const USER_TO_TOKEN = new Map([...TOKEN_TO_USER].map(([token, user]) => [user, token]))
const AUTH_TO_USER = new Map(
  USERS.map((user) => [`Basic ${Buffer.from(`${user}:${PASSWORD}`).toString('base64')}`, user]),
)

const stats = {
  logons: Object.fromEntries(USERS.map((u) => [u, 0])) as Record<string, number>,
  taskSessions: 0,
  completedTaskSessions: 0,
  /** Fetches of task sessions, by account ('shared': the pass-through). */
  taskSessionsByUser: {} as Record<string, number>,
  /** Fetches of Completed task sessions, by account. */
  completedByUser: {} as Record<string, number>,
  logoffs: 0,
  unauthorized: 0,
  other: 0,
}
let origin = ''

const TASK_RE = /^\/api\/replicaTaskSessions\/([0-9a-f-]{36})\?format=Entity$/

const JOB_ID = '0bcf5a1e-866c-4b40-8bc3-ce64753b9a6b'
const SERVER_ID = 'ce15a8c7-aa49-495e-b05b-ee3398c91018'
const POINT_ID = '623cbbec-c8ff-4cf4-96be-d433f3b775c7'

// Twelve VM names, so answers differ a little, as EM's do.
const VMS = [
  'srv04',
  'sql-prod-01',
  'app02',
  'web-frontend-03',
  'dc01',
  'exchange-mbx-2',
  'fileserver02',
  'erp-db',
  'build-agent-7',
  'jump01',
  'k8s-node-12',
  'vpn-gw',
]

function vmOf(id: string): string {
  return VMS[Number.parseInt(id.slice(0, 2), 16) % VMS.length] ?? 'srv04'
}

function xmlTaskSession(id: string): string {
  const done = id.startsWith('c0')
  const vm = vmOf(id)
  const name = `${vm}@2026-11-19 06:47:21`
  return `<?xml version="1.0" encoding="utf-8"?>
<ReplicaTaskSession xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://www.veeam.com/ent/v1.0" Href="${origin}/api/replicaTaskSessions/${id}?format=Entity" Type="ReplicaTaskSession" Name="${name}" UID="urn:veeam:ReplicaTaskSession:${id}" VmDisplayName="${vm}">
  <Links>
    <Link Href="${origin}/api/backupServers/${SERVER_ID}" Name="vbr01.corp.local" Type="BackupServerReference" Rel="Up" />
    <Link Href="${origin}/api/replicaSessions/${JOB_ID}" Name="Fileserver02 Replication@2026-11-19 06:46:31" Type="ReplicaJobSessionReference" Rel="Up" />
    <Link Href="${origin}/api/replicaTaskSessions/${id}" Name="${name}" Type="ReplicaTaskSessionReference" Rel="Alternate" />${
      done
        ? `
    <Link Href="${origin}/api/vmReplicaPoints/${POINT_ID}?format=Entity" Name="${vm}@2026-11-19 06:48:24" Type="VmReplicaPoint" Rel="Related" />`
        : ''
    }
  </Links>
  <JobSessionUid>urn:veeam:ReplicaJobSession:${JOB_ID}</JobSessionUid>
  <CreationTimeUTC>2026-11-19T06:47:21.903Z</CreationTimeUTC>${done ? '\n  <EndTimeUTC>2026-11-19T07:02:33.948Z</EndTimeUTC>' : ''}
  <State>${done ? 'Completed' : 'InProgress'}</State>
  <Result>${done ? 'Success' : 'None'}</Result>
  <Reason />
  <TotalSize>64424509440</TotalSize>
</ReplicaTaskSession>
`
}

function jsonTaskSession(id: string): string {
  const done = id.startsWith('c0')
  const vm = vmOf(id)
  const name = `${vm}@2026-11-19 06:47:21`
  const links = [
    {
      Rel: 'Up',
      Href: `${origin}/api/backupServers/${SERVER_ID}`,
      Name: 'vbr01.corp.local',
      Type: 'BackupServerReference',
    },
    {
      Rel: 'Up',
      Href: `${origin}/api/replicaSessions/${JOB_ID}`,
      Name: 'Fileserver02 Replication@2026-11-19 06:46:31',
      Type: 'ReplicaJobSessionReference',
    },
    {
      Rel: 'Alternate',
      Href: `${origin}/api/replicaTaskSessions/${id}`,
      Name: name,
      Type: 'ReplicaTaskSessionReference',
    },
    ...(done
      ? [
          {
            Rel: 'Related',
            Href: `${origin}/api/vmReplicaPoints/${POINT_ID}?format=Entity`,
            Name: `${vm}@2026-11-19 06:48:24`,
            Type: 'VmReplicaPoint',
          },
        ]
      : []),
  ]
  // EM (WCF) starts its JSON with a UTF-8 byte-order mark.
  return `\uFEFF${JSON.stringify({
    JobSessionUid: `urn:veeam:ReplicaJobSession:${JOB_ID}`,
    CreationTimeUTC: '2026-11-19T06:47:21.903Z',
    EndTimeUTC: done ? '2026-11-19T07:02:33.948Z' : null,
    State: done ? 'Completed' : 'InProgress',
    Result: done ? 'Success' : 'None',
    Reason: '',
    TotalSize: 64424509440,
    VmDisplayName: vm,
    Name: name,
    UID: `urn:veeam:ReplicaTaskSession:${id}`,
    Links: links,
    Href: `${origin}/api/replicaTaskSessions/${id}?format=Entity`,
    Type: 'ReplicaTaskSession',
  })}`
}

function logonXml(user: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<LogonSession xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://www.veeam.com/ent/v1.0" Href="${origin}/api/logonSessions/0b6e0d1c-5a0e-4f7b-9d59-4b8c2d0f4c11" Type="LogonSession">
  <Links>
    <Link Href="${origin}/api/" Type="EnterpriseManager" Rel="Up" />
    <Link Href="${origin}/api/logonSessions/0b6e0d1c-5a0e-4f7b-9d59-4b8c2d0f4c11" Rel="Delete" />
  </Links>
  <UserName>BENCH\\${user}</UserName>
  <SessionId>0b6e0d1c-5a0e-4f7b-9d59-4b8c2d0f4c11</SessionId>
</LogonSession>
`
}

const server = http.createServer((req, res) => {
  const url = req.url ?? ''
  const json = (req.headers.accept ?? '').includes('application/json')
  const type = json ? 'application/json; charset=utf-8' : 'application/xml; charset=utf-8'
  if (req.method === 'GET') {
    const m = TASK_RE.exec(url)
    if (m?.[1]) {
      const caller = TOKEN_TO_USER.get(String(req.headers['x-restsvcsessionid'] ?? ''))
      if (!caller) {
        stats.unauthorized++
        res.writeHead(401, { 'content-type': type, 'content-length': '0' }).end()
        return
      }
      stats.taskSessions++
      stats.taskSessionsByUser[caller] = (stats.taskSessionsByUser[caller] ?? 0) + 1
      if (m[1].startsWith('c0')) {
        stats.completedTaskSessions++
        stats.completedByUser[caller] = (stats.completedByUser[caller] ?? 0) + 1
      }
      const body = Buffer.from(json ? jsonTaskSession(m[1]) : xmlTaskSession(m[1]), 'utf8')
      res.writeHead(200, { 'content-type': type, 'content-length': String(body.length) }).end(body)
      return
    }
    if (url === '/__stats') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats))
      return
    }
  }
  if (req.method === 'POST' && url === '/api/sessionMngr/?v=latest') {
    const user = AUTH_TO_USER.get(req.headers.authorization ?? '')
    if (!user) {
      stats.unauthorized++
      res.writeHead(401, { 'content-length': '0' }).end()
      return
    }
    stats.logons[user] = (stats.logons[user] ?? 0) + 1
    const body = Buffer.from(logonXml(user), 'utf8')
    res
      .writeHead(201, {
        'content-type': 'application/xml; charset=utf-8',
        'content-length': String(body.length),
        'x-restsvcsessionid': USER_TO_TOKEN.get(user) ?? '',
      })
      .end(body)
    return
  }
  if (req.method === 'DELETE' && url.startsWith('/api/logonSessions/')) {
    stats.logoffs++
    res.writeHead(204).end()
    return
  }
  stats.other++
  res.writeHead(404, { 'content-length': '0' }).end()
})
server.keepAliveTimeout = 65_000

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo
  origin = `http://127.0.0.1:${port}`
  process.stdout.write(`${JSON.stringify({ url: origin })}\n`)
})
process.on('SIGTERM', () => process.exit(0))
