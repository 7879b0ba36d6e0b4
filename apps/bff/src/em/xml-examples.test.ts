import { startSimulator } from '@ese/em-simulator'
import { XMLParser } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { listExamples, readExample } from '../../../../fixtures/em-examples.ts'
import { MAX_DEPTH, parseXmlDocument, XmlSyntaxError } from './xml.ts'

// The reader replaced fast-xml-parser with these options; on what EM sends, both must give the same members.
const reference = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
})

/** Plain objects with sorted keys: member order and prototypes are not part of the shape. */
function canon(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canon)
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canon((v as Record<string, unknown>)[k])]),
    )
  }
  return v
}

function sameAsReference(xml: string) {
  const ours = parseXmlDocument(xml)
  const theirs = reference.parse(xml, true) as Record<string, unknown>
  expect(Object.keys(theirs)).toEqual([ours.root])
  expect(canon(ours.value)).toEqual(canon(theirs[ours.root]))
}

function refuses(xml: string) {
  expect(() => parseXmlDocument(xml)).toThrow(XmlSyntaxError)
}

describe('the XML reader', () => {
  const xmlExamples = listExamples().filter((name) => name.endsWith('.xml'))

  it('reads every verbatim EM example exactly as fast-xml-parser did', () => {
    expect(xmlExamples.length).toBeGreaterThan(3)
    for (const name of xmlExamples) sameAsReference(readExample(name))
  })

  it("reads the simulator's documents, a 300-item task list among them, exactly as fast-xml-parser did", async () => {
    const sim = await startSimulator({ port: 0, extraJobSessions: [300] })
    try {
      const logon = await fetch(`${sim.url}/api/sessionMngr/?v=latest`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from('restapi:Sim-Passw0rd!').toString('base64')}` },
      })
      const token = logon.headers.get('x-restsvcsessionid') ?? ''
      sameAsReference(await logon.text())
      const d = sim.demo
      const paths = [
        `replicaTaskSessions/${d.completedTaskSessionId}`,
        `replicaTaskSessions/${d.failedTaskSessionId}`,
        `replicaTaskSessions/${d.runningTaskSessionId}`,
        `replicaSessions/${d.completedJobSessionId}`,
        `replicaSessions/${d.runningJobSessionId}/replicaTaskSessions`,
        `replicaSessions/${d.extraJobSessionIds[0]}/replicaTaskSessions`,
        `backupServers/${d.backupServerIds[0]}`,
      ]
      for (const path of paths) {
        const res = await fetch(`${sim.url}/api/${path}?format=Entity`, {
          headers: { 'X-RestSvcSessionId': token, Accept: 'application/xml' },
        })
        expect(res.status).toBe(200)
        sameAsReference(await res.text())
      }
    } finally {
      await sim.close()
    }
  })

  it('namespace prefixes, xmlns declarations, repeated elements, empty elements, text beside attributes', () => {
    const cases = [
      '<a xmlns="u" xmlns:v="w" v:b=" x " c="1"><v:d> t </v:d><e/><e></e><f g="1">txt</f></a>',
      '<a>\n  <b>1</b>\n  <b>2</b>\n  <b>3</b>\n</a>',
      '<a><b x="1"/><b>t</b></a>',
      "<a b='single' c=\"dou'ble\"/>",
      '<?xml version="1.0" encoding="utf-8"?>\n<!-- a comment -->\n<a><!-- inside --><b>1</b></a>\n',
      '<a><b>&lt;scsi0:1&gt; &amp; &quot;q&quot; &apos;s&apos;</b></a>',
      '<a b="&lt;&amp;&gt;"/>',
      '<a><b><![CDATA[<not a tag> & raw]]></b></a>',
    ]
    for (const xml of cases) sameAsReference(xml)
  })

  it('decodes character references, and leaves an unknown entity as text (no DTD, so nothing to expand)', () => {
    expect(parseXmlDocument('<a b="x&#xD;&#xA;y">&#65;&#x42;&foo;&amp</a>').value).toEqual(
      Object.assign(Object.create(null), { b: 'x\r\ny', '#text': 'AB&foo;&amp' }),
    )
  })

  it('gives no element a way to Object.prototype', () => {
    const { value } = parseXmlDocument(
      '<a constructor="c"><__proto__><polluted>yes</polluted></__proto__><toString>t</toString><b>1</b></a>',
    )
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    const a = value as Record<string, unknown>
    // Every name is an ordinary member, and nothing is inherited: the chain ends before Object.prototype.
    expect(Object.keys(a)).toEqual(['constructor', '__proto__', 'toString', 'b'])
    expect(Object.getOwnPropertyDescriptor(a, '__proto__')?.value).toEqual({ polluted: 'yes' })
    expect(a.toString).toBe('t')
    expect(a.constructor).toBe('c')
    expect('hasOwnProperty' in a).toBe(false)
    expect(Object.getPrototypeOf(Object.getPrototypeOf(value))).toBeNull()
    // An element seen twice becomes a list, even under a name Object.prototype has.
    const { value: twice } = parseXmlDocument('<a><valueOf>1</valueOf><valueOf>2</valueOf></a>')
    expect((twice as Record<string, unknown>).valueOf).toEqual(['1', '2'])
  })

  it('leaves an unknown entity as written, even one named like a member of Object.prototype', () => {
    const { value } = parseXmlDocument('<a n="&toString; &lt;">&__proto__;&valueOf;&amp;&#65;</a>')
    expect(value).toEqual({ n: '&toString; <', '#text': '&__proto__;&valueOf;&A' })
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
      '<a/>trailing',
      'leading<a/>',
      '<a b=1/>',
      '<a b="1" b="2"/>',
      '<a b="1"c="2"/>',
      '<a b="x<y"/>',
      '<a b/>',
      '<a b="unterminated/>',
      '<1a/>',
      '<a></ a>',
      '<a><!-- unterminated </a>',
      '<a><![CDATA[ unterminated </a>',
      '<?xml version="1.0"',
      '<a / >',
      '</a>',
    ]) {
      refuses(xml)
    }
  })

  it('refuses a DTD, so no entity is ever defined or expanded', () => {
    refuses(
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><a>&lol2;</a>',
    )
    refuses('<a><!ENTITY x "y"></a>')
  })

  it(`refuses nesting deeper than ${MAX_DEPTH}, without recursion, however deep`, () => {
    const ok = `${'<a>'.repeat(MAX_DEPTH)}${'</a>'.repeat(MAX_DEPTH)}`
    expect(() => parseXmlDocument(ok)).not.toThrow()
    const deep = 100_000
    refuses(`${'<a>'.repeat(deep)}${'</a>'.repeat(deep)}`)
  })

  it('refuses every truncation of every example before its root is closed', () => {
    for (const name of xmlExamples) {
      const text = readExample(name)
      const end = text.trimEnd().length
      for (let cut = 0; cut < end; cut++) refuses(text.slice(0, cut))
    }
  })
})
