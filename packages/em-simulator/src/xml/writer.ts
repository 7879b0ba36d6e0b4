/** A minimal XML tree and serializer producing what .NET's XmlSerializer writes for EM. */

export type XmlValue = string | number | boolean | null | undefined

export type XmlElement = {
  name: string
  attrs: (readonly [string, XmlValue])[]
  children: XmlElement[]
  /** Text content; '' serializes as `<Name />` (EM_API_FACTS §6), undefined means "children only". */
  text?: string
  /**
   * More children, after `children`, built one at a time while writing: a list of thousands of entities never
   * holds every entity's tree at once (they would all survive to the old generation and make GC the main cost).
   */
  lazy?: { count: number; at: (i: number) => XmlElement }
}

export const EM_NAMESPACE = 'http://www.veeam.com/ent/v1.0'
const XSD_NS = 'http://www.w3.org/2001/XMLSchema'
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance'

export function el(
  name: string,
  attrs: (readonly [string, XmlValue])[] = [],
  children: (XmlElement | null)[] = [],
): XmlElement {
  return { name, attrs, children: children.filter((c): c is XmlElement => c !== null) }
}

/** An element whose children are `items`, each rendered only when written. */
export function elList<T>(name: string, items: readonly T[], render: (item: T) => XmlElement): XmlElement {
  return {
    name,
    attrs: [],
    children: [],
    lazy: { count: items.length, at: (i) => render(items[i] as T) },
  }
}

/** A simple-content element; null/undefined values are omitted entirely, as EM omits null members in XML. */
export function textEl(name: string, value: XmlValue): XmlElement | null {
  if (value === null || value === undefined) return null
  return { name, attrs: [], children: [], text: stringify(value) }
}

function stringify(value: string | number | boolean): string {
  return typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value)
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' }
const ATTR_ESCAPES: Record<string, string> = {
  ...TEXT_ESCAPES,
  '"': '&quot;',
  '\r': '&#xD;',
  '\n': '&#xA;',
  '\t': '&#x9;',
}

// Most values need no escaping: test once, replace only when needed (rendering large lists stays cheap).
export function escapeText(s: string): string {
  return /[&<>]/.test(s) ? s.replace(/[&<>]/g, (c) => TEXT_ESCAPES[c] ?? c) : s
}

export function escapeAttr(s: string): string {
  return /[&<>"\r\n\t]/.test(s) ? s.replace(/[&<>"\r\n\t]/g, (c) => ATTR_ESCAPES[c] ?? c) : s
}

function attrsOf(attrs: (readonly [string, XmlValue])[]): string {
  let out = ''
  for (const [k, v] of attrs) {
    if (v === null || v === undefined) continue
    out += ` ${k}="${escapeAttr(stringify(v))}"`
  }
  return out
}

const INDENTS = Array.from({ length: 16 }, (_, i) => `\n${'  '.repeat(i)}`)

/** Appends `node` as lines, each starting with a newline and its indent (one growing string: cheap in V8). */
function write(node: XmlElement, depth: number, out: { s: string }, nsBefore = '', nsAfter = ''): void {
  const indent = INDENTS[depth] ?? `\n${'  '.repeat(depth)}`
  const open = `${indent}<${node.name}${nsBefore}${attrsOf(node.attrs)}${nsAfter}`
  if (node.text !== undefined) {
    out.s += node.text === '' ? `${open} />` : `${open}>${escapeText(node.text)}</${node.name}>`
    return
  }
  const lazy = node.lazy
  if (node.children.length === 0 && !(lazy && lazy.count > 0)) {
    out.s += `${open} />`
    return
  }
  out.s += `${open}>`
  for (const child of node.children) write(child, depth + 1, out)
  if (lazy) for (let i = 0; i < lazy.count; i++) write(lazy.at(i), depth + 1, out)
  out.s += `${indent}</${node.name}>`
}

/**
 * Serializes a document: `<?xml …?>` prolog, and the root carrying the xsd/xsi/default namespace declarations
 * (nested elements carry none). `nsLast` puts the declarations after the root's own attributes, as in the
 * verbatim Error example.
 */
export function serializeXml(root: XmlElement, options: { nsLast?: boolean } = {}): string {
  const ns = ` xmlns:xsd="${XSD_NS}" xmlns:xsi="${XSI_NS}" xmlns="${EM_NAMESPACE}"`
  const out = { s: '<?xml version="1.0" encoding="utf-8"?>' }
  // The verbatim Error example declares the default namespace first when the declarations come last.
  if (options.nsLast)
    write(root, 0, out, '', ` xmlns="${EM_NAMESPACE}" xmlns:xsd="${XSD_NS}" xmlns:xsi="${XSI_NS}"`)
  else write(root, 0, out, ns, '')
  return `${out.s}\n`
}
