/**
 * The query service's filter language (filter.md, query_comparison.md, query_and_or.md, query_grouping.md):
 * `<field><op><value>` with `==` `!=` `<` `>` `<=` `>=`, `;` = AND, `,` = OR, parentheses for grouping. AND
 * binds tighter than OR (the FIQL convention these separators come from; the docs are silent). Values may be
 * quoted with `"`, a quote inside doubled (optional_query_parameters.md); whitespace outside quotes is ignored
 * ("the server will ignore spaces in the string").
 */
import { isGuid } from '../util/guid.ts'
import { comparable, enumIndex, type FieldDef, type FieldType, findField } from './fields.ts'

export class QueryError extends Error {}

type Op = '==' | '!=' | '<' | '>' | '<=' | '>='
type Token =
  | { t: 'op'; v: Op }
  | { t: '(' | ')' | ';' | ',' }
  | { t: 'word'; v: string }
  | { t: 'string'; v: string }

type Node = { and: Node[] } | { or: Node[] } | { field: string; op: Op; value: string }

function tokenize(input: string): Token[] {
  const out: Token[] = []
  let i = 0
  while (i < input.length) {
    const c = input[i] as string
    if (/\s/.test(c)) {
      i++
      continue
    }
    if (c === '(' || c === ')' || c === ';' || c === ',') {
      out.push({ t: c })
      i++
      continue
    }
    const two = input.slice(i, i + 2)
    if (two === '==' || two === '!=' || two === '<=' || two === '>=') {
      out.push({ t: 'op', v: two })
      i += 2
      continue
    }
    if (c === '<' || c === '>') {
      out.push({ t: 'op', v: c })
      i++
      continue
    }
    if (c === '=' || c === '!') throw new QueryError(`Unexpected '${c}' at position ${i + 1} of the filter.`)
    if (c === '"') {
      let value = ''
      i++
      for (;;) {
        if (i >= input.length) throw new QueryError('Unterminated quoted string in the filter.')
        if (input[i] === '"') {
          if (input[i + 1] === '"') {
            value += '"'
            i += 2
            continue
          }
          i++
          break
        }
        value += input[i]
        i++
      }
      out.push({ t: 'string', v: value })
      continue
    }
    let word = ''
    while (i < input.length) {
      const d = input[i] as string
      if ('();,=!<>"'.includes(d)) break
      // Spaces inside an unquoted value are dropped, not separators.
      if (!/\s/.test(d)) word += d
      i++
    }
    out.push({ t: 'word', v: word })
  }
  return out
}

function parse(tokens: Token[]): Node {
  let pos = 0
  const peek = (): Token | undefined => tokens[pos]
  const describe = (tok: Token | undefined): string =>
    tok === undefined ? 'end of filter' : 'v' in tok ? `'${tok.v}'` : `'${tok.t}'`

  const parseOr = (): Node => {
    const items = [parseAnd()]
    while (peek()?.t === ',') {
      pos++
      items.push(parseAnd())
    }
    return items.length === 1 ? (items[0] as Node) : { or: items }
  }
  const parseAnd = (): Node => {
    const items = [parsePrimary()]
    while (peek()?.t === ';') {
      pos++
      items.push(parsePrimary())
    }
    return items.length === 1 ? (items[0] as Node) : { and: items }
  }
  const parsePrimary = (): Node => {
    const tok = peek()
    if (tok?.t === '(') {
      pos++
      const inner = parseOr()
      if (peek()?.t !== ')') throw new QueryError(`Expected ')' but found ${describe(peek())}.`)
      pos++
      return inner
    }
    if (tok?.t !== 'word') throw new QueryError(`Expected a field name but found ${describe(tok)}.`)
    pos++
    const op = peek()
    if (op?.t !== 'op')
      throw new QueryError(`Expected a comparison operator after '${tok.v}' but found ${describe(op)}.`)
    pos++
    const value = peek()
    if (value?.t !== 'word' && value?.t !== 'string') {
      throw new QueryError(`Expected a value after '${tok.v}${op.v}' but found ${describe(value)}.`)
    }
    pos++
    return { field: tok.v, op: op.v, value: value.v }
  }

  const node = parseOr()
  if (pos < tokens.length) throw new QueryError(`Unexpected ${describe(peek())} in the filter.`)
  return node
}

/** Parses an xs:dateTime-ish filter value as a UTC instant (values without a zone are UTC, as the docs demand). */
export function parseUtc(raw: string): number | null {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(
      raw,
    )
  if (!m) return null
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s))
  if (Number.isNaN(ms)) return null
  if (frac) ms += Number(`0.${frac}`) * 1000
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1
    const digits = zone.slice(1).replace(':', '')
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000
  }
  return ms
}

/** Converts a filter literal to the comparable form of its field, or throws a QueryError (→ 400). */
function literal(type: FieldType, field: string, raw: string): string | number {
  switch (type.kind) {
    case 'string':
      return raw.toLowerCase()
    case 'enum': {
      const i = enumIndex(type.values, raw)
      if (i === null)
        throw new QueryError(`'${raw}' is not a valid value of ${field} (${type.values.join(', ')}).`)
      return i
    }
    case 'date': {
      const ms = parseUtc(raw)
      if (ms === null) throw new QueryError(`'${raw}' is not a valid UTC date and time for ${field}.`)
      return ms
    }
    case 'long':
      if (!/^-?\d+$/.test(raw)) throw new QueryError(`'${raw}' is not a valid number for ${field}.`)
      return Number(raw)
    case 'bool':
      if (!/^(true|false)$/i.test(raw)) throw new QueryError(`'${raw}' is not a valid Boolean for ${field}.`)
      return raw.toLowerCase() === 'true' ? 1 : 0
    case 'uid': {
      // Both the bare GUID and the full URN are accepted (DECISIONS).
      if (isGuid(raw)) return `urn:veeam:${type.uidKind}:${raw}`.toLowerCase()
      const m = /^urn:veeam:([A-Za-z]+):(.+)$/i.exec(raw)
      if (m?.[2] && isGuid(m[2])) return raw.toLowerCase()
      throw new QueryError(`'${raw}' is not a valid UID for ${field}.`)
    }
  }
}

function compare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Compiles a filter into a predicate; throws QueryError for syntax errors, unknown fields or bad values. */
export function compileFilter<T>(text: string, fields: FieldDef<T>[]): (item: T) => boolean {
  const build = (node: Node): ((item: T) => boolean) => {
    if ('and' in node) {
      const parts = node.and.map(build)
      return (item) => parts.every((p) => p(item))
    }
    if ('or' in node) {
      const parts = node.or.map(build)
      return (item) => parts.some((p) => p(item))
    }
    const field = findField(fields, node.field)
    if (!field) {
      throw new QueryError(
        `Unknown filter field '${node.field}'. Valid fields: ${fields.map((f) => f.name).join(', ')}.`,
      )
    }
    const want = literal(field.type, field.name, node.value)
    const op = node.op
    return (item) => {
      const have = comparable(field.type, field.get(item))
      // A missing value (EndTime of a running session) matches no comparison, as NULL does in SQL.
      if (have === null) return false
      const c = compare(have, want)
      switch (op) {
        case '==':
          return c === 0
        case '!=':
          return c !== 0
        case '<':
          return c < 0
        case '>':
          return c > 0
        case '<=':
          return c <= 0
        case '>=':
          return c >= 0
      }
    }
  }
  return build(parse(tokenize(text)))
}
