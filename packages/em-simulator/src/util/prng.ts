import { createHash } from 'node:crypto'

/** A 32-bit seeded PRNG (mulberry32): tiny, fast and good enough for demo data. */
export type Rng = {
  /** Uniform in [0, 1). */
  next(): number
  /** Integer in [min, max] (both inclusive). */
  int(min: number, max: number): number
  /** Uniform float in [min, max). */
  range(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  chance(p: number): boolean
}

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    range: (min, max) => min + next() * (max - min),
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)]
      if (item === undefined) throw new Error('pick() from an empty list')
      return item
    },
    chance: (p) => next() < p,
  }
}

function digest(seed: number, key: string): Buffer {
  return createHash('sha256').update(`${seed}|${key}`).digest()
}

/**
 * A PRNG stream derived from (seed, key). Each entity gets its own stream, so adding or removing one entity
 * never shifts the data of another one.
 */
export function rngFor(seed: number, key: string): Rng {
  return mulberry32(digest(seed, key).readUInt32LE(0))
}

/**
 * A deterministic lower-case GUID for (seed, key), shaped like a v4 GUID. Derived from SHA-256 rather than from
 * the 32-bit PRNG so that thousands of IDs never collide.
 */
export function guidFor(seed: number, key: string): string {
  const b = digest(seed, `guid:${key}`).subarray(0, 16)
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80
  const h = b.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`
}

/** Hex string of `bytes` deterministic bytes (for certificate thumbprints). */
export function hexFor(seed: number, key: string, bytes: number): string {
  return digest(seed, `hex:${key}`).subarray(0, bytes).toString('hex').toUpperCase()
}
