/** A small seeded PRNG (xorshift32): the bench's IDs, orders and offsets are the same every run. */
export function prng(seed: number): () => number {
  let state = seed >>> 0 || 1
  return () => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return (state >>> 0) / 2 ** 32
  }
}

function guids(count: number, seed: number, accept: (id: string) => boolean, prefix = ''): string[] {
  const next = prng(seed)
  const hex = (digits: number) => {
    let out = ''
    for (let i = 0; i < digits; i++) out += Math.floor(next() * 16).toString(16)
    return out
  }
  const ids = new Set<string>()
  while (ids.size < count) {
    const id = `${prefix}${hex(8 - prefix.length)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`
    if (accept(id)) ids.add(id)
  }
  return [...ids]
}

/** Distinct task session GUIDs the static upstream answers as running (none starts with `c0`). */
export const runningIds = (count: number, seed = 1): string[] =>
  guids(count, seed, (id) => !id.startsWith('c0'))

/** Distinct task session GUIDs the static upstream answers as Completed (all start with `c0`). */
export const completedIds = (count: number, seed = 2): string[] => guids(count, seed, () => true, 'c0')

/** The one Completed task session of the cached runs. */
export const COMPLETED_ID = 'c0a80164-1d2e-4f3a-9b8c-7d6e5f4a3b2c'

/** A path function cycling through `paths`: consecutive requests, on any connection, get different ones. */
export function cycling(paths: readonly string[]): () => string {
  let i = 0
  return () => {
    const path = paths[i] ?? paths[0] ?? '/'
    i = (i + 1) % paths.length
    return path
  }
}

/** Fisher–Yates with a seeded PRNG: a fixed mix of kinds and ages. */
export function shuffled<T>(items: readonly T[], seed = 3): T[] {
  const out = [...items]
  const next = prng(seed)
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

/** Hands out the items in order, each once; the bench checks at EM that none was a cache hit anyway. */
export class Pool<T> {
  private i = 0
  constructor(private readonly items: readonly T[]) {}

  take(n: number): T[] {
    if (this.i + n > this.items.length) {
      throw new Error(`needed ${n} more distinct sessions, ${this.items.length - this.i} left`)
    }
    const out = this.items.slice(this.i, this.i + n)
    this.i += n
    return out
  }

  get left(): number {
    return this.items.length - this.i
  }
}
