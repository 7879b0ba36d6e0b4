/** Query-string parameters looked up case-insensitively (the docs themselves write `pagesize`, `sortdesc`…). */
export type Params = { get(name: string): string | null; has(name: string): boolean }

export function paramsOf(search: URLSearchParams): Params {
  const map = new Map<string, string>()
  for (const [k, v] of search) {
    const key = k.toLowerCase()
    if (!map.has(key)) map.set(key, v)
  }
  return {
    get: (name) => map.get(name.toLowerCase()) ?? null,
    has: (name) => map.has(name.toLowerCase()),
  }
}
