import { openTargetPath, RESOURCE_KINDS, resourcePath } from '@ese/shared'
import { describe, expect, it } from 'vitest'
import { RESOLVE_ROUTE, RESOURCE_ROUTE } from './resource-routes.ts'

const G = '24590151-20cd-4e57-8a2f-8b65869a1879'

describe('RESOURCE_ROUTE', () => {
  it.each(RESOURCE_KINDS)('puts the %s page at the path the shared contract links to', (kind) => {
    expect(RESOURCE_ROUTE[kind].replace('$id', G)).toBe(resourcePath(kind, G))
  })

  it('resolves bare GUIDs at the path openTargetPath sends them to', () => {
    expect(RESOLVE_ROUTE.replace('$id', G)).toBe(openTargetPath({ kind: null, id: G }))
  })
})
