import { describe, expect, it } from 'vitest'
import { ApiError } from './api-client.ts'
import { requireResourceId } from './route-id.ts'

const G = '24590151-20cd-4e57-8a2f-8b65869a1879'

describe('requireResourceId', () => {
  it('accepts a GUID in any case and the URN of the same kind, as the canonical GUID', () => {
    expect(requireResourceId('replicaTaskSession', G)).toBe(G)
    expect(requireResourceId('replicaTaskSession', G.toUpperCase())).toBe(G)
    expect(requireResourceId('replicaJobSession', `urn:veeam:ReplicaJobSession:${G}`)).toBe(G)
  })

  it('throws invalid_id, without asking the BFF, for anything else', () => {
    for (const raw of ['srv04', `urn:veeam:BackupServer:${G}`, ` ${G}`, '']) {
      expect(() => requireResourceId('replicaJobSession', raw)).toThrow(ApiError)
      try {
        requireResourceId('replicaJobSession', raw)
      } catch (error) {
        expect(error).toMatchObject({ code: 'invalid_id', status: 400 })
      }
    }
  })
})
