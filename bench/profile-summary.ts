/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time per function and per file, top N.
 * Usage: node --import tsx bench/profile-summary.ts <file.cpuprofile> [top=30] [function name: show its callers]
 * Env: INCLUSIVE=1 adds inclusive time; WINDOW=<from µs>,<to µs> keeps only the samples of that stretch.
 */
import { readFileSync } from 'node:fs'

type Node = {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number }

const [file, topArg, focus] = process.argv.slice(2)
if (!file) {
  console.error('usage: profile-summary.ts <file.cpuprofile> [top]')
  process.exit(2)
}
const top = Number(topArg ?? 30)
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
// WINDOW=<from>,<to>: only samples taken between these monotonic-clock µs (a profile's own clock is the system's
// monotonic one, so `process.hrtime.bigint() / 1000n` read in another process around a phase marks its window).
const [from, to] = (process.env.WINDOW ?? '').split(',').map(Number)
const self = new Map<number, number>()
let at = profile.startTime
for (let i = 0; i < profile.samples.length; i++) {
  at += profile.timeDeltas[i] ?? 0
  if (from !== undefined && to !== undefined && !(at >= from && at <= to)) continue
  const id = profile.samples[i] ?? 0
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
}
const total = [...self.values()].reduce((a, b) => a + b, 0)
const byFunction = new Map<string, number>()
const byFile = new Map<string, number>()
for (const [id, us] of self) {
  const node = byId.get(id)
  if (!node) continue
  const { functionName, url, lineNumber } = node.callFrame
  const short = url
    .replace(/^.*\/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '')
    .replace(/^file:\/\/.*\/main\//, '')
  const key = `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`
  byFunction.set(key, (byFunction.get(key) ?? 0) + us)
  const pkg =
    short
      .split('/')
      .slice(0, short.startsWith('@') ? 2 : 1)
      .join('/') || '(native)'
  byFile.set(pkg, (byFile.get(pkg) ?? 0) + us)
}
const print = (title: string, map: Map<string, number>) => {
  console.log(`\n${title} (total ${(total / 1000).toFixed(0)} ms)`)
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(
      `${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`,
    )
  }
}
print('self time by function', byFunction)
print('self time by package / file', byFile)

if (focus) {
  // Who calls `focus`: self time of matching nodes, attributed to the chain of their callers.
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const chains = new Map<string, number>()
  for (const [id, us] of self) {
    const node = byId.get(id)
    if (!node || node.callFrame.functionName !== focus) continue
    const names: string[] = []
    let p = parent.get(id)
    while (p !== undefined && names.length < Number(process.env.DEPTH ?? 6)) {
      const pn = byId.get(p)
      if (!pn) break
      names.push(
        `${pn.callFrame.functionName || '(anon)'}@${pn.callFrame.url.split('/').pop()}:${pn.callFrame.lineNumber + 1}`,
      )
      p = parent.get(p)
    }
    const key = names.join(' < ')
    chains.set(key, (chains.get(key) ?? 0) + us)
  }
  print(`callers of ${focus}`, chains)
}

if (process.env.INCLUSIVE) {
  // Inclusive time per function (self + everything it called), each node counted once per function.
  const inclusive = new Map<number, number>()
  const visit = (id: number): number => {
    const node = byId.get(id)
    if (!node) return 0
    let sum = self.get(id) ?? 0
    for (const c of node.children ?? []) sum += visit(c)
    inclusive.set(id, sum)
    return sum
  }
  const rootId = profile.nodes[0]?.id
  if (rootId !== undefined) visit(rootId)
  const parentOf = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id)
  const byFn = new Map<string, number>()
  for (const [id, us] of inclusive) {
    const node = byId.get(id)
    if (!node) continue
    const { functionName, url, lineNumber } = node.callFrame
    const key = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`
    // Skip nodes whose ancestor is the same function (recursion), so time is not counted twice.
    let p = parentOf.get(id)
    let nested = false
    while (p !== undefined) {
      const pn = byId.get(p)
      if (pn && pn.callFrame.functionName === functionName && pn.callFrame.url === url) {
        nested = true
        break
      }
      p = parentOf.get(p)
    }
    if (!nested) byFn.set(key, (byFn.get(key) ?? 0) + us)
  }
  print('inclusive time by function', byFn)
}
