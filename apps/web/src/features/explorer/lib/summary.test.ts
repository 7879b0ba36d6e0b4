import { describe, expect, it } from 'vitest'
import { groupAttention } from './attention.ts'
import { attentionSummaryMarkdown, escapeMarkdown, sessionSummaryMarkdown } from './summary.ts'
import { at, job, task } from './test-fixtures.ts'

const URL = 'https://dash.example/replicaTaskSessions/t1'
const NOW = Date.parse(at(30))

describe('escapeMarkdown', () => {
  it('escapes what would turn EM’s text into emphasis, code, links, HTML or tables', () => {
    expect(escapeMarkdown('SQL_Backup_*prod* [eu] `x` <b> a|b ~~c~~ &amp; \\ #1 ![i]')).toBe(
      'SQL\\_Backup\\_\\*prod\\* \\[eu\\] \\`x\\` \\<b\\> a\\|b \\~\\~c\\~\\~ \\&amp; \\\\ \\#1 \\!\\[i\\]',
    )
  })

  it('turns line breaks into spaces so a value cannot start a heading or a list', () => {
    expect(escapeMarkdown('one\n# two\r\n- three')).toBe('one \\# two - three')
  })

  it('leaves plain text alone', () => {
    expect(escapeMarkdown('srv04@2025-11-30 21:00:05 (1.5 GB), done.')).toBe(
      'srv04@2025-11-30 21:00:05 (1.5 GB), done.',
    )
  })
})

describe('sessionSummaryMarkdown', () => {
  it('summarises a failed task session with UTC times, duration, reason and link', () => {
    const session = task({
      id: 't1',
      name: 'srv_04@2025-11-30 21:00:05',
      vmDisplayName: 'srv_04',
      jobName: 'Nightly *Replication*@2025-11-30 21:00:00',
      result: 'Failed',
      reason: 'Error: <disk> full [C:]',
      creationTime: '2025-11-30T21:00:05Z',
      endTime: '2025-11-30T22:05:20.123456Z',
    })
    expect(sessionSummaryMarkdown(session, URL, NOW)).toBe(
      [
        '**srv\\_04@2025-11-30 21:00:05** (replication task session)',
        '',
        '- Machine: srv\\_04',
        '- Job session: Nightly \\*Replication\\*@2025-11-30 21:00:00',
        '- State: Completed',
        '- Result: Failed',
        '- Reason: Error: \\<disk\\> full \\[C:\\]',
        '- Started: 2025-11-30 21:00:05 UTC',
        '- Ended: 2025-11-30 22:05:20 UTC',
        '- Duration: 1 h 5 min',
        `- Link: <${URL}>`,
        '',
      ].join('\n'),
    )
  })

  it('says what the retries made of a failed machine, with the retry’s link, right after the reason', () => {
    const session = task({ id: 't1', result: 'Failed', reason: 'Error: disk full' })
    const retry = {
      text: 'Failed, then succeeded in the retry at 21:40 UTC',
      url: 'https://dash.example/r_1',
    }
    const lines = sessionSummaryMarkdown(session, URL, NOW, undefined, retry).split('\n')
    const reasonAt = lines.indexOf('- Reason: Error: disk full')
    expect(lines[reasonAt + 1]).toBe(
      '- Retries: Failed, then succeeded in the retry at 21:40 UTC (<https://dash.example/r_1>)',
    )
    expect(sessionSummaryMarkdown(session, URL, NOW)).not.toContain('Retries')
  })

  it('puts a multi-line reason in a code block whose fence outlasts any backticks in it', () => {
    const session = task({ result: 'Failed', reason: 'Error: ```quoted```\n# not a heading\n' })
    const text = sessionSummaryMarkdown(session, URL, NOW)
    expect(text).toContain(
      ['- Reason:', '  ````', '  Error: ```quoted```', '  # not a heading', '  ````'].join('\n'),
    )
  })

  it('says when EM gave no reason for a failure, and leaves the line out for a success', () => {
    expect(sessionSummaryMarkdown(task({ result: 'Warning', reason: '  ' }), URL, NOW)).toContain(
      '- Reason: none given by Enterprise Manager',
    )
    expect(sessionSummaryMarkdown(task({ result: 'Success', reason: '' }), URL, NOW)).not.toContain('Reason')
  })

  it('says a running session has not ended and counts its duration up to now', () => {
    const session = task({
      state: 'InProgress',
      result: 'None',
      creationTime: at(29.5),
      endTime: null,
    })
    const text = sessionSummaryMarkdown(session, URL, NOW)
    expect(text).toContain('- Ended: not yet (running)')
    expect(text).toContain('- Duration: 30 min so far')
  })

  it('says a task waiting its turn (Pending) was queued and is waiting, not started and running', () => {
    const session = task({ state: 'Pending', result: 'None', creationTime: at(29.5), endTime: null })
    const text = sessionSummaryMarkdown(session, URL, NOW)
    expect(text).toContain(`- Queued: `)
    expect(text).toContain('- Ended: not yet (waiting to start)')
    expect(text).toContain('- Waiting: 30 min so far')
    expect(text).not.toMatch(/Started|Duration|running/)
  })

  it('summarises a job session with its job, type, retry and failure message', () => {
    const session = job({
      kind: 'backupJobSession',
      name: 'Daily | SQL@2025-11-30 21:00:00',
      jobName: 'Daily | SQL',
      jobType: 'Backup',
      isRetry: true,
      result: 'Failed',
      failureMessage: 'Job failed: 2 of 3 VMs',
    })
    const text = sessionSummaryMarkdown(session, 'https://dash.example/backupSessions/x', NOW)
    expect(text.split('\n').slice(0, 8)).toEqual([
      '**Daily \\| SQL@2025-11-30 21:00:00** (backup job session)',
      '',
      '- Job: Daily \\| SQL (Backup)',
      '- Retry: yes, a retry of a failed run',
      '- State: Stopped',
      '- Result: Failed',
      '- Failure message: Job failed: 2 of 3 VMs',
      '- Started: 2025-11-30 21:00:00 UTC',
    ])
  })

  it('names the machines of a job session that failed (first) or warned, with their reasons, once loaded', () => {
    const session = job({ kind: 'backupJobSession', result: 'Failed', failureMessage: null })
    const machines = [
      task({ vmDisplayName: 'web01', result: 'Success' }),
      task({ vmDisplayName: 'sql_prod', result: 'Warning', reason: 'CBT\ncannot be enabled' }),
      task({ vmDisplayName: 'db01', result: 'Failed', reason: `Error: ${'x'.repeat(300)}` }),
      task({ vmDisplayName: '', name: 'app02@2025-11-30 21:00:00', result: 'Failed', reason: '' }),
    ]
    const url = 'https://dash.example/backupSessions/x'
    const lines = sessionSummaryMarkdown(session, url, NOW, machines).split('\n')
    const at = lines.indexOf('- Machines: 4 (2 failed, 1 warning)')
    expect(at).toBeGreaterThan(0)
    expect(lines.slice(at + 1, at + 4)).toEqual([
      `  - db01 (Failed): Error: ${'x'.repeat(152)}…`,
      '  - app02@2025-11-30 21:00:00 (Failed)',
      '  - sql\\_prod (Warning): CBT cannot be enabled',
    ])
    expect(lines[at + 4]).toBe(`- Link: <${url}>`)
    // Without the task list (not loaded yet), the summary is the session's alone.
    expect(sessionSummaryMarkdown(session, url, NOW)).not.toContain('Machines')
  })

  it('counts the machines of a running job that still run or wait their turn', () => {
    const machines = [
      { ...task({ vmDisplayName: 'a', result: 'Failed' }) },
      { ...task({ vmDisplayName: 'b', result: 'None' }), notEnded: 'running' as const },
      { ...task({ vmDisplayName: 'c', result: 'None' }), notEnded: 'pending' as const },
      { ...task({ vmDisplayName: 'd', result: 'None' }), notEnded: 'pending' as const },
    ]
    const text = sessionSummaryMarkdown(
      job({ state: 'Working', endTime: null }),
      'https://d/x',
      NOW,
      machines,
    )
    expect(text).toContain('- Machines: 4 (1 failed, 1 running, 2 waiting to start)\n')
  })

  it('names at most ten machines and says how many more the link has', () => {
    const machines = Array.from({ length: 13 }, (_, i) => task({ vmDisplayName: `vm${i}`, result: 'Failed' }))
    const text = sessionSummaryMarkdown(job({ result: 'Failed' }), 'https://d/x', NOW, machines)
    expect(text).toContain('- Machines: 13 (13 failed)\n  - vm0 (Failed)\n')
    expect(text).toContain('  - vm9 (Failed)\n  - and 3 more (see the link)\n')
    expect(text).not.toContain('vm10')
  })

  it('does not make a link out of a URL that cannot be an autolink', () => {
    expect(sessionSummaryMarkdown(task(), 'not a <url>', NOW)).toContain('- Link: not a \\<url\\>')
  })
})

describe('attentionSummaryMarkdown', () => {
  const base = {
    days: 1 as const,
    origin: 'https://dash.example',
    now: NOW,
    truncated: false,
    unavailable: [],
  }

  it('lists what still needs attention, runs and machines in the panel’s order, with reasons and links', () => {
    const failed = task({
      id: 'f1',
      jobSessionId: 'js-a',
      jobName: 'SQL_Rep@1',
      vmDisplayName: 'db_01',
      result: 'Failed',
      reason: 'No space\non datastore',
      creationTime: at(10),
    })
    const warned = task({
      id: 'w1',
      jobSessionId: 'js-a',
      jobName: 'SQL_Rep@1',
      vmDisplayName: 'db02',
      result: 'Warning',
      reason: 'CBT reset',
      creationTime: at(10),
    })
    const fixed = task({
      id: 'x1',
      jobSessionId: 'js-b',
      jobName: 'Web@1',
      vmDisplayName: 'web01',
      result: 'Failed',
      reason: 'boom',
      creationTime: at(9),
    })
    const run = job({
      id: 'run-1',
      name: 'Files@1',
      jobType: 'Replica',
      result: 'Failed',
      failureMessage: 'Host down',
      creationTime: at(11),
    })
    const recovered = {
      x1: {
        kind: 'replicaTaskSession' as const,
        id: 'x2',
        path: '/replicaTaskSessions/x2',
        creationTime: at(12),
      },
    }
    const text = attentionSummaryMarkdown(groupAttention([failed, warned, fixed], recovered, [run]), {
      ...base,
      recovered,
    })
    expect(text).toBe(
      [
        '**Needs attention, last 24 hours** (as of 2025-12-01 06:00:00 UTC)',
        '',
        '1 failed · 1 warning · 1 job run with no machine listed',
        '1 more failed or warned and has since succeeded in its job (not listed).',
        '',
        '- **Files@1** (Replication): the run failed: Host down <https://dash.example/replicaSessions/run-1>',
        '- **SQL\\_Rep@1** (Replication): 1 failed, 1 warned <https://dash.example/replicaSessions/js-a>',
        '  - db\\_01 (Failed): No space on datastore',
        '  - db02 (Warning): CBT reset',
        '',
        'Link: <https://dash.example/>',
        '',
      ].join('\n'),
    )
  })

  it('names a job failing run after run once, with links to its other runs still open', () => {
    const runs = Array.from({ length: 8 }, (_, i) =>
      task({
        id: `t${i}`,
        jobSessionId: `js-${i}`,
        jobName: `Hourly@${i}`,
        vmDisplayName: 'app01',
        result: 'Failed',
        reason: 'Timeout',
        creationTime: at(i),
      }),
    )
    // The oldest has since succeeded: it is not linked as open.
    const recovered = {
      t0: {
        kind: 'replicaTaskSession' as const,
        id: 'ok',
        path: '/replicaTaskSessions/ok',
        creationTime: at(9),
      },
    }
    const text = attentionSummaryMarkdown(groupAttention(runs, recovered), { ...base, recovered })
    expect(text.match(/^- \*\*/gm)).toHaveLength(1)
    expect(text).toContain(
      '- **Hourly@7** (Replication): 1 failed <https://dash.example/replicaSessions/js-7>',
    )
    expect(text).toContain(
      '  - also open in 6 other runs of this job: <https://dash.example/replicaSessions/js-6>, <https://dash.example/replicaSessions/js-5>, <https://dash.example/replicaSessions/js-4>, <https://dash.example/replicaSessions/js-3>, <https://dash.example/replicaSessions/js-2>, …',
    )
    expect(text).not.toContain('js-0')
  })

  it('says when EM had more than was read or refused a part, and links the window shown', () => {
    const text = attentionSummaryMarkdown(groupAttention([]), {
      ...base,
      days: 7,
      truncated: true,
      recovered: {},
      unavailable: [{ kind: 'backupTaskSession', code: 'em_forbidden', message: 'denied' }],
    })
    expect(text).toContain('**Needs attention, last 7 days**')
    expect(text).toContain('0+ failed · 0+ warnings')
    expect(text).toContain('the oldest are missing')
    expect(text).toContain('Backup task sessions are missing')
    expect(text).toContain('Nothing still needs attention.')
    expect(text).toContain('Link: <https://dash.example/?days=7>')
  })

  it('names at most 25 jobs and ten machines of each, and says how many more the link has', () => {
    const items = Array.from({ length: 30 }, (_, i) =>
      task({
        id: `t${i}`,
        jobSessionId: `js-${i}`,
        jobName: `Job${i}@1`,
        result: 'Failed',
        creationTime: at(i),
      }),
    )
    const many = Array.from({ length: 12 }, (_, i) =>
      task({ id: `m${i}`, jobSessionId: 'js-big', jobName: 'Big@1', result: 'Failed', creationTime: at(40) }),
    )
    const text = attentionSummaryMarkdown(groupAttention([...items, ...many]), { ...base, recovered: {} })
    expect(text).toContain('- **Big@1** (Replication): 12 failed')
    expect(text).toContain('  - and 2 more (see the link)')
    expect(text).toContain('- and 6 more jobs (see the link)')
    expect(text.match(/^- \*\*/gm)).toHaveLength(25)
  })
})
