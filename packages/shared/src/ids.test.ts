import { describe, expect, it } from 'vitest'
import {
  openTargetPath,
  parseGuid,
  parseOpenInput,
  parseResourceHref,
  parseResourceId,
  parseUrn,
} from './ids.ts'

const G = '24590151-20cd-4e57-8a2f-8b65869a1879'

describe('parseGuid', () => {
  it('accepts any case and returns lower case', () => {
    expect(parseGuid(G.toUpperCase())).toBe(G)
  })
  it.each(['', ` ${G}`, `${G} `, `{${G}}`, G.slice(1), `${G}0`, G.replaceAll('-', ''), 'x'.repeat(36)])(
    'rejects %j',
    (v) => expect(parseGuid(v)).toBeNull(),
  )
})

describe('parseUrn', () => {
  it('reads the three resource URNs, type in any case', () => {
    expect(parseUrn(`urn:veeam:ReplicaTaskSession:${G}`)).toEqual({ kind: 'replicaTaskSession', id: G })
    expect(parseUrn(`urn:veeam:replicajobsession:${G.toUpperCase()}`)).toEqual({
      kind: 'replicaJobSession',
      id: G,
    })
    expect(parseUrn(`URN:VEEAM:BackupServer:${G}`)).toEqual({ kind: 'backupServer', id: G })
  })
  it('reads the backup session URNs', () => {
    expect(parseUrn(`urn:veeam:BackupTaskSession:${G}`)).toEqual({ kind: 'backupTaskSession', id: G })
    expect(parseUrn(`urn:veeam:BackupJobSession:${G}`)).toEqual({ kind: 'backupJobSession', id: G })
  })
  it('rejects other types and malformed URNs', () => {
    expect(parseUrn(`urn:veeam:Job:${G}`)).toBeNull()
    expect(parseUrn(`urn:veeam:ReplicaTaskSession:${G}x`)).toBeNull()
    expect(parseUrn(`urn:veeam:${G}`)).toBeNull()
  })
})

describe('parseResourceId', () => {
  it('accepts the GUID or the URN of the same kind only', () => {
    expect(parseResourceId('replicaJobSession', G)).toBe(G)
    expect(parseResourceId('replicaJobSession', `urn:veeam:ReplicaJobSession:${G}`)).toBe(G)
    expect(parseResourceId('replicaJobSession', `urn:veeam:ReplicaTaskSession:${G}`)).toBeNull()
    expect(parseResourceId('backupServer', ` ${G}`)).toBeNull()
    expect(parseResourceId('backupServer', '../etc/passwd')).toBeNull()
  })
})

describe('parseResourceHref', () => {
  it('takes the last resource in the path and both task-session spellings', () => {
    expect(parseResourceHref(`https://em:9398/api/repicaTaskSessions/${G}?format=Entity`)).toEqual({
      kind: 'replicaTaskSession',
      id: G,
    })
    expect(parseResourceHref(`https://em:9398/api/replicaSessions/${G}/replicaTaskSessions`)).toEqual({
      kind: 'replicaJobSession',
      id: G,
    })
    expect(parseResourceHref(`https://em:9398/api/backupSessions/${G}/taskSessions`)).toEqual({
      kind: 'backupJobSession',
      id: G,
    })
    expect(parseResourceHref(`https://em:9398/api/backupTaskSessions/${G}?format=Entity`)).toEqual({
      kind: 'backupTaskSession',
      id: G,
    })
    expect(parseResourceHref(`https://em:9398/api/vmReplicaPoints/${G}?format=Entity`)).toBeNull()
    expect(parseResourceHref(`https://em:9398/api/backupServers/${G}x`)).toBeNull()
  })
})

describe('parseOpenInput', () => {
  it.each([
    [`  ${G}\n`, null],
    [G.toUpperCase(), null],
    [`http://localhost:8080/sessions/${G}`, null],
    [`urn:veeam:ReplicaJobSession:${G}`, 'replicaJobSession'],
    [`urn:veeam:BackupTaskSession:${G}`, 'backupTaskSession'],
    [`https://em:9398/api/backupSessions/${G}?format=Entity`, 'backupJobSession'],
    [`urn:veeam:BackupServer:${G}`, 'backupServer'],
    [`https://em:9398/api/replicaTaskSessions/${G}?format=Entity`, 'replicaTaskSession'],
    [`https://em:9398/api/repicaTaskSessions/${G.toUpperCase()}`, 'replicaTaskSession'],
    [`\thttps://em.example.com:9398/api/replicaSessions/${G}?format=Entity `, 'replicaJobSession'],
    [`http://localhost:8080/backupServers/${G}`, 'backupServer'],
    [`/replicaSessions/${G}`, 'replicaJobSession'],
  ] as const)('opens %j as a %s', (input, kind) => {
    expect(parseOpenInput(input)).toEqual({ kind, id: G })
  })
  it.each([
    '',
    '   ',
    'srv04',
    `urn:veeam:Job:${G}`,
    `https://em:9398/api/jobs/${G}`,
    `${G.slice(0, 30)}`,
    '%E0%A4%A',
  ])('refuses %j', (input) => expect(parseOpenInput(input)).toBeNull())
  it('opens a bare GUID through /sessions and a known kind at its page', () => {
    expect(openTargetPath({ kind: null, id: G })).toBe(`/sessions/${G}`)
    expect(openTargetPath({ kind: 'backupJobSession', id: G })).toBe(`/backupSessions/${G}`)
  })
})
