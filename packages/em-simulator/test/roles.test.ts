import { describe, expect, it } from 'vitest'
import { DEFAULT_CREDENTIALS, DEFAULT_USERS, PORTAL_USER_JOB_NAMES } from '../src/index.ts'
import { at, basic, get, logon, manualClock, type Obj, parseJson, parseXml, request, sim } from './helpers.ts'

const C = DEFAULT_CREDENTIALS

async function setup() {
  const clock = manualClock()
  const s = await sim({ now: clock.now })
  return { s, clock }
}

type Sim = Awaited<ReturnType<typeof sim>>

async function expect403(s: Sim, token: string, path: string): Promise<void> {
  const json = await get(s, path, token, true)
  expect(json.status, path).toBe(403)
  expect(json.statusMessage).toBe('Forbidden')
  expect(parseJson(json)).toMatchObject({ StatusCode: 403, Message: 'Access denied.' })
  const xml = await get(s, path, token)
  expect(at(parseXml(xml.text), 'Error', '@StatusCode')).toBe('403')
}

async function entities(s: Sim, token: string, type: string, filter?: string): Promise<Obj[]> {
  const qs = new URLSearchParams({ type, format: 'Entities', pageSize: '100000' })
  if (filter) qs.set('filter', filter)
  const r = await get(s, `/query?${qs}`, token, true)
  expect(r.status, r.text).toBe(200)
  const list = `${type}s`
  return ((parseJson(r).Entities as Record<string, Record<string, Obj[]>>)[list]?.[list] ?? []) as Obj[]
}

const rootJobName = (x: Obj): string => String(x.JobName).replace(/ - [^ ]+$/, '')

describe('the Portal User', () => {
  it('logs on and reads the sessions of its jobs, the failed demo sessions included', async () => {
    const { s } = await setup()
    const token = await logon(s, C.portalUsername, C.portalPassword)
    for (const path of [
      `/replicaTaskSessions/${s.demo.failedTaskSessionId}?format=Entity`,
      `/replicaTaskSessions/${s.demo.portalUserVisibleTaskSessionId}`,
      `/replicaSessions/${s.demo.portalUserVisibleJobSessionId}?format=Entity`,
      `/replicaSessions/${s.demo.portalUserVisibleJobSessionId}/replicaTaskSessions`,
      `/replicaTaskSessions/${s.demo.runningTaskSessionId}`,
      `/backupTaskSessions/${s.demo.backupFailedTaskSessionId}?format=Entity`,
      `/backupTaskSessions/${s.demo.portalUserVisibleBackupTaskSessionId}`,
      `/backupSessions/${s.demo.backupFailedJobSessionId}/taskSessions`,
      `/backupSessions/${s.demo.backupRunningJobSessionId}`,
      // Backup servers are readable (security_roles_concept).
      `/backupServers/${s.demo.backupServerIds[0]}?format=Entity`,
      '/backupServers',
      '/query?type=BackupServer',
    ]) {
      expect((await get(s, path, token)).status, path).toBe(200)
    }
    const body = parseXml(
      (await request(`${s.url}/api/logonSessions`, { headers: { 'X-RestSvcSessionId': token } })).text,
    )
    expect(JSON.stringify(body)).toContain('SIMULATOR\\\\portal')
  })

  it('gets 403 with an Error body for sessions outside its jobs, their task lists, /jobs and type=Job', async () => {
    const { s } = await setup()
    const token = await logon(s, C.portalUsername, C.portalPassword)
    for (const path of [
      `/replicaTaskSessions/${s.demo.portalUserForbiddenTaskSessionId}`,
      `/replicaTaskSessions/${s.demo.portalUserForbiddenTaskSessionId}?format=Entity`,
      `/replicaSessions/${s.demo.portalUserForbiddenJobSessionId}`,
      `/replicaSessions/${s.demo.portalUserForbiddenJobSessionId}/replicaTaskSessions?format=Entity`,
      `/replicaSessions/${s.demo.completedJobSessionId}`,
      `/backupTaskSessions/${s.demo.portalUserForbiddenBackupTaskSessionId}?format=Entity`,
      `/backupSessions/${s.demo.portalUserForbiddenBackupJobSessionId}`,
      `/backupSessions/${s.demo.portalUserForbiddenBackupJobSessionId}/taskSessions`,
      `/backupSessions/${s.demo.agentBackupJobSessionId}/agentManagementSessions`,
      `/backupSessions/${s.demo.agentManagementJobSessionId}`,
      '/jobs',
      `/jobs/${s.demo.backupServerIds[0]}`,
      '/query?type=Job',
      '/query?type=ObjectInJob',
    ]) {
      await expect403(s, token, path)
    }
    // An unknown ID stays a 404: there is nothing to deny.
    expect((await get(s, '/replicaTaskSessions/00000000-0000-4000-8000-000000000000', token)).status).toBe(
      404,
    )
  })

  it('queries and collections return only the sessions of its jobs', async () => {
    const { s } = await setup()
    const admin = await logon(s)
    const portal = await logon(s, C.portalUsername, C.portalPassword)
    const scope = new Set(PORTAL_USER_JOB_NAMES)
    for (const type of ['ReplicaTaskSession', 'ReplicaJobSession', 'BackupTaskSession', 'BackupJobSession']) {
      const all = await entities(s, admin, type)
      const mine = await entities(s, portal, type)
      const jobOf = (x: Obj) =>
        type.endsWith('TaskSession')
          ? String((x.Links as { Name: string }[])[1]?.Name).replace(/@.*$/, '')
          : rootJobName(x)
      expect(mine.length, type).toBeGreaterThan(0)
      expect(mine.length, type).toBeLessThan(all.length)
      for (const x of mine) expect(scope.has(jobOf(x)), `${type} ${jobOf(x)}`).toBe(true)
      expect(mine.map((x) => x.UID).sort()).toEqual(
        all
          .filter((x) => scope.has(jobOf(x)))
          .map((x) => x.UID)
          .sort(),
      )
    }
    const failed = await entities(s, portal, 'BackupTaskSession', 'Result==Failed')
    expect(failed.map((t) => t.UID)).toContain(
      `urn:veeam:BackupTaskSession:${s.demo.backupFailedTaskSessionId}`,
    )
    const coll = (await get(s, '/replicaTaskSessions', portal)).text
    expect(coll).toContain(s.demo.failedTaskSessionId)
    expect(coll).not.toContain(s.demo.portalUserForbiddenTaskSessionId)
    const backups = (await get(s, '/backupSessions', portal)).text
    expect(backups).toContain(s.demo.backupFailedJobSessionId)
    expect(backups).not.toContain(s.demo.portalUserForbiddenBackupJobSessionId)
    const paging = parseJson(await get(s, '/query?type=ReplicaJobSession&pageSize=5', portal, true))
      .PagingInfo as Obj
    const allPaging = parseJson(await get(s, '/query?type=ReplicaJobSession&pageSize=5', admin, true))
      .PagingInfo as Obj
    expect(Number(paging.PagesCount)).toBeLessThan(Number(allPaging.PagesCount))
  })

  it('a configured Portal User sees the jobs it is given; an agent job covers its computers', async () => {
    const s = await sim({
      users: [
        {
          username: 'desk',
          password: 'Desk-Passw0rd!',
          role: 'PortalUser',
          jobNames: ['workstations agent backup'],
        },
      ],
    })
    const token = await logon(s, 'desk', 'Desk-Passw0rd!')
    expect((await get(s, `/backupSessions/${s.demo.agentManagementJobSessionId}`, token)).status).toBe(200)
    expect((await get(s, `/backupTaskSessions/${s.demo.agentTaskSessionId}`, token)).status).toBe(200)
    expect(
      (await get(s, `/backupSessions/${s.demo.agentBackupJobSessionId}/agentManagementSessions`, token))
        .status,
    ).toBe(200)
    expect((await get(s, `/backupTaskSessions/${s.demo.backupFailedTaskSessionId}`, token)).status).toBe(403)
    // The defaults are replaced: no 'portal' account any more.
    const gone = await request(`${s.url}/api/sessionMngr/`, {
      method: 'POST',
      headers: { Authorization: basic(C.portalUsername, C.portalPassword) },
    })
    expect(gone.status).toBe(401)
  })
})

describe('the Restore Operator', () => {
  it('logs on, but every session resource, task list, session query and the backup servers answer 403', async () => {
    const { s } = await setup()
    const token = await logon(s, C.operatorUsername, C.operatorPassword)
    for (const path of [
      `/replicaTaskSessions/${s.demo.completedTaskSessionId}`,
      '/replicaTaskSessions',
      `/replicaSessions/${s.demo.completedJobSessionId}/replicaTaskSessions`,
      `/backupTaskSessions/${s.demo.backupCompletedTaskSessionId}?format=Entity`,
      `/backupSessions/${s.demo.backupCompletedJobSessionId}/taskSessions`,
      '/backupSessions',
      '/agents/backupSessions',
      '/nas/backupSessions',
      '/backupServers',
      `/backupServers/${s.demo.backupServerIds[0]}`,
      '/jobs',
      '/query?type=ReplicaTaskSession',
      '/query?type=ReplicaJobSession',
      '/query?type=BackupTaskSession',
      '/query?type=BackupJobSession',
      '/query?type=BackupServer',
      '/query?type=Job',
    ]) {
      await expect403(s, token, path)
    }
    const id = Buffer.from(token, 'base64').toString('utf8')
    expect((await get(s, `/logonSessions/${id}`, token)).status).toBe(200)
  })
})

describe('the Portal Administrator', () => {
  it('reads everything, /jobs and type=Job included', async () => {
    const { s } = await setup()
    const token = await logon(s)
    for (const path of [
      `/replicaTaskSessions/${s.demo.portalUserForbiddenTaskSessionId}`,
      `/backupSessions/${s.demo.portalUserForbiddenBackupJobSessionId}/taskSessions`,
      '/jobs',
      '/query?type=Job&pageSize=1',
      '/query?type=BackupServer&format=Entities',
    ]) {
      expect((await get(s, path, token)).status, path).toBe(200)
    }
    const jobs = parseJson(
      await get(s, '/query?type=Job&format=Entities&filter=JobType==Backup&sortAsc=Name', token, true),
    )
    const list = (jobs.Entities as { Jobs: { Jobs: Obj[] } }).Jobs.Jobs
    expect(list.map((j) => j.Name)).toEqual([
      'Infrastructure Backup',
      'SQL Server Backup',
      'Tier-1 Hourly Backup',
      'Web and App Servers Backup',
    ])
  })

  it('configured accounts must have distinct names', async () => {
    await expect(
      sim({ users: [{ username: 'RESTAPI', password: 'x', role: 'PortalUser' }] }),
    ).rejects.toThrow(/duplicate/)
  })
})

describe('logon counters by user', () => {
  it('count logons and logoffs per account; a failed logon is counted apart and is no logon', async () => {
    const { s } = await setup()
    const portal = await logon(s, C.portalUsername, C.portalPassword)
    await logon(s, C.portalUsername, C.portalPassword)
    await logon(s)
    await logon(s, `SIMULATOR\\${C.operatorUsername}`, C.operatorPassword)
    for (const auth of [basic(C.portalUsername, 'wrong'), basic('nobody', 'x'), undefined]) {
      const headers: Record<string, string> = auth ? { Authorization: auth } : {}
      expect((await request(`${s.url}/api/sessionMngr/`, { method: 'POST', headers })).status).toBe(401)
    }
    const id = Buffer.from(portal, 'base64').toString('utf8')
    const del = await request(`${s.url}/api/logonSessions/${id}`, {
      method: 'DELETE',
      headers: { 'X-RestSvcSessionId': portal },
    })
    expect(del.status).toBe(204)
    const c = s.counters()
    expect(c.logons).toBe(4)
    expect(c.logoffs).toBe(1)
    expect(c.failedLogons).toBe(3)
    expect(c.liveSessions).toBe(3)
    expect(c.byUser).toEqual({
      portal: { logons: 2, logoffs: 1, failedLogons: 1 },
      restapi: { logons: 1, logoffs: 0, failedLogons: 0 },
      operator: { logons: 1, logoffs: 0, failedLogons: 0 },
    })
    s.resetCounters()
    expect(s.counters().byUser).toEqual({})
  })

  it('the default accounts are exported', () => {
    expect(DEFAULT_USERS.map((u) => [u.username, u.role])).toEqual([
      ['portal', 'PortalUser'],
      ['operator', 'RestoreOperator'],
    ])
    expect(DEFAULT_USERS[0]?.jobNames).toEqual([...PORTAL_USER_JOB_NAMES])
  })
})
