import {
  type BackupServer,
  kindOfLinkType,
  parseGuid,
  parseResourceHref,
  parseUrn,
  RESOURCES,
  type ReplicaJobSession,
  type ReplicaTaskSession,
  type ResourceKind,
  resourcePath,
  type SessionLink,
} from '@ese/shared'
import { BffError, quoteEmMessage } from './errors.ts'
import { parseXmlDocument } from './xml.ts'

/**
 * Decodes EM's payloads (XML or JSON) into the BFF's types. Written from EM's documentation, independent of
 * the simulator, and liberal where DECISIONS.md says EM varies: byte-order mark, namespace prefixes, member
 * name case, null or absent members, empty or sentinel end times, unknown enum values, single-element lists.
 */

export type EmFormat = 'xml' | 'json'

/** An element (XML) or object (JSON): attributes and child elements alike are members. */
type EmRecord = Record<string, unknown>

/** Parses a body into its root: for XML the root element's name and content, for JSON the top-level value. */
export function parseBody(
  body: Buffer,
  contentType: string | undefined,
): { root: string | null; value: unknown } {
  let text = body.toString('utf8')
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  const format = contentType ? formatOf(contentType) : sniff(text)
  if (!format) {
    throw badResponse(
      `it answered with content type "${quoteEmMessage(contentType) || 'none'}" instead of XML or JSON`,
    )
  }
  return format === 'json' ? parseJson(text) : parseXml(text)
}

/** A declared content type decides; anything declared that is neither XML nor JSON (an HTML page) is refused. */
function formatOf(contentType: string): EmFormat | null {
  const semicolon = contentType.indexOf(';')
  const type = (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase()
  if (type === 'application/json' || type === 'text/json' || type.endsWith('+json')) return 'json'
  if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) return 'xml'
  return null
}

/** Without a Content-Type header, the first character tells XML from JSON. */
function sniff(text: string): EmFormat | null {
  const first = text.trimStart()[0]
  return first === '<' ? 'xml' : first === '{' || first === '[' ? 'json' : null
}

function parseJson(text: string): { root: null; value: unknown } {
  try {
    return { root: null, value: JSON.parse(text) }
  } catch {
    throw badResponse('its JSON could not be parsed')
  }
}

const ROOT_CLOSE_RE = /<\/(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)\s*>\s*$|\/>\s*$/

function parseXml(text: string): { root: string; value: unknown } {
  // A strict reader (em/xml.ts): anything not well-formed, a second root, a DTD (never sent by EM; refusing one
  // rules out entity expansion), or nesting deeper than EM's is refused. Every value stays a string: a VM
  // called `1234` stays a name; numbers are parsed on purpose below.
  try {
    return parseXmlDocument(text)
  } catch {
    // Only now, on the error path, say which of the likely faults it was.
    if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw badResponse('its XML contains a document type declaration')
    // A body cut short: a complete document ends with a closing tag.
    if (!ROOT_CLOSE_RE.test(text)) throw badResponse('its XML is incomplete')
    throw badResponse('its XML could not be parsed')
  }
}

/** The `Message` of an EM Error body, when the body is one. */
export function errorMessageOf(body: Buffer, contentType: string | undefined): string | null {
  try {
    const { root, value } = parseBody(body, contentType)
    if (!isRecord(value)) return null
    if (root !== null && root.toLowerCase() !== 'error') return null
    return str(member(value, 'Message'))
  } catch {
    return null
  }
}

/** Checks the root is the resource we asked for (by XML root name or JSON `Type`) and returns it. */
function expectRoot(
  parsed: { root: string | null; value: unknown },
  names: readonly string[],
  list = false,
): EmRecord {
  const { root, value } = parsed
  const what = names[0] ?? 'resource'
  if (root !== null && !names.some((n) => n.toLowerCase() === root.toLowerCase())) {
    throw badResponse(`it sent a ${quoteEmMessage(root)} document instead of a ${what}`)
  }
  if (!isRecord(value)) {
    // An empty list element (`<ReplicaTaskSessions />`) parses as '' rather than an object.
    if (root !== null && value === '' && list) return {}
    throw badResponse(`it did not send a ${what}`)
  }
  if (root !== null) return requireIdentity(value, what, list)
  const type = str(member(value, 'Type'))
  if (type !== null && !names.some((n) => n.toLowerCase() === type.toLowerCase())) {
    throw badResponse(`it sent a ${quoteEmMessage(type)} instead of a ${what}`)
  }
  if (type === null && member(value, 'StatusCode') !== undefined && member(value, 'Message') !== undefined) {
    throw badResponse(`it sent an error instead of a ${what}`)
  }
  return requireIdentity(value, what, list)
}

/** EM always names what it sends (UID, Name, Href); a body without any of them is not the resource. */
function requireIdentity(value: EmRecord, what: string, list: boolean): EmRecord {
  if (list) return value
  if (str(member(value, 'UID')) || str(member(value, 'Name')) || str(member(value, 'Href'))) return value
  throw badResponse(`its ${what} has no UID, Name or Href`)
}

export function decodeReplicaTaskSession(
  parsed: { root: string | null; value: unknown },
  requestedId: string,
): ReplicaTaskSession {
  return readTaskSession(expectRoot(parsed, ['ReplicaTaskSession']), requestedId)
}

export function decodeReplicaJobSession(
  parsed: { root: string | null; value: unknown },
  requestedId: string,
): ReplicaJobSession {
  const r = expectRoot(parsed, ['ReplicaJobSession'])
  const links = readLinks(r)
  const jobUid = str(member(r, 'JobUid'))
  const jobId = (jobUid && (guidOfJobUrn(jobUid) ?? parseGuid(jobUid))) || jobIdFromLinks(links)
  return {
    id: requestedId,
    uid: str(member(r, 'UID')) ?? `urn:veeam:${RESOURCES.replicaJobSession.urnType}:${requestedId}`,
    name: str(member(r, 'Name')) ?? '',
    jobId,
    jobName: str(member(r, 'JobName')) ?? jobNameOf(str(member(r, 'Name'))),
    jobType: str(member(r, 'JobType')) ?? '',
    state: str(member(r, 'State')) ?? 'Unknown',
    result: str(member(r, 'Result')) || 'None',
    progress: num(member(r, 'Progress')),
    isRetry: bool(member(r, 'IsRetry')) ?? false,
    creationTime: time(member(r, 'CreationTimeUTC') ?? member(r, 'CreationTime')),
    endTime: time(member(r, 'EndTimeUTC') ?? member(r, 'EndTime')),
    failureMessage: str(member(r, 'FailureMessage')) || null,
    links: links.map(publicLink),
  }
}

/** `GET /replicaSessions/{ID}/replicaTaskSessions?format=Entity`: `<ReplicaTaskSessions>` / `{"ReplicaTaskSessions":[…]}`. */
export function decodeReplicaTaskSessionList(parsed: {
  root: string | null
  value: unknown
}): ReplicaTaskSession[] {
  // `<ReplicaTaskSessions>` holds `<ReplicaTaskSession>` items; JSON wraps them as {"ReplicaTaskSessions":[…]},
  // and query-style answers nest the wrapper once more. A bare array is accepted too.
  let items: unknown[]
  if (parsed.root === null && Array.isArray(parsed.value)) items = parsed.value
  else {
    const list = expectRoot(parsed, ['ReplicaTaskSessions', 'ReplicaTaskSessionList'], true)
    let inner = member(list, 'ReplicaTaskSession') ?? member(list, 'ReplicaTaskSessions')
    if (isRecord(inner) && !member(inner, 'UID')) inner = member(inner, 'ReplicaTaskSessions') ?? inner
    items = asArray(inner)
  }
  return items.map((item) => {
    if (!isRecord(item)) throw badResponse('an item of its task session list is not a task session')
    const uid = str(member(item, 'UID'))
    const id = (uid && (parseUrn(uid)?.id ?? parseGuid(uid))) ?? selfId(item, 'replicaTaskSession')
    if (!id) throw badResponse('an item of its task session list has no ID')
    return readTaskSession(item, id)
  })
}

export function decodeBackupServer(
  parsed: { root: string | null; value: unknown },
  requestedId: string,
): BackupServer {
  const r = expectRoot(parsed, ['BackupServer'])
  return {
    id: requestedId,
    uid: str(member(r, 'UID')) ?? `urn:veeam:${RESOURCES.backupServer.urnType}:${requestedId}`,
    name: str(member(r, 'Name')) ?? '',
    description: str(member(r, 'Description')) ?? '',
    port: num(member(r, 'Port')),
    version: str(member(r, 'Version')) || null,
    links: readLinks(r).map(publicLink),
  }
}

/** The SessionId of a LogonSession body (the ID its logoff URL takes), or null. */
export function decodeLogonSessionId(parsed: { root: string | null; value: unknown }): string | null {
  if (!isRecord(parsed.value)) return null
  const id = str(member(parsed.value, 'SessionId'))
  if (id) return id
  const href = str(member(parsed.value, 'Href'))
  const m = href ? /\/logonSessions\/([^/?#]+)/i.exec(href) : null
  return m?.[1] ?? null
}

function readTaskSession(r: EmRecord, id: string): ReplicaTaskSession {
  const links = readLinks(r)
  const name = str(member(r, 'Name')) ?? ''
  const jobSessionUid = str(member(r, 'JobSessionUid'))
  const jobSessionId =
    (jobSessionUid && (parseUrn(jobSessionUid)?.id ?? parseGuid(jobSessionUid))) ||
    links.find(({ link }) => link.kind === 'replicaJobSession' && link.rel === 'Up')?.link.id ||
    null
  return {
    id,
    uid: str(member(r, 'UID')) ?? `urn:veeam:${RESOURCES.replicaTaskSession.urnType}:${id}`,
    name,
    vmDisplayName: str(member(r, 'VmDisplayName')) || name.split('@')[0] || '',
    jobSessionId,
    state: str(member(r, 'State')) ?? 'Unknown',
    result: str(member(r, 'Result')) || 'None',
    reason: str(member(r, 'Reason')) ?? '',
    totalSize: num(member(r, 'TotalSize')),
    creationTime: time(member(r, 'CreationTimeUTC') ?? member(r, 'CreationTime')),
    endTime: time(member(r, 'EndTimeUTC') ?? member(r, 'EndTime')),
    links: links.map(publicLink),
  }
}

/** A link as the dashboard gets it, and the href it came from (only ever read here, never sent or followed). */
type RawLink = { link: SessionLink; href: string | null }

const NAVIGATIONAL_RELS = new Map([
  ['up', 'Up'],
  ['down', 'Down'],
  ['alternate', 'Alternate'],
  ['related', 'Related'],
])

/** Links with a navigational rel; action links (Edit, Delete, Start, …) are dropped here. */
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
  /\/(replicaTaskSessions|repicaTaskSessions|replicaSessions|backupServers)\/([0-9a-f-]{36})\/?(?:[?#]|$)/i

/**
 * What a link points at, recognised by its Type and the GUID in its href; the href itself is never followed.
 * Without a Type, only an href that ends at a resource counts (a `…/replicaTaskSessions` list does not).
 */
function linkTarget(href: string | null, type: string | null): { kind: ResourceKind; id: string } | null {
  if (!href) return null
  const target = parseResourceHref(href)
  if (!target) return null
  if (type) return kindOfLinkType(type) === target.kind ? target : null
  return SELF_RE.test(href) ? target : null
}

function publicLink(raw: RawLink): SessionLink {
  return raw.link
}

function selfId(r: EmRecord, kind: ResourceKind): string | null {
  const href = str(member(r, 'Href'))
  const target = href ? parseResourceHref(href) : null
  return target?.kind === kind ? target.id : null
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

function jobNameOf(sessionName: string | null): string {
  if (!sessionName) return ''
  const at = sessionName.lastIndexOf('@')
  return at > 0 ? sessionName.slice(0, at) : sessionName
}

// ---- primitive readers: every member is `unknown` until one of these says what it is ----

function isRecord(v: unknown): v is EmRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null || v === '') return []
  return Array.isArray(v) ? v : [v]
}

/** A member by name: exact first, then ignoring case (EM's JSON and XML agree on names, but be forgiving). */
function member(r: EmRecord, name: string): unknown {
  if (name in r) return r[name]
  const lower = name.toLowerCase()
  for (const key in r) {
    if (key.length === name.length && Object.hasOwn(r, key) && key.toLowerCase() === lower) return r[key]
  }
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
 * (.NET's DateTime.MinValue 0001-01-01, or 1900-01-01) that mean a session has not ended.
 */
function time(v: unknown): string | null {
  const s = str(v)
  if (!s) return null
  let ms: number
  const net = s.charCodeAt(0) === 0x2f /* / */ ? NET_DATE_RE.exec(s) : null
  if (net?.[1]) ms = Number(net[1])
  else ms = Date.parse(s.endsWith('Z') || HAS_ZONE_RE.test(s) ? s : `${s}Z`)
  if (!Number.isFinite(ms) || ms < Date.UTC(1971, 0, 1)) return null
  return new Date(ms).toISOString()
}

function badResponse(what: string): BffError {
  return new BffError(
    'em_bad_response',
    `Enterprise Manager sent an answer the dashboard cannot read: ${what}. Try again; if it persists, check the EM server.`,
  )
}
