import { parseResourceId, RESOURCES, type ResourceKind } from '@ese/shared'
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
