/**
 * A small, strict XML reader for EM's entity documents, in one pass and without recursion. It replaces
 * fast-xml-parser's validate-then-parse on the BFF's hot path, which cost about 110 µs of the BFF's ~500 µs per
 * lookup (bench/RESULTS.md); this costs about a tenth of that.
 *
 * It gives the shape the decoder reads, the same as fast-xml-parser with the options the BFF used
 * (`ignoreAttributes: false, attributeNamePrefix: '', removeNSPrefix: true, parseTagValue: false,
 * trimValues: true`): attributes and child elements alike become members named without namespace prefix,
 * `xmlns` declarations are dropped, a repeated element becomes an array, an element with neither attributes nor
 * children is its trimmed text ('' when empty), text beside attributes or children is `#text`.
 *
 * Anything not well-formed is refused: mismatched or unclosed tags, a bad name, an unquoted or repeated
 * attribute, `<` in an attribute value, text or a second element outside the root, a DTD (never sent by EM; no
 * entity is ever expanded beyond the five predefined ones and character references), nesting deeper than
 * MAX_DEPTH. Objects have no prototype, so no element name can reach Object.prototype.
 */

export class XmlSyntaxError extends Error {
  constructor(message: string, at: number) {
    super(`${message} at offset ${at}`)
    this.name = 'XmlSyntaxError'
  }
}

/** EM's documents nest a handful of levels; a deeper one is a fault (or an attack), not data. */
export const MAX_DEPTH = 64

type XmlObject = Record<string, unknown>

/**
 * The prototype of every element object: empty, frozen, and itself without prototype, so no element or
 * attribute name (`__proto__`, `constructor`, `toString`, …) finds anything inherited, and assigning one sets
 * an ordinary member. Unlike `Object.create(null)`, objects made from it keep V8's fast property layout.
 */
const NO_MEMBERS: object = Object.freeze(Object.create(null))

type Frame = {
  /** The name as written, to match the closing tag. */
  qname: string
  /** Without namespace prefix: the member name in the parent. */
  name: string
  obj: XmlObject | null
  text: string
}

const GT = 0x3e // >
const SLASH = 0x2f // /
const EQ = 0x3d // =
const QUOT = 0x22 // "
const APOS = 0x27 // '
const BANG = 0x21 // !
const QUESTION = 0x3f // ?

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || c >= 0x80
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e
}

function localName(qname: string): string {
  const colon = qname.indexOf(':')
  return colon < 0 ? qname : qname.slice(colon + 1)
}

/** The end of the name starting at `start` (module-level, like `close`: no closures made per document). */
function readName(text: string, start: number): number {
  const n = text.length
  if (start >= n || !isNameStart(text.charCodeAt(start)))
    throw new XmlSyntaxError('a name was expected', start)
  let j = start + 1
  while (j < n && isNameChar(text.charCodeAt(j))) j++
  return j
}

/** Completes an element: its value goes into its parent, or, for the root, is returned. */
function close(frame: Frame, stack: Frame[]): { root: string; value: unknown } | null {
  let value: unknown
  if (frame.obj === null) value = frame.text
  else {
    if (frame.text !== '') frame.obj['#text'] = frame.text
    value = frame.obj
  }
  const parent = stack[stack.length - 1]
  if (!parent) return { root: frame.name, value }
  parent.obj ??= Object.create(NO_MEMBERS) as XmlObject
  const members = parent.obj
  const existing = members[frame.name]
  if (existing === undefined) members[frame.name] = value
  else if (Array.isArray(existing)) existing.push(value)
  else members[frame.name] = [existing, value]
  return null
}

/** Parses a whole document; returns the root element's name (without prefix) and its value. */
export function parseXmlDocument(text: string): { root: string; value: unknown } {
  const n = text.length
  const stack: Frame[] = []
  let root: { root: string; value: unknown } | null = null
  let i = 0

  while (i < n) {
    const lt = text.indexOf('<', i)
    const end = lt < 0 ? n : lt
    if (end > i) {
      // Text: inside an element it is content; outside the root only whitespace may appear.
      // Each run is trimmed on its own, so the whitespace between child elements adds nothing (and is skipped
      // without copying it: most runs in EM's indented documents are just that).
      let first = i
      while (first < end && isSpace(text.charCodeAt(first))) first++
      if (first < end) {
        const frame = stack[stack.length - 1]
        if (!frame) throw new XmlSyntaxError('text outside the root element', first)
        frame.text += decodeText(text, first, end).trim()
      }
    }
    if (lt < 0) break
    i = lt + 1
    const c = text.charCodeAt(i)
    if (c === SLASH) {
      // A closing tag must close the innermost open element, by the same name.
      const nameEnd = readName(text, i + 1)
      const qname = text.slice(i + 1, nameEnd)
      let j = nameEnd
      while (j < n && isSpace(text.charCodeAt(j))) j++
      if (text.charCodeAt(j) !== GT) throw new XmlSyntaxError('a closing tag is not closed', j)
      const frame = stack.pop()
      if (!frame || frame.qname !== qname) {
        throw new XmlSyntaxError(`</${qname}> does not match the open element`, i)
      }
      root = close(frame, stack) ?? root
      i = j + 1
    } else if (c === QUESTION) {
      // The XML declaration and processing instructions carry nothing EM's data needs.
      const stop = text.indexOf('?>', i + 1)
      if (stop < 0) throw new XmlSyntaxError('an unterminated processing instruction', i)
      i = stop + 2
    } else if (c === BANG) {
      if (text.startsWith('!--', i)) {
        const stop = text.indexOf('-->', i + 3)
        if (stop < 0) throw new XmlSyntaxError('an unterminated comment', i)
        i = stop + 3
      } else if (text.startsWith('![CDATA[', i)) {
        const frame = stack[stack.length - 1]
        if (!frame) throw new XmlSyntaxError('CDATA outside the root element', i)
        const stop = text.indexOf(']]>', i + 8)
        if (stop < 0) throw new XmlSyntaxError('an unterminated CDATA section', i)
        frame.text += text.slice(i + 8, stop)
        i = stop + 3
      } else {
        // <!DOCTYPE, <!ENTITY, …: EM never sends a DTD, and refusing one rules out entity expansion.
        throw new XmlSyntaxError('a document type declaration', i)
      }
    } else {
      if (root !== null) throw new XmlSyntaxError('a second root element', i)
      if (stack.length >= MAX_DEPTH) throw new XmlSyntaxError(`nesting deeper than ${MAX_DEPTH}`, i)
      const nameEnd = readName(text, i)
      const qname = text.slice(i, nameEnd)
      const frame: Frame = { qname, name: localName(qname), obj: null, text: '' }
      // No '<' may appear inside a tag, so none inside an attribute value: the next one bounds every value.
      const nextLt = text.indexOf('<', nameEnd)
      let j = nameEnd
      // Attributes, then `>` or `/>`.
      for (;;) {
        const before = j
        while (j < n && isSpace(text.charCodeAt(j))) j++
        if (j >= n) throw new XmlSyntaxError('an unterminated tag', i)
        const ch = text.charCodeAt(j)
        if (ch === GT) {
          stack.push(frame)
          j++
          break
        }
        if (ch === SLASH) {
          if (text.charCodeAt(j + 1) !== GT) throw new XmlSyntaxError('"/" not followed by ">"', j)
          // An empty element is complete at once, without being pushed.
          root = close(frame, stack) ?? root
          j += 2
          break
        }
        if (j === before) throw new XmlSyntaxError('attributes must be separated by whitespace', j)
        const attrEnd = readName(text, j)
        const attrQname = text.slice(j, attrEnd)
        j = attrEnd
        while (j < n && isSpace(text.charCodeAt(j))) j++
        if (text.charCodeAt(j) !== EQ) throw new XmlSyntaxError(`attribute ${attrQname} has no value`, j)
        j++
        while (j < n && isSpace(text.charCodeAt(j))) j++
        const quote = text.charCodeAt(j)
        if (quote !== QUOT && quote !== APOS) throw new XmlSyntaxError('an unquoted attribute value', j)
        const valueEnd = text.indexOf(quote === QUOT ? '"' : "'", j + 1)
        if (valueEnd < 0) throw new XmlSyntaxError('an unterminated attribute value', j)
        if (nextLt >= 0 && nextLt < valueEnd) throw new XmlSyntaxError('"<" in an attribute value', j)
        // Namespace declarations are not data.
        if (attrQname !== 'xmlns' && !attrQname.startsWith('xmlns:')) {
          const attrName = localName(attrQname)
          frame.obj ??= Object.create(NO_MEMBERS) as XmlObject
          if (attrName in frame.obj) throw new XmlSyntaxError(`attribute ${attrQname} is repeated`, j)
          frame.obj[attrName] = decodeText(text, j + 1, valueEnd).trim()
        }
        j = valueEnd + 1
      }
      i = j
    }
  }

  const open = stack[stack.length - 1]
  if (open) throw new XmlSyntaxError(`<${open.qname}> is not closed`, n)
  if (root === null) throw new XmlSyntaxError('no root element', n)
  return root
}

// A Map, not an object literal: `&toString;` or `&__proto__;` must find nothing, and stay as written.
const NAMED = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
])

/**
 * Text between `start` and `end` with the predefined entities and character references replaced. Anything else
 * that starts with `&` is left as it is (no DTD, so no other entity can be defined).
 */
function decodeText(text: string, start: number, end: number): string {
  // Search the run only: an indexOf over the rest of the document for each value made parsing quadratic.
  const run = text.slice(start, end)
  let amp = run.indexOf('&')
  if (amp < 0) return run
  let out = ''
  let from = 0
  while (amp >= 0) {
    const semi = run.indexOf(';', amp + 1)
    if (semi < 0 || semi - amp > 10) {
      amp = run.indexOf('&', amp + 1)
      continue
    }
    const ref = run.slice(amp + 1, semi)
    let replacement: string | undefined
    if (ref.charCodeAt(0) === 0x23 /* # */) {
      const hex = ref.charCodeAt(1) === 0x78 /* x */
      const digits = hex ? ref.slice(2) : ref.slice(1)
      const code = (hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)
        ? Number.parseInt(digits, hex ? 16 : 10)
        : Number.NaN
      if (code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) {
        replacement = String.fromCodePoint(code)
      }
    } else replacement = NAMED.get(ref)
    if (replacement !== undefined) {
      out += run.slice(from, amp) + replacement
      from = semi + 1
    }
    amp = run.indexOf('&', semi + 1)
  }
  return out + run.slice(from)
}
