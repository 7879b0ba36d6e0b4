/**
 * EM's JSON: compact, members in DataContract order (callers build objects in that order), nulls emitted
 * (DECISIONS: v10 style), and every body prefixed with a UTF-8 byte-order mark, as real EM does (EM_API_FACTS §1.2).
 */
export const BOM = '\uFEFF'

export function serializeJson(value: unknown): string {
  return BOM + JSON.stringify(value)
}
