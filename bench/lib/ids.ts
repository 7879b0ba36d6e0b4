/** Deterministic, distinct task session GUIDs for the uncached runs; none starts with `c0` (Completed upstream). */
export function runningIds(count: number, seed = 1): string[] {
  let state = seed >>> 0
  const hex = (digits: number) => {
    let out = ''
    for (let i = 0; i < digits; i++) {
      // xorshift32: cheap and good enough to spread IDs.
      state ^= state << 13
      state ^= state >>> 17
      state ^= state << 5
      out += ((state >>> 0) % 16).toString(16)
    }
    return out
  }
  const ids = new Set<string>()
  while (ids.size < count) {
    const id = `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`
    if (!id.startsWith('c0')) ids.add(id)
  }
  return [...ids]
}

/** The one Completed task session of the cached runs. */
export const COMPLETED_ID = 'c0a80164-1d2e-4f3a-9b8c-7d6e5f4a3b2c'

/** A path function cycling through `ids`: consecutive requests, on any connection, get different IDs. */
export function cycling(ids: readonly string[], prefix: string): () => string {
  let i = 0
  return () => {
    const id = ids[i] ?? ids[0]
    i = (i + 1) % ids.length
    return `${prefix}${id}`
  }
}
