import type { JobSession, RawAnswer, ResolvedSession, TaskSession, TaskSessionList } from '@ese/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Stack, startStack } from './stack.ts'

async function getJson<T>(stack: Stack, path: string): Promise<{ status: number; body: T }> {
  const res = await stack.get(path)
  return { status: res.status, body: (await res.json()) as T }
}

const NAVIGATION = ['Up', 'Down', 'Alternate', 'Related']

/** EM v12 writes PascalCase JSON keys, v13 camelCase; XML is the same in both. */
const VARIANTS = [
  { format: 'xml', jsonCase: 'pascal' },
  { format: 'json', jsonCase: 'pascal' },
  { format: 'json', jsonCase: 'camel' },
] as const

describe.each(VARIANTS)(
  'backup sessions over real HTTP ($format, JSON keys $jsonCase)',
  ({ format, jsonCase }) => {
    let stack: Stack
    beforeAll(async () => {
      stack = await startStack({ env: { EM_FORMAT: format }, sim: { jsonCase } })
    })
    afterAll(() => stack.close())

    it('a failed backup task session: kind, VmUid, reason, its links up to its job session and server', async () => {
      const { demo } = stack.sim
      const { status, body } = await getJson<TaskSession>(
        stack,
        `/api/backupTaskSessions/${demo.backupFailedTaskSessionId}`,
      )
      expect(status).toBe(200)
      expect(body.kind).toBe('backupTaskSession')
      expect(body.id).toBe(demo.backupFailedTaskSessionId)
      expect(body.uid).toBe(`urn:veeam:BackupTaskSession:${demo.backupFailedTaskSessionId}`)
      expect(body.result).toBe('Failed')
      expect(body.state).toBe('Completed')
      expect(body.reason.length).toBeGreaterThan(10)
      expect(body.vmUid).toMatch(/^urn:VMware:Vm:/)
      expect(body.jobSessionId).toBe(demo.backupFailedJobSessionId)
      expect(body.endTime).not.toBeNull()
      const job = body.links.find((l) => l.kind === 'backupJobSession')
      expect(job?.path).toBe(`/backupSessions/${demo.backupFailedJobSessionId}`)
      expect(job?.name).toMatch(/@/)
      expect(body.links.find((l) => l.kind === 'backupServer')?.path).toMatch(/^\/backupServers\//)
      expect(body.links.every((l) => NAVIGATION.includes(l.rel))).toBe(true)
    })

    it('a backup job session: job type, no Stop or other action link, restore points by name only', async () => {
      const { demo } = stack.sim
      const { body } = await getJson<JobSession>(
        stack,
        `/api/backupSessions/${demo.backupCompletedJobSessionId}`,
      )
      expect(body.kind).toBe('backupJobSession')
      expect(body.jobType).toBe('Backup')
      expect(body.state).toBe('Stopped')
      expect(body.jobId).toMatch(/^[0-9a-f-]{36}$/)
      expect(body.links.every((l) => NAVIGATION.includes(l.rel))).toBe(true)
      const points = body.links.filter((l) => l.type === 'RestorePointReference')
      expect(points.length).toBeGreaterThan(0)
      // Shown by name, never followed: no dashboard path.
      expect(points.every((l) => l.rel === 'Related' && l.path === null && l.kind === null)).toBe(true)
    })

    it("a backup job session's task sessions (the `taskSessions` child list)", async () => {
      const { demo } = stack.sim
      const { status, body } = await getJson<TaskSessionList>(
        stack,
        `/api/backupSessions/${demo.backupFailedJobSessionId}/taskSessions`,
      )
      expect(status).toBe(200)
      expect(body.items.length).toBeGreaterThanOrEqual(3)
      expect(
        body.items.every(
          (t) => t.kind === 'backupTaskSession' && t.jobSessionId === demo.backupFailedJobSessionId,
        ),
      ).toBe(true)
      const ids = body.items.map((t) => t.id)
      expect(ids).toEqual(
        expect.arrayContaining([demo.backupFailedTaskSessionId, demo.backupWarningTaskSessionId]),
      )
    })

    it('agent backup (parent and child) and file share backup sessions are backup job sessions', async () => {
      const { demo } = stack.sim
      const parent = await getJson<JobSession>(stack, `/api/backupSessions/${demo.agentBackupJobSessionId}`)
      expect(parent.body.jobType).toBe('AgentBackup')
      const child = await getJson<JobSession>(
        stack,
        `/api/backupSessions/${demo.agentManagementJobSessionId}`,
      )
      expect(child.body.jobType).toBe('AgentManagement')
      const up = child.body.links.find((l) => l.rel === 'Up' && l.kind === 'backupJobSession')
      expect(up?.path).toBe(`/backupSessions/${demo.agentBackupJobSessionId}`)
      // The parent lists its per-computer sessions; the child is among them.
      const children = await getJson<{ items: JobSession[] }>(
        stack,
        `/api/backupSessions/${demo.agentBackupJobSessionId}/agentManagementSessions`,
      )
      expect(children.status).toBe(200)
      expect(children.body.items.map((s) => s.id)).toContain(demo.agentManagementJobSessionId)
      expect(children.body.items.every((s) => s.jobType === 'AgentManagement')).toBe(true)
      const nas = await getJson<JobSession>(stack, `/api/backupSessions/${demo.nasBackupJobSessionId}`)
      expect(nas.body.jobType).toBe('NasBackup')
    })

    it('a running backup task session has no end time and no result yet', async () => {
      const { body } = await getJson<TaskSession>(
        stack,
        `/api/backupTaskSessions/${stack.sim.demo.backupRunningTaskSessionId}`,
      )
      expect(['InProgress', 'Pending', 'Completed']).toContain(body.state)
      if (body.state !== 'Completed') {
        expect(body.endTime).toBeNull()
        expect(body.result).toBe('None')
      }
    })

    it('every ID form: URN of each kind, upper case; the URN of another kind is refused', async () => {
      const { demo } = stack.sim
      const task = demo.backupCompletedTaskSessionId
      for (const id of [`urn:veeam:BackupTaskSession:${task}`, task.toUpperCase()]) {
        const { status, body } = await getJson<TaskSession>(
          stack,
          `/api/backupTaskSessions/${encodeURIComponent(id)}`,
        )
        expect(status).toBe(200)
        expect(body.id).toBe(task)
      }
      const wrong = await stack.get(`/api/backupTaskSessions/urn:veeam:BackupJobSession:${task}`)
      expect(wrong.status).toBe(400)
      const unknown = await getJson<{ error: { code: string } }>(
        stack,
        '/api/backupSessions/00000000-0000-4000-8000-000000000000',
      )
      expect(unknown.status).toBe(404)
      expect(unknown.body.error.code).toBe('not_found')
    })

    it('resolves a bare GUID of each of the four kinds, caches the answer, and says not_found only when none has it', async () => {
      const { demo } = stack.sim
      const cases = [
        [demo.completedTaskSessionId, 'replicaTaskSession', '/replicaTaskSessions/'],
        [demo.backupFailedTaskSessionId, 'backupTaskSession', '/backupTaskSessions/'],
        [demo.completedJobSessionId, 'replicaJobSession', '/replicaSessions/'],
        [demo.backupCompletedJobSessionId, 'backupJobSession', '/backupSessions/'],
      ] as const
      for (const [id, kind, prefix] of cases) {
        const { status, body } = await getJson<ResolvedSession>(stack, `/api/resolve/${id.toUpperCase()}`)
        expect(status, kind).toBe(200)
        expect(body).toEqual({ kind, id, path: `${prefix}${id}` })
      }
      // The other kinds' lookups go on after the first answer; let them end before counting.
      await new Promise((r) => setTimeout(r, 300))
      stack.sim.resetCounters()
      for (const [id] of cases) await stack.get(`/api/resolve/${id}`)
      expect(stack.sim.counters().requestsByPath).toEqual({})
      const none = await getJson<{ error: { code: string; message: string } }>(
        stack,
        '/api/resolve/00000000-0000-4000-8000-00000000abcd',
      )
      expect(none.status).toBe(404)
      expect(none.body.error.code).toBe('not_found')
      expect(none.body.error.message).toMatch(/replication or backup session/)
      expect(
        (await stack.get(`/api/resolve/urn:veeam:BackupTaskSession:${demo.backupFailedTaskSessionId}`))
          .status,
      ).toBe(400)
    })

    it("the raw EM answer: EM's URL and Accept, the body pretty-printed, no token", async () => {
      const { demo } = stack.sim
      const { status, body } = await getJson<RawAnswer>(
        stack,
        `/api/backupTaskSessions/${demo.backupFailedTaskSessionId}/raw`,
      )
      expect(status).toBe(200)
      expect(body.url).toBe(
        `${stack.sim.url}/api/backupTaskSessions/${demo.backupFailedTaskSessionId}?format=Entity`,
      )
      expect(body.accept).toBe(format === 'xml' ? 'application/xml' : 'application/json')
      expect(body.body).toContain(demo.backupFailedTaskSessionId)
      expect(body.body.split('\n').length).toBeGreaterThan(10)
      if (format === 'xml') expect(body.body).toMatch(/\n\s+<Links>/)
      else expect(body.body).toMatch(/\n {2}"/)
      expect(body.body).not.toMatch(/X-RestSvcSessionId/i)
    })
  },
)
