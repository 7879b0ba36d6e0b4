/** Shape comparisons of our XML with the verbatim EM payloads, shared by the conformance tests. */
import { expect } from 'vitest'
import type { Reply } from './helpers.ts'
import { attrSet, child, EM_TIME, names, nsDecls, root, type XNode } from './ordered.ts'

export const EM_NS = 'http://www.veeam.com/ent/v1.0'
export const FULL_NS = {
  xmlns: EM_NS,
  'xmlns:xsd': 'http://www.w3.org/2001/XMLSchema',
  'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
}

export function ours(reply: Reply): XNode & { prolog: boolean } {
  expect(reply.status).toBe(200)
  expect(reply.headers['content-type']).toBe('application/xml; charset=utf-8')
  const r = root(reply.text)
  // Every document we send is a root document: prolog + xsd/xsi/default namespace declarations.
  expect(r.prolog).toBe(true)
  expect(nsDecls(r)).toEqual(FULL_NS)
  for (const c of r.children) expect(Object.keys(nsDecls(c))).toEqual([])
  return r
}

/**
 * Same element and attribute shape as the example for one entity (values aside): root name, attribute set,
 * child element order, and each link's Rel, Type and attribute set in order. Links with an `ignoreLinkRels` Rel
 * are left out on both sides (optional links that one example shows and another does not).
 */
export function expectSameEntityShape(mine: XNode, theirs: XNode, opts: { ignoreLinkRels?: string[] } = {}) {
  expect(mine.name).toBe(theirs.name)
  expect(attrSet(mine)).toEqual(attrSet(theirs))
  expect(names(mine)).toEqual(names(theirs))
  const ignore = new Set(opts.ignoreLinkRels ?? [])
  const links = (n: XNode) => child(n, 'Links').children.filter((l) => !ignore.has(l.attrs.Rel ?? ''))
  const sig = (n: XNode) => links(n).map((l) => `${l.attrs.Rel} ${l.attrs.Type ?? '-'}`)
  const attrs = (n: XNode) => links(n).map((l) => attrSet(l).join(','))
  expect(sig(mine)).toEqual(sig(theirs))
  expect(attrs(mine)).toEqual(attrs(theirs))
}

export function expectTimes(n: XNode) {
  for (const name of ['CreationTimeUTC', 'EndTimeUTC']) {
    const el = n.children.find((c) => c.name === name)
    if (el) expect(el.text).toMatch(EM_TIME)
  }
}
