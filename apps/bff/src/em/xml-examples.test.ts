import { DEFAULT_CREDENTIALS, startSimulator } from '@ese/em-simulator'
import { describe, expect, it } from 'vitest'
import {
  BACKUP_QUERY_EXAMPLES,
  listExamples,
  readBackupQueryExample,
  readExample,
} from '../../../../fixtures/em-examples.ts'
import {
  decodeBackupServer,
  decodeList,
  decodeLogonSession,
  decodeQuery,
  decodeSession,
  type Parsed,
  parseBody,
} from './decode.ts'
import { BffError } from './errors.ts'

// XML as parseBody reads it (fast-xml-parser behind a DOCTYPE check and XMLValidator): the documents the old
// hand-written reader was tested with, now against the library configuration that replaced it.

const XML = 'application/xml; charset=utf-8'
const parse = (xml: string): Parsed => parseBody(Buffer.from(xml), XML)
const contentOf = (xml: string) => parse(xml).value

function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    if (error instanceof BffError) return error.code
    return `threw ${String(error)}`
  }
  return 'accepted'
}
const refusal = (xml: string) => codeOf(() => parse(xml))

/** Every XML example of both sets, with its text. */
const xmlExamples: Array<[string, string]> = [
  ...listExamples()
    .filter((name) => name.endsWith('.xml'))
    .map((name): [string, string] => [name, readExample(name)]),
  ...listExamples(BACKUP_QUERY_EXAMPLES)
    .filter((name) => name.endsWith('.xml'))
    .map((name): [string, string] => [name, readBackupQueryExample(name)]),
]

describe('parseBody on XML', () => {
  it('reads every verbatim XML example to its one root element, without namespace declarations', () => {
    expect(Object.fromEntries(xmlExamples.map(([name, text]) => [name, parse(text).root]))).toEqual({
      'backup-server.entity.docs-v13.xml': 'BackupServer',
      'enterprise-manager.entry-point.xml': 'EnterpriseManager',
      'error.500.xml': 'Error',
      'replica-job-session.entity.docs-v13.xml': 'ReplicaJobSession',
      'replica-session-task-sessions.entity-list.docs-v13.1.xml': 'ReplicaTaskSessions',
      'replica-task-session.entity.docs-v13.xml': 'ReplicaTaskSession',
      'replica-task-session.reference.docs-v13.xml': 'EntityRef',
      'backup-job-session.entity.docs-v13.1.xml': 'BackupJobSession',
      'backup-job-session.entity.docs-v13.xml': 'BackupJobSession',
      'backup-session-task-sessions.reference-list.docs-v13.1.xml': 'EntityReferences',
      'backup-task-session.entity.docs-v13.1.xml': 'BackupTaskSession',
      'backup-task-session.entity.docs-v13.xml': 'BackupTaskSession',
      'query.backup-job-session.entities.docs-v13.1.xml': 'QueryResult',
      'query.backup-task-session.entities.docs-v13.1.xml': 'QueryResult',
      'query.replica-task-session.entities.docs-v13.1.xml': 'QueryResult',
    })
    for (const [, text] of xmlExamples) {
      expect(JSON.stringify(parse(text).value)).not.toMatch(/"xmlns|"xsd"|"xsi"/)
    }
  })

  it('gives an element its attributes and child elements as members, every value a string', () => {
    const task = parse(readBackupQueryExample('backup-task-session.entity.docs-v13.1.xml')).value as Record<
      string,
      unknown
    >
    expect(task).toEqual({
      Href: 'https://localhost:9398/api/backupTaskSessions/88322206-a645-4aa3-9228-028ce51e7c0f?format=Entity',
      Type: 'BackupTaskSession',
      Name: 'AnT\\_VM2@2025-10-11 20:06:09',
      UID: 'urn:veeam:BackupTaskSession:88322206-a645-4aa3-9228-028ce51e7c0f',
      VmDisplayName: 'AnT\\_VM2',
      Links: {
        Link: [
          {
            Href: 'https://localhost:9398/api/backupServers/a490c017-2c1c-40ee-8bcf-73bcce6ab36f',
            Name: 'enterprise01.tech.local',
            Type: 'BackupServerReference',
            Rel: 'Up',
          },
          {
            Href: 'https://localhost:9398/api/backupSessions/0d3a8230-3db1-4cc1-a7b2-3b0b5c8f784c',
            Name: 'vCD Job Template@2025-10-11 20:00:04',
            Type: 'BackupJobSessionReference',
            Rel: 'Up',
          },
          {
            Href: 'https://localhost:9398/api/backupTaskSessions/88322206-a645-4aa3-9228-028ce51e7c0f',
            Name: 'AnT\\_VM2@2025-10-11 20:06:09',
            Type: 'BackupTaskSessionReference',
            Rel: 'Alternate',
          },
          {
            Href: 'https://localhost:9398/api/vmRestorePoints/a3571c27-a3a9-4ac8-8dfb-71a2336b3218?format=Entity',
            Name: 'AnT\\_VM2-bFpa@2025-10-11 20:06:23',
            Type: 'VmRestorePoint',
            Rel: 'Related',
          },
        ],
      },
      JobSessionUid: 'urn:veeam:BackupJobSession:0d3a8230-3db1-4cc1-a7b2-3b0b5c8f784c',
      CreationTimeUTC: '2025-10-11T20:06:09.627Z',
      EndTimeUTC: '2025-10-11T20:07:09.347Z',
      State: 'Completed',
      Result: 'Success',
      Reason: '',
      // Numbers stay text: a size is parsed on purpose by the decoder, a VM called 1234 stays a name.
      TotalSize: '12884901888',
      VmUid: 'urn:VMware:Vm:a87d15db-dd70-4769-acd6-41bae88219d4.vm-91826',
    })
  })

  it('namespace prefixes, xmlns declarations, repeated elements, empty elements, text beside attributes', () => {
    const cases: Array<[string, unknown]> = [
      [
        // Values as written (the decoders trim all but names); whitespace-only text is layout, dropped.
        '<a xmlns="u" xmlns:v="w" v:b=" x " c="1"><v:d> t </v:d><e/><e></e><e>\n </e><f g="1">txt</f></a>',
        { b: ' x ', c: '1', d: ' t ', e: ['', '', ''], f: { '#text': 'txt', g: '1' } },
      ],
      ['<a><b>A <![CDATA[<i>]]> C</b></a>', { b: 'A <i> C' }],
      ['<a>\n  <b>1</b>\n  <b>2</b>\n  <b>3</b>\n</a>', { b: ['1', '2', '3'] }],
      // One element is not a list: the decoders make lists of one themselves.
      ['<a><b>1</b></a>', { b: '1' }],
      ['<a><b x="1"/><b>t</b></a>', { b: [{ x: '1' }, 't'] }],
      ["<a b='single' c=\"dou'ble\"/>", { b: 'single', c: "dou'ble" }],
      [
        '<?xml version="1.0" encoding="utf-8"?>\n<!-- a comment -->\n<a><!-- inside --><b>1</b></a>\n',
        { b: '1' },
      ],
      ['<a><b>&lt;scsi0:1&gt; &amp; &quot;q&quot; &apos;s&apos;</b></a>', { b: '<scsi0:1> & "q" \'s\'' }],
      ['<a b="&lt;&amp;&gt;"/>', { b: '<&>' }],
      ['<a><b><![CDATA[<not a tag> & raw]]></b></a>', { b: '<not a tag> & raw' }],
      ['<a><?pi ignored?><b>1</b></a>', { b: '1' }],
      ['<a/>', ''],
      ['<a>  </a>', ''],
    ]
    for (const [xml, value] of cases) {
      expect(parse(xml).root).toBe('a')
      expect(parse(xml).value).toEqual(value)
    }
  })

  it('decodes character references (numeric, hex, HTML named ones) once, and leaves an unknown entity as written', () => {
    expect(contentOf('<a b="x&#xD;&#xA;y">&#65;&#x42;&foo;&amp;&#x2F;&#39;</a>')).toEqual({
      b: 'x\r\ny',
      '#text': "AB&foo;&/'",
    })
    // HTML's named references that fast-xml-parser knows are decoded; the others stay as written.
    expect(contentOf('<a>x&nbsp;y &copy; &eacute;</a>')).toBe('x\u00a0y © &eacute;')
    // Decoded once: an escaped reference is text, not a second reference.
    expect(contentOf('<a b="&amp;lt;">&amp;lt; &amp;copy; &amp;#65; &amp;amp;</a>')).toEqual({
      b: '&lt;',
      '#text': '&lt; &copy; &#65; &amp;',
    })
  })

  it('leaves an unknown entity as written, even one named like a member of Object.prototype', () => {
    expect(contentOf('<a n="&toString; &lt;">&__proto__;&valueOf;&amp;&#65;</a>')).toEqual({
      n: '&toString; <',
      '#text': '&__proto__;&valueOf;&A',
    })
  })

  it('gives no element or attribute a way to Object.prototype: such names are refused or renamed', () => {
    const polluted = () => ({}) as Record<string, unknown>
    for (const xml of [
      '<a><__proto__><polluted>yes</polluted></__proto__></a>',
      '<a __proto__="x"><b>1</b></a>',
      '<__proto__><polluted>yes</polluted></__proto__>',
      '<a xmlns:v="u"><v:__proto__><polluted>yes</polluted></v:__proto__></a>',
      '<a constructor="c"/>',
      '<a><constructor><prototype><polluted>yes</polluted></prototype></constructor></a>',
      '<a><prototype>1</prototype></a>',
    ]) {
      expect(refusal(xml)).toBe('em_bad_response')
      expect(polluted().polluted).toBeUndefined()
    }
    // Other names Object.prototype has are kept out of its way with a prefix; nothing reads them.
    const a = contentOf(
      '<a><toString>t</toString><valueOf>1</valueOf><valueOf>2</valueOf><hasOwnProperty>h</hasOwnProperty><b>1</b></a>',
    ) as Record<string, unknown>
    expect(a).toEqual({ __toString: 't', __valueOf: ['1', '2'], __hasOwnProperty: 'h', b: '1' })
    expect(typeof a.toString).toBe('function')
    expect(Object.hasOwn(a, 'toString')).toBe(false)
  })

  it('a JSON __proto__ member is an own member that nothing reads', () => {
    const TASK = '24590151-20cd-4e57-8a2f-8b65869a1879'
    const parsed = parseBody(
      Buffer.from(
        `{"__proto__":{"polluted":"yes","State":"Hacked"},"UID":"urn:veeam:ReplicaTaskSession:${TASK}"}`,
      ),
      'application/json',
    )
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(decodeSession(parsed, 'replicaTaskSession', TASK).state).toBe('Unknown')
  })

  it('refuses what is not well-formed', () => {
    for (const xml of [
      '',
      '   ',
      'plain text',
      '<a>',
      '<a><b></a></b>',
      '<a></b>',
      '<a/><b/>',
      'leading<a/>',
      '<a b=1/>',
      '<a b="1" b="2"/>',
      '<a b="1"c="2"/>',
      '<a b/>',
      '<a b="unterminated/>',
      '<1a/>',
      '<a></ a>',
      '<a><!-- unterminated </a>',
      '<a><![CDATA[ unterminated </a>',
      '<?xml version="1.0"',
      '<?xml version="1.0"?>',
      '<a / >',
      '</a>',
      '<a>a & b</a>',
    ]) {
      expect([xml, refusal(xml)]).toEqual([xml, 'em_bad_response'])
    }
  })

  it('refuses text after the root element and a < inside an attribute value, which are not well-formed either', () => {
    // XMLValidator lets both through (the old reader refused them): '<a/>trailing' reads as <a/>, the text is lost.
    for (const xml of ['<a/>trailing', '<a b="x<y"/>']) {
      expect([xml, refusal(xml)]).toEqual([xml, 'em_bad_response'])
    }
  })

  it('refuses a DTD before parsing, so no entity is ever defined or expanded (billion laughs)', () => {
    const lol = (n: number) => `&lol${n - 1};`.repeat(10)
    const entities = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${lol(i + 1)}">`).join('')
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${entities}]><lolz>&lol9;</lolz>`
    expect(refusal(bomb)).toBe('em_bad_response')
    expect(refusal('<!DOCTYPE a [<!ENTITY x "boom">]><a>&x;</a>')).toBe('em_bad_response')
    expect(refusal('<!doctype a SYSTEM "file:///etc/passwd"><a/>')).toBe('em_bad_response')
    expect(refusal('<a><!ENTITY x "y"></a>')).toBe('em_bad_response')
  })

  it('reads 64 levels of nesting (more than EM ever sends) and refuses deeper, however deep, with em_bad_response', () => {
    const nested = (depth: number) => `${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}`
    expect(parse(nested(64)).root).toBe('a')
    expect(refusal(nested(100))).toBe('em_bad_response')
    // A stack overflow would surface as a RangeError, not a BffError.
    expect(refusal(nested(100_000))).toBe('em_bad_response')
  })

  it('refuses every truncation of every example before its root is closed', () => {
    expect(xmlExamples.length).toBe(15)
    for (const [name, text] of xmlExamples) {
      const end = text.trimEnd().length
      for (let cut = 0; cut < end; cut++) {
        const code = refusal(text.slice(0, cut))
        if (code !== 'em_bad_response')
          expect({ name, cut, code }).toEqual({ name, cut, code: 'em_bad_response' })
      }
    }
  })
})

describe("the simulator's documents", () => {
  it('decodes every document the simulator serves, a 300-item task list among them, in XML and in both JSON casings', async () => {
    const sim = await startSimulator({ port: 0, extraJobSessions: [300] })
    try {
      const logon = await fetch(`${sim.url}/api/sessionMngr/?v=latest`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${DEFAULT_CREDENTIALS.username}:${DEFAULT_CREDENTIALS.password}`).toString('base64')}`,
        },
      })
      expect(logon.status).toBe(201)
      const token = logon.headers.get('x-restsvcsessionid') ?? ''
      const logonBody = parseBody(
        Buffer.from(await logon.arrayBuffer()),
        logon.headers.get('content-type') ?? undefined,
      )
      expect(logonBody.root).toBe('LogonSession')
      const session = decodeLogonSession(logonBody)
      expect(session.sessionId).toMatch(/^[0-9a-f-]{36}$/i)
      expect(session.userName?.toLowerCase()).toContain(DEFAULT_CREDENTIALS.username)

      const d = sim.demo
      const read = async (path: string, accept: string) => {
        const res = await fetch(`${sim.url}/api/${path}`, {
          headers: { 'X-RestSvcSessionId': token, Accept: accept },
        })
        expect([path, res.status]).toEqual([path, 200])
        return parseBody(Buffer.from(await res.arrayBuffer()), res.headers.get('content-type') ?? undefined)
      }

      for (const [accept, casing] of [
        ['application/xml', 'pascal'],
        ['application/json', 'pascal'],
        ['application/json', 'camel'],
      ] as const) {
        sim.setJsonCase(casing)
        const at = `${accept} ${casing}`
        for (const id of [d.completedTaskSessionId, d.failedTaskSessionId, d.runningTaskSessionId]) {
          const t = decodeSession(
            await read(`replicaTaskSessions/${id}?format=Entity`, accept),
            'replicaTaskSession',
            id,
          )
          expect([at, t.uid.toLowerCase(), t.jobSessionId]).toEqual([
            at,
            `urn:veeam:replicatasksession:${id}`,
            expect.stringMatching(/^[0-9a-f-]{36}$/),
          ])
        }
        const running = decodeSession(
          await read(`replicaTaskSessions/${d.runningTaskSessionId}?format=Entity`, accept),
          'replicaTaskSession',
          d.runningTaskSessionId,
        )
        expect([at, running.endTime]).toEqual([at, null])
        const failed = decodeSession(
          await read(`replicaTaskSessions/${d.failedTaskSessionId}?format=Entity`, accept),
          'replicaTaskSession',
          d.failedTaskSessionId,
        )
        expect([at, failed.result, failed.reason.length > 0]).toEqual([at, 'Failed', true])

        const job = decodeSession(
          await read(`replicaSessions/${d.completedJobSessionId}?format=Entity`, accept),
          'replicaJobSession',
          d.completedJobSessionId,
        )
        expect([at, job.jobType, job.jobId]).toEqual([
          at,
          'Replica',
          expect.stringMatching(/^[0-9a-f-]{36}$/),
        ])
        const runningList = decodeList(
          await read(`replicaSessions/${d.runningJobSessionId}/replicaTaskSessions?format=Entity`, accept),
          'replicaTaskSession',
        )
        expect(runningList.length).toBeGreaterThan(0)
        expect(runningList.every((t) => t.jobSessionId === d.runningJobSessionId)).toBe(true)
        const big = decodeList(
          await read(`replicaSessions/${d.extraJobSessionIds[0]}/replicaTaskSessions?format=Entity`, accept),
          'replicaTaskSession',
        )
        expect([at, big.length, new Set(big.map((t) => t.id)).size]).toEqual([at, 300, 300])

        const server = decodeBackupServer(
          await read(`backupServers/${d.backupServerIds[0]}?format=Entity`, accept),
          d.backupServerIds[0] ?? '',
        )
        expect(server.name.length).toBeGreaterThan(0)

        const backupTask = decodeSession(
          await read(`backupTaskSessions/${d.backupFailedTaskSessionId}?format=Entity`, accept),
          'backupTaskSession',
          d.backupFailedTaskSessionId,
        )
        expect([at, backupTask.result, backupTask.jobSessionId, backupTask.vmUid]).toEqual([
          at,
          'Failed',
          d.backupFailedJobSessionId,
          expect.stringMatching(/^urn:/),
        ])
        const backupJob = decodeSession(
          await read(`backupSessions/${d.backupFailedJobSessionId}?format=Entity`, accept),
          'backupJobSession',
          d.backupFailedJobSessionId,
        )
        expect(backupJob.links.map((l) => l.rel)).not.toContain('Stop')
        const backupList = decodeList(
          await read(`backupSessions/${d.backupFailedJobSessionId}/taskSessions?format=Entity`, accept),
          'backupTaskSession',
        )
        expect(backupList.map((t) => t.id)).toContain(d.backupFailedTaskSessionId)

        const tasks = decodeQuery(
          await read('query?type=BackupTaskSession&format=Entities&pageSize=5&sortDesc=CreationTime', accept),
          'backupTaskSession',
        )
        expect([at, tasks.items.length]).toEqual([at, 5])
        expect(tasks.pagesCount).toBeGreaterThan(1)
        const jobs = decodeQuery(
          await read('query?type=ReplicaJobSession&format=Entities&pageSize=2', accept),
          'replicaJobSession',
        )
        expect([at, jobs.items.length]).toEqual([at, 2])
        expect(jobs.items.every((j) => j.kind === 'replicaJobSession' && j.jobType === 'Replica')).toBe(true)
      }
    } finally {
      await sim.close()
    }
  })
})
