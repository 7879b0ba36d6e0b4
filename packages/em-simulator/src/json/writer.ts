/**
 * EM's JSON: compact, members in DataContract order (callers build objects in that order), nulls emitted
 * (DECISIONS: v10 style), and every body prefixed with a UTF-8 byte-order mark, as real EM does (EM_API_FACTS §1.2).
 * Keys are PascalCase as EM v12 writes them, or camelCase as EM v13 does (SESSIONS_QUERIES_ROLES §0.4).
 */
import type { JsonCase } from '../types.ts'

export const BOM = '\uFEFF'

export function serializeJson(value: unknown, casing: JsonCase = 'pascal'): string {
  return BOM + JSON.stringify(casing === 'camel' ? camelize(value) : value)
}

const camelKeys = new Map<string, string>()

/**
 * .NET's JsonNamingPolicy.CamelCase, which EM v13 applies to every member name: the leading run of capitals is
 * lower-cased, except the last one when a lower-case letter follows it. So `UID` → `uid`, `VmUid` → `vmUid`,
 * `CreationTimeUTC` → `creationTimeUTC`, `PageNum` → `pageNum`, as in the v13 captures.
 */
export function camelKey(key: string): string {
  const known = camelKeys.get(key)
  if (known !== undefined) return known
  const isUpper = (c: string | undefined): boolean => c !== undefined && c !== c.toLowerCase()
  const chars = [...key]
  for (let i = 0; i < chars.length; i++) {
    if (!isUpper(chars[i])) break
    if (i > 0 && i + 1 < chars.length && !isUpper(chars[i + 1])) break
    chars[i] = (chars[i] as string).toLowerCase()
  }
  const out = chars.join('')
  camelKeys.set(key, out)
  return out
}

function camelize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelize)
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[camelKey(k)] = camelize(v)
  return out
}
