/** Navigation over fast-xml-parser's preserveOrder output, for structure-and-order comparisons. */
import { orderedParser } from './helpers.ts'

export type XNode = { name: string; attrs: Record<string, string>; children: XNode[]; text: string }

type Raw = Record<string, unknown>

function toNode(raw: Raw): XNode | null {
  const name = Object.keys(raw).find((k) => k !== ':@')
  if (!name || name === '#text' || name.startsWith('?')) return null
  const attrs: Record<string, string> = {}
  for (const [k, v] of Object.entries((raw[':@'] as Raw | undefined) ?? {}))
    attrs[k.replace(/^@/, '')] = String(v)
  const kids = (raw[name] as Raw[] | undefined) ?? []
  const children: XNode[] = []
  let text = ''
  for (const k of kids) {
    if ('#text' in k) text += String(k['#text'])
    else {
      const n = toNode(k)
      if (n) children.push(n)
    }
  }
  return { name, attrs, children, text }
}

/** The root element of a document; also reports whether the `<?xml …?>` prolog is present. */
export function root(xml: string): XNode & { prolog: boolean } {
  const parsed = orderedParser.parse(xml) as Raw[]
  const prolog = parsed.some((n) => '?xml' in n)
  for (const n of parsed) {
    const node = toNode(n)
    if (node) return { ...node, prolog }
  }
  throw new Error('no root element')
}

export const names = (n: XNode): string[] => n.children.map((c) => c.name)

export function child(n: XNode, name: string): XNode {
  const c = n.children.find((x) => x.name === name)
  if (!c) throw new Error(`<${n.name}> has no <${name}>`)
  return c
}

/** Attribute names, sorted, namespace declarations excluded. */
export const attrSet = (n: XNode): string[] =>
  Object.keys(n.attrs)
    .filter((a) => a !== 'xmlns' && !a.startsWith('xmlns:'))
    .sort()

export const nsDecls = (n: XNode): Record<string, string> =>
  Object.fromEntries(Object.entries(n.attrs).filter(([a]) => a === 'xmlns' || a.startsWith('xmlns:')))

/** `Rel Type` of each link, in order. */
export const linkSig = (n: XNode): string[] =>
  child(n, 'Links').children.map((l) => `${l.attrs.Rel} ${l.attrs.Type ?? '-'}`)

/** Attribute-name sets of each link (Name/Type optional per link). */
export const linkAttrSets = (n: XNode): string[] =>
  child(n, 'Links').children.map((l) => attrSet(l).join(','))

// The verbatim payloads come from the reference beside the repo, or its vendored copy in a bare clone.
export {
  readBackupQueryExample as backupExample,
  readExample as example,
} from '../../../fixtures/em-examples.ts'
export { docsJsonSample, factsBlock } from '../../../fixtures/em-reference.ts'

/** EM timestamp format: UTC, `Z`, fraction without trailing zeros (EM_API_FACTS §6). */
export const EM_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d*[1-9])?Z$/
