import { describe, expect, it } from 'vitest'
import { readPastedId, whyNotOpenable } from './pasted-id.ts'

const G = '24590151-20cd-4e57-8a2f-8b65869a1879'
const H = 'b18e2c3f-a750-489c-bbcb-23f68f4bbd33'
const bare = { kind: null, id: G }

describe('readPastedId', () => {
  it.each([
    G,
    ` ${G.toUpperCase()}\n`,
    `"${G}"`,
    `'${G}'`,
    `\`${G}\``,
    `“${G}”`,
    `{${G.toUpperCase()}}`,
    `[${G}]`,
    `(${G})`,
    `<${G}>`,
    `${G}.`,
    `${G},`,
    `${G}\u200b`,
    `Session ID: ${G}`,
    `id=${G}`,
    `Job 'SQL Replication' session {${G}} finished with Failed.`,
  ])('reads the session GUID in %j', (text) => {
    expect(readPastedId(text)).toEqual(bare)
  })

  it('keeps the kind a URN or a link names, with quotes or text around them', () => {
    expect(readPastedId(`"urn:veeam:ReplicaTaskSession:${G}"`)).toEqual({ kind: 'replicaTaskSession', id: G })
    expect(readPastedId(`UID: urn:veeam:BackupJobSession:${G.toUpperCase()}.`)).toEqual({
      kind: 'backupJobSession',
      id: G,
    })
    expect(readPastedId(`see <https://em:9398/api/backupSessions/${G}?format=Entity>, thanks`)).toEqual({
      kind: 'backupJobSession',
      id: G,
    })
    // The same session as a URN and as a bare GUID is one session.
    expect(readPastedId(`urn:veeam:ReplicaJobSession:${G} (${G})`)).toEqual({
      kind: 'replicaJobSession',
      id: G,
    })
  })

  it.each([
    '',
    'srv04',
    `urn:veeam:Job:${G}`,
    `"urn:veeam:Job:${G}"`,
    `https://em:9398/api/jobs/${G}`,
    `${G}${'0'.repeat(4)}`,
    `ab${G}`,
    `${G} ${H}`,
    `urn:veeam:ReplicaTaskSession:${G} urn:veeam:ReplicaTaskSession:${H}`,
  ])('opens nothing for %j (no session, or more than one)', (text) => {
    expect(readPastedId(text)).toBeNull()
  })
})

describe('whyNotOpenable', () => {
  it('says a job is not one of its runs, from its URN or its EM link', () => {
    for (const text of [
      `urn:veeam:Job:${G}`,
      `https://em:9398/api/jobs/${G}?format=Entity`,
      `https://em:9398/api/agents/jobs/${G.toUpperCase()}`,
    ])
      expect(whyNotOpenable(text)).toMatch(/^That is a job, not one of its runs/)
  })

  it('names another kind of EM object the dashboard does not show', () => {
    expect(whyNotOpenable(`urn:veeam:RestorePoint:${G}`)).toMatch(/^That is EM’s RestorePoint, which/)
  })

  it('says how many IDs there are when several differ, and nothing special otherwise', () => {
    expect(whyNotOpenable(`${G} and ${H}`)).toBe('This names 2 different IDs: paste one of them.')
    expect(whyNotOpenable('srv04')).toBeNull()
    expect(whyNotOpenable(`${G} ${G.toUpperCase()}`)).toBeNull()
  })
})
