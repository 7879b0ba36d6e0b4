import { describe, expect, it } from 'vitest'
import { get, logon, manualClock, type Obj, parseJson, sim } from './helpers.ts'
import { root } from './ordered.ts'

const TASK_MS = 2000

async function setup() {
  const clock = manualClock()
  const s = await sim({ now: clock.now, liveTaskMs: TASK_MS, idleTimeoutMs: 365 * 86_400_000 })
  return { s, clock, token: await logon(s) }
}

describe('the live job session', () => {
  it('at start: running task InProgress with no EndTimeUTC and Result None; job Working; others pending', async () => {
    const { s, token } = await setup()
    const xml = (await get(s, `/replicaTaskSessions/${s.demo.runningTaskSessionId}?format=Entity`, token))
      .text
    const names = root(xml).children.map((c) => c.name)
    expect(names).not.toContain('EndTimeUTC')
    expect(xml).toContain('<State>InProgress</State>')
    expect(xml).toContain('<Result>None</Result>')
    const task = parseJson(
      await get(s, `/replicaTaskSessions/${s.demo.runningTaskSessionId}?format=Entity`, token, true),
    )
    expect(task).toHaveProperty('EndTimeUTC', null)
    expect(task.Reason).toBe('')

    const job = parseJson(
      await get(s, `/replicaSessions/${s.demo.runningJobSessionId}?format=Entity`, token, true),
    )
    expect(job.State).toBe('Working')
    expect(job.Result).toBe('None')
    expect(job.EndTimeUTC).toBeNull()
    expect(job.Progress).toBeGreaterThan(0)
    expect(job.Progress).toBeLessThan(100)
    const jobXml = (await get(s, `/replicaSessions/${s.demo.runningJobSessionId}?format=Entity`, token)).text
    expect(root(jobXml).children.map((c) => c.name)).not.toContain('EndTimeUTC')

    const tasks = parseJson(
      await get(
        s,
        `/replicaSessions/${s.demo.runningJobSessionId}/replicaTaskSessions?format=Entity`,
        token,
        true,
      ),
    ).ReplicaTaskSessions as Obj[]
    expect(tasks.map((t) => t.State)).toEqual(['Completed', 'InProgress', 'Pending', 'Pending', 'Pending'])
  })

  it('moves InProgress → Completed as the clock passes; the session stops and a new one starts', async () => {
    const { s, token, clock } = await setup()
    clock.advance(TASK_MS)
    const done = parseJson(
      await get(s, `/replicaTaskSessions/${s.demo.runningTaskSessionId}?format=Entity`, token, true),
    )
    expect(done.State).toBe('Completed')
    expect(['Success', 'Warning', 'Failed']).toContain(done.Result)
    expect(Date.parse(String(done.EndTimeUTC))).toBeLessThanOrEqual(clock.now())

    clock.advance(5 * TASK_MS)
    const stopped = parseJson(
      await get(s, `/replicaSessions/${s.demo.runningJobSessionId}?format=Entity`, token, true),
    )
    expect(stopped.State).toBe('Stopped')
    expect(stopped.Progress).toBe(100)
    expect(['Success', 'Warning', 'Failed']).toContain(stopped.Result)
    expect(typeof stopped.EndTimeUTC).toBe('string')

    const running = parseJson(
      await get(s, '/query?type=ReplicaJobSession&format=Entities&filter=State!=Stopped', token, true),
    )
    const list = (running.Entities as { ReplicaJobSessions: { ReplicaJobSessions: Obj[] } })
      .ReplicaJobSessions.ReplicaJobSessions
    const live = list.filter((x) => x.JobName === 'Tier-1 Continuous Replication')
    expect(live).toHaveLength(1)
    expect(live[0]?.UID).not.toBe(`urn:veeam:ReplicaJobSession:${s.demo.runningJobSessionId}`)
    // Completed live sessions keep their data.
    const again = parseJson(
      await get(s, `/replicaSessions/${s.demo.runningJobSessionId}?format=Entity`, token, true),
    )
    expect(again).toEqual(stopped)
  })

  it('always has a running job session, with progress following its tasks', async () => {
    const { s, token, clock } = await setup()
    const states = new Set<string>()
    let lastProgress = -1
    let lastId = ''
    for (let i = 0; i < 40; i++) {
      clock.advance(TASK_MS / 3)
      const filter = encodeURIComponent('State!=Stopped;JobName=="Tier-1 Continuous Replication"')
      const r = parseJson(
        await get(s, `/query?type=ReplicaJobSession&format=Entities&filter=${filter}`, token, true),
      )
      const list = (r.Entities as { ReplicaJobSessions: { ReplicaJobSessions: Obj[] } }).ReplicaJobSessions
        .ReplicaJobSessions
      expect(list.length).toBeGreaterThanOrEqual(1)
      const current = list[0] as Obj
      states.add(String(current.State))
      const progress = Number(current.Progress)
      if (current.UID === lastId) expect(progress).toBeGreaterThanOrEqual(lastProgress)
      lastId = String(current.UID)
      lastProgress = progress
      const id = String(current.UID).split(':').pop()
      const tasks = parseJson(
        await get(s, `/replicaSessions/${id}/replicaTaskSessions?format=Entity`, token, true),
      ).ReplicaTaskSessions as Obj[]
      const completed = tasks.filter((t) => t.State === 'Completed').length
      if (current.State === 'Working') {
        expect(progress).toBeGreaterThanOrEqual(Math.floor((100 * completed) / 5))
        expect(progress).toBeLessThan(100)
      }
    }
    expect(states).toContain('Working')
    expect(states.size).toBeGreaterThanOrEqual(2)
  })
})

describe('the live backup job session', () => {
  it('runs like the replica one: tasks complete as the clock passes, sessions follow each other, VM restore points appear', async () => {
    const { s, token, clock } = await setup()
    const task = () =>
      get(s, `/backupTaskSessions/${s.demo.backupRunningTaskSessionId}?format=Entity`, token, true).then(
        parseJson,
      )
    const running = await task()
    expect(running.State).toBe('InProgress')
    expect(running.EndTimeUTC).toBeNull()
    expect((running.Links as Obj[]).map((l) => l.Rel)).toEqual(['Up', 'Up', 'Alternate'])
    clock.advance(TASK_MS)
    const done = await task()
    expect(done.State).toBe('Completed')
    expect(['Success', 'Warning', 'Failed']).toContain(done.Result)
    if (done.Result !== 'Failed') expect((done.Links as Obj[]).map((l) => l.Type)).toContain('VmRestorePoint')

    clock.advance(5 * TASK_MS)
    const stopped = parseJson(
      await get(s, `/backupSessions/${s.demo.backupRunningJobSessionId}?format=Entity`, token, true),
    )
    expect(stopped.State).toBe('Stopped')
    expect(stopped.Progress).toBe(100)
    const filter = encodeURIComponent('State!=Stopped;JobName=="Tier-1 Hourly Backup"')
    const now = parseJson(
      await get(s, `/query?type=BackupJobSession&format=Entities&filter=${filter}`, token, true),
    )
    const list = (now.Entities as { BackupJobSessions: { BackupJobSessions: Obj[] } }).BackupJobSessions
      .BackupJobSessions
    expect(list).toHaveLength(1)
    expect(list[0]?.UID).not.toBe(`urn:veeam:BackupJobSession:${s.demo.backupRunningJobSessionId}`)
  })
})
