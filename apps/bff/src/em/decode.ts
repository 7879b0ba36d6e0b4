import type { BackupServer, JobSession, SessionKind, TaskSession, TaskSessionKind } from '@ese/shared'
import {
  isJobSessionKind,
  isTaskSessionKind,
  jobNameOfSessionName,
  kindOfLinkType,
  parseGuid,
  parseResourceHref,
  parseUrn,
  RESOURCES,
  resourcePath,
} from '@ese/shared'
import { COMMON_HTML, CURRENCY, EntityDecoder } from '@nodable/entities'
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser'
import { BffError, quoteEmMessage } from './errors.ts'

// EM's XML or JSON decoded from EM's docs (not the simulator), liberal where EM varies (docs/decisions/002).

export type EmFormat = 'xml' | 'json'
/** An element (XML) or object (JSON): attributes and child elements alike are members. */
type EmRecord = Record<string, unknown>
export type Parsed = { root: string | null; value: unknown }

/** One page of a query (`/api/query?type=…&format=Entities`): its items and how many pages there are. */
export type QueryPage<T> = { items: T[]; pagesCount: number }

type SessionOf<K extends SessionKind> = K extends TaskSessionKind ? TaskSession : JobSession

// Values stay strings (a VM called `1234` stays a name); EM nests a few levels, so 64 is a fault or an attack.
const AS_TEXT = { parseTagValue: false, parseAttributeValue: false, maxNestedTags: 64 }
const xmlParser = new XMLParser({
  ...AS_TEXT,
  // Values as EM wrote them (a VM named `web01 ` is not `web01` to EM's filters); only the whitespace that lays
  // out the document is dropped. `str` trims every value but names.
  trimValues: false,
  tagValueProcessor: (_tag: string, value: string) => (value.trim() === '' ? '' : value),
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // HTML's named and numeric entities as well as XML's (what `htmlEntities: true` decodes), with the decoder
  // built once rather than on every parse; the parser resets it per document.
  entityDecoder: new EntityDecoder({ namedEntities: { ...COMMON_HTML, ...CURRENCY }, numericAllowed: true }),
})
const AS_SENT = {
  preserveOrder: true,
  cdataPropName: '#cdata',
  ignoreAttributes: false,
  processEntities: false,
}
const xmlPrettyParser = new XMLParser({ ...AS_SENT, ...AS_TEXT, trimValues: true })
const xmlPrettyBuilder = new XMLBuilder({ ...AS_SENT, suppressEmptyNode: true, format: true, indentBy: '  ' })

/** Parses a body into its root: for XML the root element's name and content, for JSON the top-level value. */
export function parseBody(body: Buffer, contentType: string | undefined): Parsed {
  const text = body.toString('utf8').replace(/^\uFEFF/, '')
  const format = formatOf(contentType, text)
  if (!format) {
    const type = quoteEmMessage(contentType) || 'none'
    throw badResponse(`it answered with content type "${type}" instead of XML or JSON`)
  }
  if (format === 'json') {
    try {
      return { root: null, value: JSON.parse(text) }
    } catch {
      throw badResponse('its JSON could not be parsed')
    }
  }
  // EM never sends a DTD; refusing one before any parsing rules out entity expansion.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw badResponse('its XML contains a document type declaration')
  // The parser alone accepts truncated or mismatched documents, so validate first; the validator lets text
  // after the root and `<` in an attribute value through, so those are checked here.
  if (XMLValidator.validate(text) !== true || !/>\s*$/.test(text) || ATTRIBUTE_LT_RE.test(text)) {
    throw badResponse('its XML is not well-formed (or incomplete)')
  }
  let doc: unknown
  try {
    doc = xmlParser.parse(text)
  } catch {
    throw badResponse('its XML could not be parsed (too deeply nested or a forbidden name)')
  }
  const [root, ...more] = isRecord(doc) ? Object.keys(doc) : []
  if (!isRecord(doc) || root === undefined || more.length > 0)
    throw badResponse('its XML has no single root element')
  return { root, value: doc[root] }
}

// Walks a tag's attributes from its name, so a ' or = inside a value (a job named `Copy ='A`) is not taken for
// the start of another value. No name runs over a `<` (text like `<a<a<a` stays linear); EM's tags have a few
// attributes, and at most 64 keeps its stack small.
const ATTRIBUTE_LT_RE =
  /<[A-Za-z_][^\s/<>]*(?:\s+[^\s=/<>]+\s*=\s*(?:"[^"<]*"|'[^'<]*')){0,64}\s+[^\s=/<>]+\s*=\s*(?:"[^"<]*<|'[^'<]*<)/

/** A declared content type decides (an HTML page is neither); without one, the first character does. */
function formatOf(contentType: string | undefined, text: string): EmFormat | null {
  if (!contentType) {
    const first = text.trimStart()[0]
    return first === '<' ? 'xml' : first === '{' || first === '[' ? 'json' : null
  }
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase()
  if (type === 'application/json' || type === 'text/json' || type.endsWith('+json')) return 'json'
  if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) return 'xml'
  return null
}

/** The `Message` of an EM Error body, when the body is one. */
export function errorMessageOf(body: Buffer, contentType: string | undefined): string | null {
  try {
    const { root, value } = parseBody(body, contentType)
    if (!isRecord(value) || (root !== null && root.toLowerCase() !== 'error')) return null
    return str(member(value, 'Message'))
  } catch {
    return null
  }
}

/** EM's answer as a person reads it: indented JSON or XML; as it came when it cannot be read. */
export function prettyBody(body: Buffer, contentType: string | undefined): string {
  const text = body.toString('utf8').replace(/^\uFEFF/, '')
  try {
    const format = formatOf(contentType, text)
    if (format === 'json') return JSON.stringify(JSON.parse(text), null, 2)
    if (format === 'xml' && XMLValidator.validate(text) === true) {
      return String(xmlPrettyBuilder.build(xmlPrettyParser.parse(text))).trim()
    }
  } catch {
    // Shown as it came.
  }
  return text
}

/** Checks the root is what we asked for (by XML root name or JSON `Type`) and returns it. */
function expectRoot({ root, value }: Parsed, names: readonly string[], list = false): EmRecord {
  const what = names[0] ?? 'resource'
  const named = (n: string) => names.some((x) => x.toLowerCase() === n.toLowerCase())
  if (root !== null && !named(root))
    throw badResponse(`it sent a ${quoteEmMessage(root)} document instead of a ${what}`)
  if (!isRecord(value)) {
    // An empty list element (`<BackupTaskSessions />`) parses as '' rather than an object.
    if (root !== null && value === '' && list) return {}
    throw badResponse(`it did not send a ${what}`)
  }
  const type = root === null ? str(member(value, 'Type')) : null
  if (type !== null && !named(type))
    throw badResponse(`it sent a ${quoteEmMessage(type)} instead of a ${what}`)
  const isError = member(value, 'StatusCode') !== undefined && member(value, 'Message') !== undefined
  if (root === null && type === null && isError) throw badResponse(`it sent an error instead of a ${what}`)
  // EM always names what it sends (UID, Name, Href); a body without any of them is not the resource.
  if (list || ['UID', 'Name', 'Href'].some((name) => str(member(value, name)))) return value
  throw badResponse(`its ${what} has no UID, Name or Href`)
}

/** One task or job session, `GET /api/{kind}/{id}?format=Entity`. */
export function decodeSession<K extends SessionKind>(parsed: Parsed, kind: K, id: string): SessionOf<K> {
  return readSession(expectRoot(parsed, [RESOURCES[kind].urnType]), kind, id)
}

/** A list with `?format=Entity`: `<BackupTaskSessions>`, `{"BackupTaskSessions":[…]}`, nested, or bare. */
export function decodeList<K extends SessionKind>(parsed: Parsed, kind: K): SessionOf<K>[] {
  const type = RESOURCES[kind].urnType
  const items =
    parsed.root === null && Array.isArray(parsed.value)
      ? parsed.value
      : entitiesOf(expectRoot(parsed, [`${type}s`, `${type}List`], true), type)
  return items.map((item) => readSession(item, kind, null))
}

export function decodeQuery<K extends SessionKind>(parsed: Parsed, kind: K): QueryPage<SessionOf<K>> {
  const type = RESOURCES[kind].urnType
  const result = expectRoot(parsed, ['QueryResult'], true)
  const entities = member(result, 'Entities')
  const items = isRecord(entities) ? listItems(entities, type) : entitiesOf(result, type)
  const paging = member(result, 'PagingInfo')
  const pagesCount = isRecord(paging) ? (num(member(paging, 'PagesCount')) ?? 1) : 1
  return { items: items.map((item) => readSession(item, kind, null)), pagesCount: Math.max(1, pagesCount) }
}

/** A list's entities; references (`Refs`, what EM sends without `format=Entity`) are refused, not read as none. */
function entitiesOf(container: EmRecord, type: string): unknown[] {
  const items = listItems(container, type)
  if (items.length === 0 && asArray(member(container, 'Refs')).length > 0) {
    throw badResponse(`it sent references instead of ${type} entities`)
  }
  return items
}

/** The items under a list wrapper, in every form EM (and JSON's double nesting) gives them. */
function listItems(container: EmRecord, type: string): unknown[] {
  const outer = member(container, type) ?? member(container, `${type}s`)
  if (!isRecord(outer) || member(outer, 'UID')) return asArray(outer)
  // Nested in its wrapper, an empty list may be null (`{"Xs":{"Xs":null}}`), as EM writes other empty lists.
  const nested = [`${type}s`, type].find((name) => member(outer, name) !== undefined)
  return asArray(nested ? member(outer, nested) : outer)
}

export function decodeBackupServer(parsed: Parsed, requestedId: string): BackupServer {
  const r = expectRoot(parsed, ['BackupServer'])
  return {
    id: requestedId,
    uid: str(member(r, 'UID')) ?? `urn:veeam:BackupServer:${requestedId}`,
    name: str(member(r, 'Name')) ?? '',
    description: str(member(r, 'Description')) ?? '',
    port: num(member(r, 'Port')),
    version: str(member(r, 'Version')) || null,
    links: readLinks(r).map((l) => l.link),
  }
}

/** A LogonSession body: its SessionId (the ID its logoff URL takes) and the account's name as EM writes it. */
export function decodeLogonSession({ value }: Parsed): { sessionId: string | null; userName: string | null } {
  if (!isRecord(value)) return { sessionId: null, userName: null }
  const fromHref = /\/logonSessions\/([^/?#]+)/i.exec(str(member(value, 'Href')) ?? '')?.[1] ?? null
  const userName = str(member(value, 'UserName')) || null
  return { sessionId: str(member(value, 'SessionId')) || fromHref, userName }
}

/** A task or job session; a list item (`requestedId` null) takes its ID from its UID or its own Href. */
function readSession<K extends SessionKind>(r: unknown, kind: K, requestedId: string | null): SessionOf<K>
function readSession(r: unknown, kind: SessionKind, requestedId: string | null): TaskSession | JobSession {
  if (!isRecord(r)) throw badResponse(`an item of its list is not a ${RESOURCES[kind].label}`)
  const text = (name: string) => str(member(r, name))
  const named = (name: string) => str(member(r, name), false)
  const uid = text('UID')
  const self = parseResourceHref(text('Href') ?? '')
  const id = requestedId ?? idOf(uid) ?? (self?.kind === kind ? self.id : null)
  if (!id) throw badResponse('an item of its list has no ID')
  const links = readLinks(r)
  const name = named('Name') ?? ''
  const fullUid = uid ?? `urn:veeam:${RESOURCES[kind].urnType}:${id}`
  const state = text('State') ?? 'Unknown'
  const result = text('Result') || 'None'
  const creationTime = time(member(r, 'CreationTimeUTC') ?? member(r, 'CreationTime'))
  const endTime = time(member(r, 'EndTimeUTC') ?? member(r, 'EndTime'))
  const sessionLinks = links.map((l) => l.link)
  // Object literals, not spreads of a common part: a list of thousands decodes in half the time.
  if (isTaskSessionKind(kind)) {
    const up = links.find(({ link }) => link.rel === 'Up' && isJobSessionKind(link.kind ?? ''))
    return {
      kind,
      id,
      uid: fullUid,
      name,
      vmDisplayName: named('VmDisplayName') || name.split('@')[0] || '',
      vmUid: text('VmUid') || null,
      jobSessionId: idOf(text('JobSessionUid')) || up?.link.id || null,
      state,
      result,
      reason: text('Reason') ?? '',
      totalSize: num(member(r, 'TotalSize')),
      creationTime,
      endTime,
      links: sessionLinks,
    }
  }
  // The job's ID: from its URN or GUID in JobUid, else from the href of the JobReference link.
  const jobUid = text('JobUid')?.replace(/^urn:veeam:Job:/i, '') ?? ''
  const jobHref = links.find((l) => l.link.type === 'JobReference' && l.href)?.href ?? ''
  const jobHrefId = /\/jobs\/([0-9a-f-]{36})(?:[/?#]|$)/i.exec(jobHref)?.[1] ?? ''
  return {
    kind,
    id,
    uid: fullUid,
    name,
    jobId: parseGuid(jobUid) ?? parseGuid(jobHrefId),
    jobName: named('JobName') ?? jobNameOfSessionName(name) ?? name,
    jobType: text('JobType') ?? '',
    state,
    result,
    progress: num(member(r, 'Progress')),
    isRetry: ['true', '1'].includes(text('IsRetry')?.toLowerCase() ?? ''),
    creationTime,
    endTime,
    failureMessage: text('FailureMessage') || null,
    links: sessionLinks,
  }
}

/** The GUID of a URN of a known resource, or a bare GUID. */
function idOf(uid: string | null): string | null {
  return uid ? (parseUrn(uid)?.id ?? parseGuid(uid)) : null
}

/** Navigation only: every other rel (Stop, Edit, Delete, Start, Retry, …) is an action and is dropped. */
const NAVIGATIONAL_RELS = new Map(
  ['Up', 'Down', 'Alternate', 'Related'].map((rel) => [rel.toLowerCase(), rel]),
)

/** Each link as the dashboard gets it, and its href (only ever read here, never sent or followed). */
function readLinks(r: EmRecord) {
  const links = member(r, 'Links')
  const items = Array.isArray(links) ? links : isRecord(links) ? asArray(member(links, 'Link')) : []
  return items.filter(isRecord).flatMap((item) => {
    const rel = NAVIGATIONAL_RELS.get(str(member(item, 'Rel'))?.toLowerCase() ?? '')
    if (!rel) return []
    const href = str(member(item, 'Href'))
    const type = str(member(item, 'Type')) || null
    // Its target, by its Type and the GUID in its href; without a Type, only an href ending at a resource.
    const found = href ? parseResourceHref(href) : null
    const target =
      href && found && (type ? kindOfLinkType(type) === found.kind : SELF_RE.test(href)) ? found : null
    const path = target ? resourcePath(target.kind, target.id) : null
    const name = str(member(item, 'Name')) || null
    return [{ link: { rel, type, name, kind: target?.kind ?? null, id: target?.id ?? null, path }, href }]
  })
}

const SELF_RE =
  /\/(replicaTaskSessions|repicaTaskSessions|replicaSessions|backupTaskSessions|backupSessions|backupServers)\/[0-9a-f-]{36}\/?(?:[?#]|$)/i

function isRecord(v: unknown): v is EmRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function asArray(v: unknown): unknown[] {
  return v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]
}

/** A member by name: exact first, then ignoring case (EM v13 JSON is camelCase, v12 and XML PascalCase). */
function member(r: EmRecord, name: string): unknown {
  if (Object.hasOwn(r, name)) return r[name]
  const lower = name.toLowerCase()
  for (const key of Object.keys(r)) if (key.toLowerCase() === lower) return r[key]
  return undefined
}

/** A value as text, trimmed unless it is a name (`trim` false), which EM matches exactly. */
function str(v: unknown, trim = true): string | null {
  const text = isRecord(v) ? v['#text'] : v
  if (typeof text === 'string') return trim ? text.trim() : text
  if (typeof text === 'number' || typeof text === 'boolean') return String(text)
  return null
}

function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  const s = str(v)
  const n = s !== null && /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : Number.NaN
  return Number.isFinite(n) ? n : null
}

/** ISO 8601 UTC (no zone means UTC); null if absent, unreadable or a "not ended" 0001-01-01 / 1900-01-01. */
function time(v: unknown): string | null {
  const s = str(v)
  if (!s) return null
  const net = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(s)
  const ms = net?.[1] ? Number(net[1]) : Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(s) ? s : `${s}Z`)
  if (!Number.isFinite(ms) || ms < Date.UTC(1971, 0, 1)) return null
  return new Date(ms).toISOString()
}

function badResponse(what: string): BffError {
  const message = `Enterprise Manager sent an answer the dashboard cannot read: ${what}. Try again; if it persists, check the EM server.`
  return new BffError('em_bad_response', message)
}
