import { describe, expect, it } from 'vitest'
import { ApiError } from './api-client.ts'
import { canonicalResource, requireResourceId } from './route-id.ts'

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

describe('canonicalResource', () => {
  it('is null for the canonical GUID, and the lower-case GUID for an upper-case one or a URN of the kind', () => {
    expect(canonicalResource('replicaTaskSession', G)).toBeNull()
    expect(canonicalResource('replicaTaskSession', G.toUpperCase())).toEqual({
      kind: 'replicaTaskSession',
      id: G,
    })
    expect(canonicalResource('backupJobSession', `urn:veeam:BackupJobSession:${G}`)).toEqual({
      kind: 'backupJobSession',
      id: G,
    })
  })

  it('sends the URN of another kind to the page of the kind it names', () => {
    expect(canonicalResource('replicaTaskSession', `urn:veeam:ReplicaJobSession:${G}`)).toEqual({
      kind: 'replicaJobSession',
      id: G,
    })
    expect(canonicalResource('backupJobSession', `urn:veeam:BackupServer:${G.toUpperCase()}`)).toEqual({
      kind: 'backupServer',
      id: G,
    })
  })

  it('throws invalid_id for what names nothing', () => {
    for (const raw of ['srv04', `urn:veeam:Job:${G}`, ` ${G}`, '']) {
      expect(() => canonicalResource('replicaJobSession', raw)).toThrow(
        expect.objectContaining({ code: 'invalid_id' }),
      )
    }
  })
})
