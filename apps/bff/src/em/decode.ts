import {
  type BackupServer,
  type JobSession,
  type JobSessionKind,
  kindOfLinkType,
  parseGuid,
  parseResourceHref,
  parseUrn,
  RESOURCES,
  type ResourceKind,
  resourcePath,
  type SessionLink,
  type TaskSession,
  type TaskSessionKind,
} from '@ese/shared'
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser'
import { BffError, quoteEmMessage } from './errors.ts'

/**
 * Decodes EM's payloads (XML or JSON) into the BFF's types. Written from EM's documentation, independent of
 * the simulator, and liberal where DECISIONS.md says EM varies: byte-order mark, namespace prefixes, member
 * name case (EM v13 writes camelCase JSON, v12 PascalCase), null or absent members, empty or sentinel end
 * times, unknown enum values, single-element lists.
 */

export type EmFormat = 'xml' | 'json'

/** An element (XML) or object (JSON): attributes and child elements alike are members. */
type EmRecord = Record<string, unknown>

export type Parsed = { root: string | null; value: unknown }

/** EM's documents nest a handful of levels; a deeper one is a fault (or an attack), not data. */
const MAX_NESTING = 64

// Every value stays a string (a VM called `1234` stays a name; numbers are parsed on purpose below); character
// references are decoded; attributes become plain members.
const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  htmlEntities: true,
  maxNestedTags: MAX_NESTING,
})

/** Parses a body into its root: for XML the root element's name and content, for JSON the top-level value. */
export function parseBody(body: Buffer, contentType: string | undefined): Parsed {
  const text = textOf(body)
  const format = contentType ? formatOf(contentType) : sniff(text)
  if (!format) {
    throw badResponse(
      `it answered with content type "${quoteEmMessage(contentType) || 'none'}" instead of XML or JSON`,
    )
  }
  return format === 'json' ? parseJson(text) : parseXml(text)
}

function textOf(body: Buffer): string {
  const text = body.toString('utf8')
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/** A declared content type decides; anything declared that is neither XML nor JSON (an HTML page) is refused. */
function formatOf(contentType: string): EmFormat | null {
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase()
  if (type === 'application/json' || type === 'text/json' || type.endsWith('+json')) return 'json'
  if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) return 'xml'
  return null
}

/** Without a Content-Type header, the first character tells XML from JSON. */
function sniff(text: string): EmFormat | null {
  const first = text.trimStart()[0]
  return first === '<' ? 'xml' : first === '{' || first === '[' ? 'json' : null
}

function parseJson(text: string): Parsed {
  try {
    return { root: null, value: JSON.parse(text) }
  } catch {
    throw badResponse('its JSON could not be parsed')
  }
}

const ATTRIBUTE_LT_RE = /<[A-Za-z_][^<>]*=\s*("[^"]*<|'[^']*<)/

function parseXml(text: string): Parsed {
  // EM never sends a DTD; refusing one rules out entity expansion before any parsing.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw badResponse('its XML contains a document type declaration')
  // The parser alone accepts truncated or mismatched documents: validate first. The validator itself lets
  // text after the root and `<` in an attribute value through: those are checked here.
  if (XMLValidator.validate(text) !== true || !/>\s*$/.test(text) || ATTRIBUTE_LT_RE.test(text)) {
    throw badResponse('its XML is not well-formed (or incomplete)')
  }
  let doc: unknown
  try {
    doc = xmlParser.parse(text)
  } catch {
    throw badResponse('its XML could not be parsed (too deeply nested or a forbidden name)')
  }
  const roots = isRecord(doc) ? Object.keys(doc) : []
  if (roots.length !== 1 || !isRecord(doc)) throw badResponse('its XML has no single root element')
  const root = roots[0] as string
  return { root, value: doc[root] }
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

const xmlPrettyParser = new XMLParser({
  preserveOrder: true,
  cdataPropName: '#cdata',
  ignoreAttributes: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  trimValues: true,
  maxNestedTags: MAX_NESTING,
})
const xmlPrettyBuilder = new XMLBuilder({
  preserveOrder: true,
  cdataPropName: '#cdata',
  ignoreAttributes: false,
  processEntities: false,
  suppressEmptyNode: true,
  format: true,
  indentBy: '  ',
})

/** EM's answer as a person reads it: indented JSON or XML; as it came when it cannot be read. */
export function prettyBody(body: Buffer, contentType: string | undefined): string {
  const text = textOf(body)
  try {
    const format = contentType ? formatOf(contentType) : sniff(text)
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
function expectRoot(parsed: Parsed, names: readonly string[], list = false): EmRecord {
  const { root, value } = parsed
  const what = names[0] ?? 'resource'
  const named = (n: string | null) => n !== null && names.some((x) => x.toLowerCase() === n.toLowerCase())
  if (root !== null && !named(root)) {
    throw badResponse(`it sent a ${quoteEmMessage(root)} document instead of a ${what}`)
  }
  if (!isRecord(value)) {
    // An empty list element (`<BackupTaskSessions />`) parses as '' rather than an object.
    if (root !== null && value === '' && list) return {}
    throw badResponse(`it did not send a ${what}`)
  }
  if (root === null) {
    const type = str(member(value, 'Type'))
    if (type !== null && !named(type))
      throw badResponse(`it sent a ${quoteEmMessage(type)} instead of a ${what}`)
    if (
      type === null &&
      member(value, 'StatusCode') !== undefined &&
      member(value, 'Message') !== undefined
    ) {
      throw badResponse(`it sent an error instead of a ${what}`)
    }
  }
  // EM always names what it sends (UID, Name, Href); a body without any of them is not the resource.
  if (list || str(member(value, 'UID')) || str(member(value, 'Name')) || str(member(value, 'Href')))
    return value
  throw badResponse(`its ${what} has no UID, Name or Href`)
}

export function decodeTaskSession(parsed: Parsed, kind: TaskSessionKind, requestedId: string): TaskSession {
  return readTaskSession(expectRoot(parsed, [RESOURCES[kind].urnType]), kind, requestedId)
}

export function decodeJobSession(parsed: Parsed, kind: JobSessionKind, requestedId: string): JobSession {
  return readJobSession(expectRoot(parsed, [RESOURCES[kind].urnType]), kind, requestedId)
}

/**
 * A job session's task list with `?format=Entity`: `<BackupTaskSessions>` / `{"BackupTaskSessions":[…]}` (and the
 * same for replica); query-style answers nest the wrapper once more; a bare array is accepted too.
 */
export function decodeTaskSessionList(parsed: Parsed, kind: TaskSessionKind): TaskSession[] {
  const type = RESOURCES[kind].urnType
  const items =
    parsed.root === null && Array.isArray(parsed.value)
      ? parsed.value
      : entitiesOf(expectRoot(parsed, [`${type}s`, `${type}List`], true), type)
  return items.map((item) => readTaskSession(listItem(item, kind), kind, null))
}

/** An agent backup's per-computer sessions with `?format=Entity`: `<BackupJobSessions>` and its JSON forms. */
export function decodeJobSessionList(parsed: Parsed, kind: JobSessionKind): JobSession[] {
  const type = RESOURCES[kind].urnType
  const items =
    parsed.root === null && Array.isArray(parsed.value)
      ? parsed.value
      : entitiesOf(expectRoot(parsed, [`${type}s`, `${type}List`], true), type)
  return items.map((item) => readJobSession(listItem(item, kind), kind, null))
}

/** One page of a query (`/api/query?type=…&format=Entities`): its items and how many pages there are. */
export type QueryPage<T> = { items: T[]; pagesCount: number }

export function decodeTaskQuery(parsed: Parsed, kind: TaskSessionKind): QueryPage<TaskSession> {
  const page = queryPage(parsed, RESOURCES[kind].urnType)
  return {
    items: page.items.map((i) => readTaskSession(listItem(i, kind), kind, null)),
    pagesCount: page.pagesCount,
  }
}

export function decodeJobQuery(parsed: Parsed, kind: JobSessionKind): QueryPage<JobSession> {
  const page = queryPage(parsed, RESOURCES[kind].urnType)
  return {
    items: page.items.map((i) => readJobSession(listItem(i, kind), kind, null)),
    pagesCount: page.pagesCount,
  }
}

function queryPage(parsed: Parsed, type: string): QueryPage<unknown> {
  const result = expectRoot(parsed, ['QueryResult'], true)
  const entities = member(result, 'Entities')
  const items = isRecord(entities) ? listItems(entities, type) : entitiesOf(result, type)
  const paging = member(result, 'PagingInfo')
  const pagesCount = isRecord(paging) ? (num(member(paging, 'PagesCount')) ?? 1) : 1
  return { items, pagesCount: Math.max(1, pagesCount) }
}

/** A list's entities; references (`Refs`, what EM sends without `format=Entity`) are not read as none. */
function entitiesOf(container: EmRecord, type: string): unknown[] {
  const items = listItems(container, type)
  if (items.length === 0 && asArray(member(container, 'Refs')).length > 0) {
    throw badResponse(`it sent references instead of ${type} entities`)
  }
  return items
}

/** The items under a list wrapper, in every form EM (and JSON's double nesting) gives them. */
function listItems(container: EmRecord, type: string): unknown[] {
  let inner = member(container, type) ?? member(container, `${type}s`)
  if (isRecord(inner) && !member(inner, 'UID'))
    inner = member(inner, `${type}s`) ?? member(inner, type) ?? inner
  return asArray(inner)
}

function listItem(item: unknown, kind: ResourceKind): EmRecord {
  if (!isRecord(item)) throw badResponse(`an item of its list is not a ${RESOURCES[kind].label}`)
  return item
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
export function decodeLogonSession(parsed: Parsed): { sessionId: string | null; userName: string | null } {
  if (!isRecord(parsed.value)) return { sessionId: null, userName: null }
  const href = str(member(parsed.value, 'Href'))
  const fromHref = href ? (/\/logonSessions\/([^/?#]+)/i.exec(href)?.[1] ?? null) : null
  return {
    sessionId: str(member(parsed.value, 'SessionId')) || fromHref,
    userName: str(member(parsed.value, 'UserName')) || null,
  }
}

/** The ID of a list or query item: from its UID, or the GUID its own Href ends with. */
function itemId(r: EmRecord, kind: ResourceKind): string {
  const uid = str(member(r, 'UID'))
  const fromUid = uid ? (parseUrn(uid)?.id ?? parseGuid(uid)) : null
  const href = str(member(r, 'Href'))
  const self = href ? parseResourceHref(href) : null
  const id = fromUid ?? (self?.kind === kind ? self.id : null)
  if (!id) throw badResponse(`an item of its list has no ID`)
  return id
}

function readTaskSession(r: EmRecord, kind: TaskSessionKind, requestedId: string | null): TaskSession {
  const id = requestedId ?? itemId(r, kind)
  const links = readLinks(r)
  const name = str(member(r, 'Name')) ?? ''
  const jobSessionUid = str(member(r, 'JobSessionUid'))
  const jobSessionId =
    (jobSessionUid && (parseUrn(jobSessionUid)?.id ?? parseGuid(jobSessionUid))) ||
    links.find(
      ({ link }) =>
        link.rel === 'Up' && (link.kind === 'replicaJobSession' || link.kind === 'backupJobSession'),
    )?.link.id ||
    null
  return {
    kind,
    id,
    uid: str(member(r, 'UID')) ?? `urn:veeam:${RESOURCES[kind].urnType}:${id}`,
    name,
    vmDisplayName: str(member(r, 'VmDisplayName')) || name.split('@')[0] || '',
    vmUid: str(member(r, 'VmUid')) || null,
    jobSessionId,
    state: str(member(r, 'State')) ?? 'Unknown',
    result: str(member(r, 'Result')) || 'None',
    reason: str(member(r, 'Reason')) ?? '',
    totalSize: num(member(r, 'TotalSize')),
    creationTime: time(member(r, 'CreationTimeUTC') ?? member(r, 'CreationTime')),
    endTime: time(member(r, 'EndTimeUTC') ?? member(r, 'EndTime')),
    links: links.map((l) => l.link),
  }
}

function readJobSession(r: EmRecord, kind: JobSessionKind, requestedId: string | null): JobSession {
  const id = requestedId ?? itemId(r, kind)
  const links = readLinks(r)
  const jobUid = str(member(r, 'JobUid'))
  const name = str(member(r, 'Name')) ?? ''
  return {
    kind,
    id,
    uid: str(member(r, 'UID')) ?? `urn:veeam:${RESOURCES[kind].urnType}:${id}`,
    name,
    jobId: (jobUid && (guidOfJobUrn(jobUid) ?? parseGuid(jobUid))) || jobIdFromLinks(links),
    jobName:
      str(member(r, 'JobName')) ?? (name.lastIndexOf('@') > 0 ? name.slice(0, name.lastIndexOf('@')) : name),
    jobType: str(member(r, 'JobType')) ?? '',
    state: str(member(r, 'State')) ?? 'Unknown',
    result: str(member(r, 'Result')) || 'None',
    progress: num(member(r, 'Progress')),
    isRetry: bool(member(r, 'IsRetry')) ?? false,
    creationTime: time(member(r, 'CreationTimeUTC') ?? member(r, 'CreationTime')),
    endTime: time(member(r, 'EndTimeUTC') ?? member(r, 'EndTime')),
    failureMessage: str(member(r, 'FailureMessage')) || null,
    links: links.map((l) => l.link),
  }
}

/** A link as the dashboard gets it, and the href it came from (only ever read here, never sent or followed). */
type RawLink = { link: SessionLink; href: string | null }

/** Navigation only: every other rel (Stop, Edit, Delete, Start, Retry, …) is an action and is dropped. */
const NAVIGATIONAL_RELS = new Map([
  ['up', 'Up'],
  ['down', 'Down'],
  ['alternate', 'Alternate'],
  ['related', 'Related'],
])

function readLinks(r: EmRecord): RawLink[] {
  const links = member(r, 'Links')
  const items = Array.isArray(links) ? links : isRecord(links) ? asArray(member(links, 'Link')) : []
  const out: RawLink[] = []
  for (const item of items) {
    if (!isRecord(item)) continue
    const rel = NAVIGATIONAL_RELS.get((str(member(item, 'Rel')) ?? '').toLowerCase())
    if (!rel) continue
    const href = str(member(item, 'Href'))
    const type = str(member(item, 'Type')) || null
    const target = linkTarget(href, type)
    out.push({
      link: {
        rel,
        type,
        name: str(member(item, 'Name')) || null,
        kind: target?.kind ?? null,
        id: target?.id ?? null,
        path: target ? resourcePath(target.kind, target.id) : null,
      },
      href,
    })
  }
  return out
}

const SELF_RE =
  /\/(replicaTaskSessions|repicaTaskSessions|replicaSessions|backupTaskSessions|backupSessions|backupServers)\/[0-9a-f-]{36}\/?(?:[?#]|$)/i

/**
 * What a link points at, recognised by its Type and the GUID in its href; the href itself is never followed.
 * Without a Type, only an href that ends at a resource counts (a `…/taskSessions` list does not).
 */
function linkTarget(href: string | null, type: string | null): { kind: ResourceKind; id: string } | null {
  const target = href ? parseResourceHref(href) : null
  if (!target || !href) return null
  if (type) return kindOfLinkType(type) === target.kind ? target : null
  return SELF_RE.test(href) ? target : null
}

function jobIdFromLinks(links: RawLink[]): string | null {
  const raw = links.find((l) => l.link.type === 'JobReference' && l.href)
  const m = raw?.href ? /\/jobs\/([0-9a-f-]{36})(?:[/?#]|$)/i.exec(raw.href) : null
  return m?.[1] ? parseGuid(m[1]) : null
}

function guidOfJobUrn(uid: string): string | null {
  const m = /^urn:veeam:Job:([0-9a-f-]{36})$/i.exec(uid)
  return m?.[1] ? parseGuid(m[1]) : null
}

// ---- primitive readers: every member is `unknown` until one of these says what it is ----

function isRecord(v: unknown): v is EmRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null || v === '') return []
  return Array.isArray(v) ? v : [v]
}

/** A member by name: exact first, then ignoring case (EM v13 JSON is camelCase, v12 and XML PascalCase). */
function member(r: EmRecord, name: string): unknown {
  if (Object.hasOwn(r, name)) return r[name]
  const lower = name.toLowerCase()
  for (const key of Object.keys(r)) if (key.toLowerCase() === lower) return r[key]
  return undefined
}

function str(v: unknown): string | null {
  if (typeof v === 'string') return v.trim()
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (isRecord(v) && typeof v['#text'] === 'string') return v['#text'].trim()
  return null
}

function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  const s = str(v)
  if (s === null || !/^-?\d+(\.\d+)?$/.test(s)) return null
  const n = Number(s)
  return Number.isFinite(n) ? n : null
}

function bool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v
  const s = str(v)?.toLowerCase()
  return s === 'true' || s === '1' ? true : s === 'false' || s === '0' ? false : null
}

const NET_DATE_RE = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/
const HAS_ZONE_RE = /(Z|[+-]\d{2}:?\d{2})$/i

/**
 * An EM timestamp as ISO 8601 UTC, or null when absent, empty, unreadable, or one of the "never" sentinels
 * (.NET's DateTime.MinValue 0001-01-01, or 1900-01-01) that mean a session has not ended. A time without a
 * zone is UTC, as EM's are.
 */
function time(v: unknown): string | null {
  const s = str(v)
  if (!s) return null
  const net = NET_DATE_RE.exec(s)
  const ms = net?.[1] ? Number(net[1]) : Date.parse(HAS_ZONE_RE.test(s) ? s : `${s}Z`)
  if (!Number.isFinite(ms) || ms < Date.UTC(1971, 0, 1)) return null
  return new Date(ms).toISOString()
}

function badResponse(what: string): BffError {
  return new BffError(
    'em_bad_response',
    `Enterprise Manager sent an answer the dashboard cannot read: ${what}. Try again; if it persists, check the EM server.`,
  )
}
