import {
  isJobSessionKind,
  isTaskSessionKind,
  parseGuid,
  parseUrn,
  type ResolvedSession,
  resourcePath,
} from '@ese/shared'
import { ApiError } from '../../../lib/api-client.ts'

/**
 * What `/sessions/$id` does with its parameter before asking anyone: a bare GUID is resolved (an upper-case one
 * first becomes the canonical lower-case URL), a URN already names its kind and goes straight to its page.
 * Anything else is `invalid_id`, without a request.
 */
export function resolveRouteStep(raw: string): { resolve: string } | { redirect: string } {
  const guid = parseGuid(raw)
  if (guid) return guid === raw ? { resolve: guid } : { redirect: `/sessions/${guid}` }
  const urn = parseUrn(raw)
  if (urn) return { redirect: resourcePath(urn.kind, urn.id) }
  throw new ApiError('invalid_id', `"${raw}" is not the ID of a session.`, 400)
}

/**
 * The dashboard page of a resolved session (or backup server), built here from its kind and GUID rather than
 * taken from the answer's `path`: whatever the answer says, the SPA only ever goes to one of its own pages.
 */
export function resolvedSessionPath(answer: ResolvedSession): string {
  const id = typeof answer?.id === 'string' ? parseGuid(answer.id) : null
  const kind = answer?.kind
  const known =
    typeof kind === 'string' && (isTaskSessionKind(kind) || isJobSessionKind(kind) || kind === 'backupServer')
  if (!id || !known) {
    throw new ApiError('internal', 'The dashboard server named no session page for this ID.')
  }
  return resourcePath(kind, id)
}
