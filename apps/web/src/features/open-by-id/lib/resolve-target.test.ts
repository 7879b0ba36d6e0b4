import type { ResolvedSession } from '@ese/shared'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../lib/api-client.ts'
import { resolvedSessionPath, resolveRouteStep } from './resolve-target.ts'

const G = '24590151-20cd-4e57-8a2f-8b65869a1879'

describe('resolveRouteStep', () => {
  it('resolves a canonical GUID', () => {
    expect(resolveRouteStep(G)).toEqual({ resolve: G })
  })

  it('sends an upper-case GUID to the canonical URL first', () => {
    expect(resolveRouteStep(G.toUpperCase())).toEqual({ redirect: `/sessions/${G}` })
  })

  it('sends a URN straight to its page, no lookup needed', () => {
    expect(resolveRouteStep(`urn:veeam:BackupTaskSession:${G}`)).toEqual({
      redirect: `/backupTaskSessions/${G}`,
    })
    expect(resolveRouteStep(`urn:veeam:ReplicaJobSession:${G}`)).toEqual({
      redirect: `/replicaSessions/${G}`,
    })
  })

  it.each(['srv04', ` ${G}`, `${G}x`, `urn:veeam:Job:${G}`, ''])('refuses %j as invalid_id', (raw) => {
    expect(() => resolveRouteStep(raw)).toThrow(ApiError)
    expect(() => resolveRouteStep(raw)).toThrow(expect.objectContaining({ code: 'invalid_id' }))
  })
})

describe('resolvedSessionPath', () => {
  it.each([
    ['replicaTaskSession', `/replicaTaskSessions/${G}`],
    ['backupTaskSession', `/backupTaskSessions/${G}`],
    ['replicaJobSession', `/replicaSessions/${G}`],
    ['backupJobSession', `/backupSessions/${G}`],
    // A GUID no session has may be a backup server's.
    ['backupServer', `/backupServers/${G}`],
  ] as const)('opens a %s at its page', (kind, path) => {
    expect(resolvedSessionPath({ kind, id: G, path: 'ignored' })).toBe(path)
  })

  it('builds the path itself instead of following the answer', () => {
    const answer = { kind: 'backupJobSession', id: G.toUpperCase(), path: '//evil.example/' } as const
    expect(resolvedSessionPath(answer)).toBe(`/backupSessions/${G}`)
  })

  it.each([
    ['a kind the dashboard has no page for', { kind: 'restoreSession', id: G, path: '/x' }],
    ['an ID that is no GUID', { kind: 'backupJobSession', id: '../x', path: '/x' }],
    ['nothing at all', null],
  ])('refuses an answer with %s', (_, answer) => {
    expect(() => resolvedSessionPath(answer as unknown as ResolvedSession)).toThrow(
      expect.objectContaining({ code: 'internal' }),
    )
  })
})
