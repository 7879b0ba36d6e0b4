const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isGuid(value: string): boolean {
  return GUID_RE.test(value)
}

/** Lower-cases a GUID, or returns null when `value` is not one (hyphenated form only). */
export function parseGuid(value: string): string | null {
  return isGuid(value) ? value.toLowerCase() : null
}

export type UidKind =
  | 'ReplicaTaskSession'
  | 'ReplicaJobSession'
  | 'BackupTaskSession'
  | 'BackupJobSession'
  | 'Job'
  | 'BackupServer'

export function urn(kind: UidKind, id: string): string {
  return `urn:veeam:${kind}:${id}`
}
