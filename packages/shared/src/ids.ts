import { RESOURCE_KINDS, RESOURCES, type ResourceKind, resourcePath } from './resources.ts'

const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'
const GUID_RE = new RegExp(`^${GUID}$`)
const URN_RE = new RegExp(`^urn:veeam:([A-Za-z]+):(${GUID})$`, 'i')

/** A GUID in canonical lower case, or null when `value` is not exactly a GUID. */
export function parseGuid(value: string): string | null {
  return GUID_RE.test(value) ? value.toLowerCase() : null
}

/** Splits `urn:veeam:<Type>:<guid>`; the type is matched case-insensitively against the resources we know. */
export function parseUrn(value: string): { kind: ResourceKind; id: string } | null {
  const m = URN_RE.exec(value)
  if (!m?.[1] || !m[2]) return null
  const type = m[1].toLowerCase()
  const kind = RESOURCE_KINDS.find((k) => RESOURCES[k].urnType.toLowerCase() === type)
  return kind ? { kind, id: m[2].toLowerCase() } : null
}

/**
 * The GUID a path parameter names for a resource of `kind`: a bare GUID (any case) or that resource's URN.
 * Anything else, including the URN of another resource type, is null. No trimming: an ID with stray
 * characters is not an ID.
 */
export function parseResourceId(kind: ResourceKind, value: string): string | null {
  const guid = parseGuid(value)
  if (guid) return guid
  const urn = parseUrn(value)
  return urn && urn.kind === kind ? urn.id : null
}

// EM's own docs spell the task session segment `repicaTaskSessions` in many examples; accept both.
const SEGMENT_TO_KIND: Record<string, ResourceKind> = {
  replicatasksessions: 'replicaTaskSession',
  repicatasksessions: 'replicaTaskSession',
  replicasessions: 'replicaJobSession',
  backuptasksessions: 'backupTaskSession',
  backupsessions: 'backupJobSession',
  backupservers: 'backupServer',
}
const HREF_RESOURCE_RE = new RegExp(
  `/(replicaTaskSessions|repicaTaskSessions|replicaSessions|backupTaskSessions|backupSessions|backupServers)/(${GUID})(?=[/?#]|$)`,
  'gi',
)

/**
 * The resource an EM href (or a dashboard URL, or a bare path) points at: the last `<segment>/<guid>` pair in
 * it, so `/replicaSessions/<id>/replicaTaskSessions` names the job session. Null when there is none.
 */
export function parseResourceHref(href: string): { kind: ResourceKind; id: string } | null {
  // An exec loop rather than matchAll: this runs for every link of every EM answer (no iterator, one match
  // array at a time). The regex is global and this module's own, so lastIndex is reset here and left at 0.
  let kind: ResourceKind | undefined
  let id = ''
  HREF_RESOURCE_RE.lastIndex = 0
  for (let m = HREF_RESOURCE_RE.exec(href); m !== null; m = HREF_RESOURCE_RE.exec(href)) {
    const k = m[1] ? SEGMENT_TO_KIND[m[1].toLowerCase()] : undefined
    if (k && m[2]) {
      kind = k
      id = m[2]
    }
  }
  HREF_RESOURCE_RE.lastIndex = 0
  return kind ? { kind, id: id.toLowerCase() } : null
}

export const ACCEPTED_ID_FORMS = [
  'a session GUID from any alert, such as 24590151-20cd-4e57-8a2f-8b65869a1879 (replica or backup, task or job: the dashboard finds out which)',
  'a URN, such as urn:veeam:BackupTaskSession:<guid>, urn:veeam:ReplicaJobSession:<guid> or urn:veeam:BackupServer:<guid>',
  'an EM or dashboard URL, such as https://em:9398/api/backupSessions/<guid>?format=Entity',
] as const

/** What "Open by ID" names: a resource of a known kind, or a bare GUID whose kind EM must tell (`kind` null). */
export type OpenTarget = { kind: ResourceKind | null; id: string }

const SESSIONS_PATH_RE = new RegExp(`(?:^|/)sessions/(${GUID})(?=[/?#]|$)`, 'i')

/**
 * What the user typed or pasted into "Open by ID": a bare GUID (of any session kind, resolved by the BFF), a
 * URN, or a URL from EM or from this dashboard. Surrounding whitespace is ignored. Null when it names nothing
 * we can open.
 */
export function parseOpenInput(input: string): OpenTarget | null {
  const value = input.trim()
  if (value === '') return null
  const guid = parseGuid(value)
  if (guid) return { kind: null, id: guid }
  const urn = parseUrn(value)
  if (urn) return urn
  if (!value.includes('/')) return null
  let decoded = value
  try {
    decoded = decodeURI(value)
  } catch {
    // A malformed escape: read the text as it is.
  }
  const resource = parseResourceHref(decoded)
  if (resource) return resource
  const bare = SESSIONS_PATH_RE.exec(decoded)?.[1]
  return bare ? { kind: null, id: bare.toLowerCase() } : null
}

/** The dashboard path that opens a target: the resource's page, or `/sessions/<guid>`, which finds its kind. */
export function openTargetPath(target: OpenTarget): string {
  return target.kind ? resourcePath(target.kind, target.id) : `/sessions/${target.id}`
}
