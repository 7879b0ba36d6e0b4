import { describe, expect, it } from 'vitest'
import { attentionEmptyText, countLabel, groupAttention, reasonHeadline } from './attention.ts'
import { at, job, task, upLink } from './test-fixtures.ts'

describe('groupAttention', () => {
  it('groups task sessions by their job session, failures first, then warnings, newest first within each', () => {
    const a1 = task({
      id: 'a1',
      jobSessionId: 'job-a',
      jobName: 'A@1',
      result: 'Failed',
      creationTime: at(10),
    })
    const b1 = task({
      id: 'b1',
      jobSessionId: 'job-b',
      jobName: 'B@1',
      result: 'Warning',
      creationTime: at(12),
    })
    const a2 = task({
      id: 'a2',
      jobSessionId: 'job-a',
      jobName: 'A@1',
      result: 'Warning',
      creationTime: at(9),
    })
    const a3 = task({
      id: 'a3',
      jobSessionId: 'job-a',
      jobName: 'A@1',
      result: 'Failed',
      creationTime: at(11),
    })
    const c1 = task({
      id: 'c1',
      jobSessionId: 'job-c',
      jobName: 'C@1',
      result: 'Failed',
      creationTime: at(13),
    })
    const summary = groupAttention([a1, b1, a2, a3, c1])

    // job-b is newer than job-a, but only warned: the failures come first, the newest of them first.
    expect(summary.groups.map((group) => group.key)).toEqual([
      'replicaJobSession:job-c',
      'replicaJobSession:job-a',
      'replicaJobSession:job-b',
    ])
    const [, a, b] = summary.groups
    expect(a?.items.map((item) => item.id)).toEqual(['a3', 'a1', 'a2'])
    expect(a).toMatchObject({
      failed: 2,
      warnings: 1,
      jobSession: { kind: 'replicaJobSession', id: 'job-a', name: 'A@1', path: '/replicaSessions/job-a' },
    })
    expect(b).toMatchObject({ failed: 0, warnings: 1 })
    expect(summary).toMatchObject({ failed: 3, warnings: 2, other: 0, jobSessions: 3 })
  })

  it('lists what has since succeeded after what still needs attention, and a group of only those last', () => {
    const item = (id: string, job: string, result: string, minute: number) =>
      task({ id, jobSessionId: job, jobName: `${job}@1`, result, creationTime: at(minute) })
    const later = (id: string) => ({
      kind: 'replicaTaskSession' as const,
      id,
      path: `/replicaTaskSessions/${id}`,
      creationTime: at(50),
    })
    const summary = groupAttention(
      [
        item('fixed-new', 'job-new', 'Failed', 40),
        item('open', 'job-old', 'Warning', 10),
        item('fixed-old', 'job-old', 'Failed', 20),
      ],
      { 'fixed-new': later('retry-1'), 'fixed-old': later('retry-2') },
    )
    // job-new is newer, but all of it has since succeeded: job-old, with a warning still open, comes first.
    expect(summary.groups.map((group) => group.key)).toEqual([
      'replicaJobSession:job-old',
      'replicaJobSession:job-new',
    ])
    expect(summary.groups[0]?.items.map((i) => i.id)).toEqual(['open', 'fixed-old'])
    // What since succeeded is counted apart: the counts say what still needs attention.
    expect(summary.groups[0]).toMatchObject({ failed: 0, warnings: 1, recovered: 1 })
    expect(summary).toMatchObject({ failed: 0, warnings: 1, recovered: 2 })
  })

  it('lists a group’s failures before its warnings, each newest first', () => {
    const item = (id: string, result: string, minute: number) =>
      task({ id, jobSessionId: 'job', result, creationTime: at(minute) })
    const summary = groupAttention([
      item('w-new', 'Warning', 30),
      item('f-old', 'Failed', 10),
      item('other', 'Skipped', 40),
      item('f-new', 'Failed', 20),
      item('w-old', 'Warning', 5),
    ])
    expect(summary.groups[0]?.items.map((i) => i.id)).toEqual(['f-new', 'f-old', 'w-new', 'w-old', 'other'])
  })

  it('keeps replica and backup job sessions with the same ID apart', () => {
    const replica = task({ id: 'r', jobSessionId: 'same', result: 'Failed' })
    const backup = task({ id: 'b', kind: 'backupTaskSession', jobSessionId: 'same', result: 'Failed' })
    const summary = groupAttention([replica, backup])
    expect(summary.groups.map((group) => group.jobSession?.kind).sort()).toEqual([
      'backupJobSession',
      'replicaJobSession',
    ])
    expect(summary.groups.find((g) => g.jobSession?.kind === 'backupJobSession')?.jobSession?.path).toBe(
      '/backupSessions/same',
    )
  })

  it('falls back to jobSessionId (name unknown) without an Up link, and takes a name another item gives', () => {
    const bare = task({ id: 't1', jobSessionId: 'job-x', result: 'Failed', creationTime: at(5) })
    bare.links = []
    const named = task({
      id: 't2',
      jobSessionId: 'job-x',
      jobName: 'X@1',
      result: 'Failed',
      creationTime: at(4),
    })
    const summary = groupAttention([bare, named])
    expect(summary.groups).toHaveLength(1)
    expect(summary.groups[0]?.jobSession).toEqual({
      kind: 'replicaJobSession',
      id: 'job-x',
      name: 'X@1',
      path: '/replicaSessions/job-x',
    })
  })

  it('uses the Up link of a job session kind, not the backup server’s', () => {
    const item = task({ id: 't', jobSessionId: null, result: 'Failed' })
    item.links = [...item.links, upLink('backupJobSession', 'from-link', 'Link name')]
    expect(groupAttention([item]).groups[0]?.jobSession?.id).toBe('from-link')
  })

  it('puts a task session that names no job session in a group of its own, not counted as a job session', () => {
    const orphan = task({ id: 'o', jobSessionId: null, result: 'Warning' })
    const summary = groupAttention([orphan])
    expect(summary.groups).toEqual([
      {
        key: 'replicaTaskSession:o',
        jobSession: null,
        run: null,
        items: [orphan],
        failed: 0,
        warnings: 1,
        recovered: 0,
        newest: orphan.creationTime,
      },
    ])
    expect(summary.jobSessions).toBe(0)
  })

  it('adds the runs with no machine listed as groups of their own, ranked and counted as the machines are', () => {
    const machine = task({
      id: 't1',
      jobSessionId: 'job-a',
      jobName: 'A@1',
      result: 'Warning',
      creationTime: at(10),
    })
    const agent = job({
      kind: 'backupJobSession',
      id: 'run-agent',
      name: 'Workstations@1',
      jobType: 'AgentBackup',
      result: 'Failed',
      creationTime: at(8),
    })
    const warned = job({ id: 'run-w', name: 'W@1', result: 'Warning', creationTime: at(12) })
    const fixed = job({ id: 'run-f', name: 'F@1', result: 'Failed', creationTime: at(14) })
    // A run that is also a listed machine's job session stays that group.
    const listed = job({ id: 'job-a', name: 'A@1', result: 'Warning', creationTime: at(9) })
    const later = {
      kind: 'replicaJobSession' as const,
      id: 'run-g',
      path: '/replicaSessions/run-g',
      creationTime: at(15),
    }
    const summary = groupAttention([machine], { 'run-f': later }, [fixed, warned, agent, listed])

    // The open failure first, then the warnings newest first, then what has since succeeded.
    expect(summary.groups.map((g) => g.key)).toEqual([
      'backupJobSession:run-agent',
      'replicaJobSession:run-w',
      'replicaJobSession:job-a',
      'replicaJobSession:run-f',
    ])
    expect(summary.groups[0]).toMatchObject({
      run: agent,
      items: [],
      failed: 1,
      jobSession: {
        kind: 'backupJobSession',
        id: 'run-agent',
        name: 'Workstations@1',
        path: '/backupSessions/run-agent',
      },
    })
    expect(summary.groups[2]).toMatchObject({ run: null, items: [machine], warnings: 1 })
    expect(summary.groups[3]).toMatchObject({ run: fixed, failed: 0, recovered: 1 })
    // The machines are counted as machines, the runs as runs.
    expect(summary).toMatchObject({ failed: 0, warnings: 1, runs: 2, recovered: 1, other: 0, jobSessions: 4 })
  })

  it('counts results other than Failed and Warning apart', () => {
    const summary = groupAttention([task({ result: 'Skipped' }), task({ result: 'Failed' })])
    expect(summary).toMatchObject({ failed: 1, warnings: 0, other: 1 })
  })

  it('returns nothing for nothing', () => {
    expect(groupAttention([])).toEqual({
      groups: [],
      jobs: [],
      failed: 0,
      warnings: 0,
      runs: 0,
      recovered: 0,
      other: 0,
      jobSessions: 0,
    })
  })
})

describe('countLabel', () => {
  it('says a count is a lower bound when EM had more than the dashboard read', () => {
    expect(countLabel(12, 'failed', false)).toBe('12 failed')
    expect(countLabel(120, 'failed', true)).toBe('120+ failed')
  })
})

describe('attentionEmptyText', () => {
  it('names the window', () => {
    expect(attentionEmptyText(1, false)).toBe('Nothing failed or warned in the last 24 hours')
    expect(attentionEmptyText(7, false)).toBe('Nothing failed or warned in the last 7 days')
  })

  it('does not claim nothing failed when EM refused part of the question', () => {
    expect(attentionEmptyText(1, true)).toMatch(
      /among the sessions Enterprise Manager let the dashboard read$/,
    )
  })
})

describe('reasonHeadline', () => {
  it('takes the first non-blank line and says whether there is more', () => {
    expect(reasonHeadline('\n  Error: disk full  \r\nProcessing finished')).toEqual({
      headline: 'Error: disk full',
      more: true,
    })
    expect(reasonHeadline('Hard disk 1 (0 B)')).toEqual({ headline: 'Hard disk 1 (0 B)', more: false })
    expect(reasonHeadline('   \n ')).toEqual({ headline: '', more: false })
  })
})

describe('groupAttention by job', () => {
  const server = (id: string) => ({
    rel: 'Up',
    type: 'BackupServerReference',
    name: id,
    kind: 'backupServer' as const,
    id,
    path: `/backupServers/${id}`,
  })

  it('folds the runs of one job under its run to look at first, in the panel’s order, and keeps other jobs apart', () => {
    const a1 = task({
      id: 'a1',
      jobSessionId: 'a-1',
      jobName: 'A@09:00',
      result: 'Failed',
      creationTime: at(9),
    })
    const a2 = task({
      id: 'a2',
      jobSessionId: 'a-2',
      jobName: 'A@10:00',
      result: 'Failed',
      creationTime: at(10),
    })
    const a3 = task({
      id: 'a3',
      jobSessionId: 'a-3',
      jobName: 'A@11:00',
      result: 'Warning',
      creationTime: at(11),
    })
    const b1 = task({
      id: 'b1',
      jobSessionId: 'b-1',
      jobName: 'B@10:30',
      result: 'Failed',
      creationTime: at(10),
    })
    const summary = groupAttention([a1, a2, a3, b1])

    // The groups stay one per run; the jobs fold them.
    expect(summary.groups).toHaveLength(4)
    expect(summary.jobSessions).toBe(4)
    expect(summary.jobs.map((job) => [job.lead.key, job.others.map((g) => g.key)])).toEqual([
      ['replicaJobSession:a-2', ['replicaJobSession:a-1', 'replicaJobSession:a-3']],
      ['replicaJobSession:b-1', []],
    ])
  })

  it('leads with a run still open, even when a newer run of the job has since succeeded', () => {
    const old = task({
      id: 'old',
      jobSessionId: 'j-1',
      jobName: 'A@1',
      result: 'Failed',
      creationTime: at(8),
    })
    const fixed = task({
      id: 'new',
      jobSessionId: 'j-2',
      jobName: 'A@2',
      result: 'Failed',
      creationTime: at(12),
    })
    const later = { kind: 'replicaTaskSession' as const, id: 'x', path: '/x', creationTime: at(13) }
    const [job] = groupAttention([old, fixed], { new: later }).jobs
    expect(job?.lead.key).toBe('replicaJobSession:j-1')
    expect(job?.others.map((g) => g.key)).toEqual(['replicaJobSession:j-2'])
  })

  it('folds a run that failed as a whole with the same job’s runs whose machines failed', () => {
    const machine = task({
      id: 'm',
      jobSessionId: 'j-1',
      jobName: 'Nightly@1',
      result: 'Warning',
      creationTime: at(9),
    })
    const run = job({
      id: 'j-2',
      name: 'Nightly@2',
      jobName: 'Nightly',
      result: 'Failed',
      creationTime: at(10),
    })
    const [only, ...rest] = groupAttention([machine], {}, [run]).jobs
    expect(rest).toEqual([])
    expect(only?.lead.run?.id).toBe('j-2')
    expect(only?.others.map((g) => g.key)).toEqual(['replicaJobSession:j-1'])
  })

  it('does not fold jobs of the same name on other backup servers or of another kind, nor runs whose job is not named', () => {
    const here = task({
      id: 'h',
      jobSessionId: 'j-1',
      jobName: 'Same@1',
      result: 'Failed',
      creationTime: at(9),
    })
    const there = task({
      id: 't',
      jobSessionId: 'j-2',
      jobName: 'Same@2',
      result: 'Failed',
      creationTime: at(10),
    })
    there.links = [server('other-server'), ...there.links.filter((link) => link.kind !== 'backupServer')]
    const backup = task({
      id: 'b',
      kind: 'backupTaskSession',
      jobSessionId: 'j-3',
      jobName: 'Same@3',
      result: 'Failed',
      creationTime: at(11),
    })
    const unnamed1 = task({
      id: 'u1',
      jobSessionId: 'j-4',
      jobName: null,
      result: 'Failed',
      creationTime: at(7),
    })
    const unnamed2 = task({
      id: 'u2',
      jobSessionId: 'j-5',
      jobName: null,
      result: 'Failed',
      creationTime: at(6),
    })
    const { jobs } = groupAttention([here, there, backup, unnamed1, unnamed2])
    expect(jobs).toHaveLength(5)
    for (const job of jobs) expect(job.others).toEqual([])
  })
})
