import { parseResourceId, parseUrn, RESOURCES, type ResourceKind } from '@ese/shared'
import { ApiError } from './api-client.ts'

/**
 * The GUID a route's `$id` names: a GUID in any case or the resource's URN. Anything else is `invalid_id`
 * right here, without asking the BFF.
 */
export function requireResourceId(kind: ResourceKind, raw: string): string {
  const id = parseResourceId(kind, raw)
  if (!id) throw new ApiError('invalid_id', `"${raw}" is not the ID of a ${RESOURCES[kind].label}.`, 400)
  return id
}

/**
 * Where the page of a route's `$id` really is, when that is not this URL: an upper-case GUID or a URN becomes
 * the lower-case GUID, and the URN of another kind (a job session's URN pasted into a task session's link) goes
 * to that kind's page, since the URN says what it is. Null when `raw` is already the canonical GUID; anything
 * else is `invalid_id`, without asking the BFF.
 */
export function canonicalResource(
  kind: ResourceKind,
  raw: string,
): { kind: ResourceKind; id: string } | null {
  const urn = parseUrn(raw)
  if (urn && urn.kind !== kind) return urn
  const id = requireResourceId(kind, raw)
  return id === raw ? null : { kind, id }
}
