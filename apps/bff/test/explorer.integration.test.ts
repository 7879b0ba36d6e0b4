import { DEFAULT_CREDENTIALS } from '@ese/em-simulator'
import type { Attention, JobRuns, MachineHistory, ServerSessions } from '@ese/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SIM_PASSWORD, SIM_USER, type Stack, startStack } from './stack.ts'

async function getJson<T>(stack: Stack, path: string, cookie?: string): Promise<{ status: number; body: T }> {
  const res = await stack.get(path, cookie ? { headers: { cookie } } : {})
  return { status: res.status, body: (await res.json()) as T }
}

const DAY = 24 * 3_600_000

function newestFirst(times: (string | null)[]): boolean {
  return times.every((t, i) => i === 0 || (times[i - 1] ?? '') >= (t ?? ''))
}

describe.each(['xml', 'json'] as const)('the explorer over the query service (%s)', (format) => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({ env: { EM_FORMAT: format } })
  })
  afterAll(() => stack.close())

  it('needs attention: failed and warning task sessions of the last 24 hours, replica and backup, newest first', async () => {
    const { status, body } = await getJson<Attention>(stack, '/api/attention?days=1')
    expect(status).toBe(200)
    expect(body.days).toBe(1)
    expect(body.unavailable).toEqual([])
    expect(body.items.length).toBeGreaterThan(0)
    expect(body.items.every((t) => t.result === 'Failed' || t.result === 'Warning')).toBe(true)
    const since = Date.parse(body.since)
    expect(Math.abs(since - (Date.now() - DAY))).toBeLessThan(120_000)
    expect(body.items.every((t) => Date.parse(t.creationTime ?? '') >= since)).toBe(true)
    expect(new Set(body.items.map((t) => t.kind))).toEqual(
      new Set(['replicaTaskSession', 'backupTaskSession']),
    )
    expect(newestFirst(body.items.map((t) => t.creationTime))).toBe(true)
    const ids = body.items.map((t) => t.id)
    expect(ids).toContain(stack.sim.demo.backupFailedTaskSessionId)
    expect(ids).toContain(stack.sim.demo.recentFailedReplicaTaskSessionId)

    const week = await getJson<Attention>(stack, '/api/attention?days=7')
    expect(week.body.items.length).toBeGreaterThan(body.items.length)
    const bad = await getJson<{ error: { code: string } }>(stack, '/api/attention?days=3')
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('invalid_request')
  })

  it('is kind to EM: a page of viewers costs one set of queries per window', async () => {
    await getJson(stack, '/api/attention?days=7')
    stack.sim.resetCounters()
    await Promise.all(Array.from({ length: 20 }, () => getJson(stack, '/api/attention?days=7')))
    expect(stack.sim.counters().requests).toBe(0)
  })

  it("a machine's recent runs across jobs and kinds, and the retry that fixed a failure", async () => {
    const { demo } = stack.sim
    const { status, body } = await getJson<MachineHistory>(
      stack,
      `/api/backupTaskSessions/${demo.retryFixedFailedTaskSessionId}/history`,
    )
    expect(status).toBe(200)
    expect(body.items.length).toBeGreaterThan(1)
    expect(body.items.length).toBeLessThanOrEqual(20)
    expect(body.items.every((t) => t.vmDisplayName === body.vmDisplayName)).toBe(true)
    expect(body.items.map((t) => t.id)).toContain(demo.retryFixedFailedTaskSessionId)
    expect(newestFirst(body.items.map((t) => t.creationTime))).toBe(true)
    expect(body.retries.map((t) => t.id)).toContain(demo.retryFixedTaskSessionId)
    const fixed = body.retries.find((t) => t.id === demo.retryFixedTaskSessionId)
    expect(fixed?.result).toBe('Success')
    expect(fixed?.jobSessionId).toBe(demo.retryFixedJobSessionId)
  })

  it('a VM processed by replica and backup jobs has history of both kinds', async () => {
    const attention = await getJson<Attention>(stack, '/api/attention?days=7')
    const any = attention.body.items.find((t) => t.vmDisplayName === stack.sim.demo.sharedVmName)
    const start = any ?? attention.body.items[0]
    expect(start).toBeDefined()
    if (!start) return
    const segment = start.kind === 'replicaTaskSession' ? 'replicaTaskSessions' : 'backupTaskSessions'
    const { body } = await getJson<MachineHistory>(stack, `/api/${segment}/${start.id}/history`)
    if (any) expect(new Set(body.items.map((t) => t.kind)).size).toBe(2)
    // A run that did not fail has no retry verdict.
    expect(Array.isArray(body.retries)).toBe(true)
  })

  it("a job's recent runs, with the runs before and after this one", async () => {
    const { demo } = stack.sim
    const job = await getJson<{ jobId: string; creationTime: string }>(
      stack,
      `/api/backupSessions/${demo.backupCompletedJobSessionId}`,
    )
    const { status, body } = await getJson<JobRuns>(
      stack,
      `/api/backupSessions/${demo.backupCompletedJobSessionId}/runs`,
    )
    expect(status).toBe(200)
    expect(body.jobId).toBe(job.body.jobId)
    expect(body.items.length).toBeGreaterThan(1)
    expect(body.items.length).toBeLessThanOrEqual(30)
    expect(body.items.every((r) => r.jobId === job.body.jobId && r.kind === 'backupJobSession')).toBe(true)
    expect(newestFirst(body.items.map((r) => r.creationTime))).toBe(true)
    expect(body.previous?.creationTime ?? '').not.toBe('')
    expect((body.previous?.creationTime ?? '') < job.body.creationTime).toBe(true)
    if (body.next) expect((body.next.creationTime ?? '') > job.body.creationTime).toBe(true)
    expect(body.next?.id).not.toBe(demo.backupCompletedJobSessionId)

    // The replica kind too, through its own path.
    const replica = await getJson<JobRuns>(stack, `/api/replicaSessions/${demo.completedJobSessionId}/runs`)
    expect(replica.body.items.every((r) => r.kind === 'replicaJobSession')).toBe(true)
    expect(replica.body.items.length).toBeGreaterThan(1)
  })

  it("a backup server's job sessions of the window, both kinds", async () => {
    const server = stack.sim.demo.backupServerIds[0] ?? ''
    const { status, body } = await getJson<ServerSessions>(
      stack,
      `/api/backupServers/${server}/sessions?days=1`,
    )
    expect(status).toBe(200)
    expect(body.items.length).toBeGreaterThan(0)
    expect(body.items.every((s) => s.links.some((l) => l.kind === 'backupServer' && l.id === server))).toBe(
      true,
    )
    const since = Date.parse(body.since)
    expect(body.items.every((s) => Date.parse(s.creationTime ?? '') >= since)).toBe(true)
    const week = await getJson<ServerSessions>(stack, `/api/backupServers/${server}/sessions?days=7`)
    expect(week.body.items.length).toBeGreaterThan(body.items.length)
  })
})

describe('the explorer and EM roles (AUTH=em)', () => {
  let stack: Stack
  const signIn = async (username: string, password: string) => {
    const res = await stack.get('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    })
    expect(res.status).toBe(200)
    return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  }
  beforeAll(async () => {
    stack = await startStack({ env: { AUTH: 'em', COOKIE_SECURE: 'false' } })
  })
  afterAll(() => stack.close())

  it("a Portal User sees only what EM shows them; forbidden sessions are em_forbidden, not another user's answer", async () => {
    const { demo } = stack.sim
    const admin = await signIn(SIM_USER, SIM_PASSWORD)
    const all = await getJson<Attention>(stack, '/api/attention?days=7', admin)
    expect(
      (await getJson(stack, `/api/replicaTaskSessions/${demo.portalUserForbiddenTaskSessionId}`, admin))
        .status,
    ).toBe(200)

    const portal = await signIn(DEFAULT_CREDENTIALS.portalUsername, DEFAULT_CREDENTIALS.portalPassword)
    const mine = await getJson<Attention>(stack, '/api/attention?days=7', portal)
    expect(mine.status).toBe(200)
    expect(mine.body.items.length).toBeLessThan(all.body.items.length)
    const forbidden = await getJson<{ error: { code: string } }>(
      stack,
      `/api/replicaTaskSessions/${demo.portalUserForbiddenTaskSessionId}`,
      portal,
    )
    expect(forbidden.status).toBe(403)
    expect(forbidden.body.error.code).toBe('em_forbidden')
    expect(
      (await getJson(stack, `/api/replicaTaskSessions/${demo.portalUserVisibleTaskSessionId}`, portal))
        .status,
    ).toBe(200)
    const resolved = await getJson<{ error: { code: string } }>(
      stack,
      `/api/resolve/${demo.portalUserForbiddenBackupTaskSessionId}`,
      portal,
    )
    expect(resolved.status).toBe(403)
    expect(resolved.body.error.code).toBe('em_forbidden')
  })

  it('a Restore Operator may read no backup or replica session: every panel says so', async () => {
    const { demo } = stack.sim
    const operator = await signIn(DEFAULT_CREDENTIALS.operatorUsername, DEFAULT_CREDENTIALS.operatorPassword)
    const attention = await getJson<{ error: { code: string } }>(stack, '/api/attention?days=1', operator)
    expect(attention.status).toBe(403)
    expect(attention.body.error.code).toBe('em_forbidden')
    const task = await getJson<{ error: { code: string } }>(
      stack,
      `/api/backupTaskSessions/${demo.backupFailedTaskSessionId}`,
      operator,
    )
    expect(task.body.error.code).toBe('em_forbidden')
  })
})
