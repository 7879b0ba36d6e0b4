import { describe, expect, it } from 'vitest'
import { safeRedirectPath, signInSearchFor, validateSignInSearch } from './redirect.ts'

const G = '24590151-20cd-4e57-8a2f-8b65869a1879'

describe('safeRedirectPath', () => {
  it.each([
    `/backupTaskSessions/${G}`,
    `/replicaSessions/${G}?sort=size&dir=desc`,
    `/sessions/${G}`,
    '/',
    '/backupServers/x#details',
    '/%2F%2Fevil.example',
    '/a\\b',
  ])('keeps the dashboard path %j', (path) => {
    expect(safeRedirectPath(path)).toBe(path)
  })

  it.each([
    ['a protocol-relative URL', '//evil.example/x'],
    ['a backslash host', '/\\evil.example'],
    ['a double backslash host', '\\\\evil.example'],
    ['an absolute URL', 'https://evil.example/'],
    ['an absolute URL to this host', 'http://localhost:8080/backupServers/x'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a data: URL', 'data:text/html,hi'],
    ['a relative path', 'backupServers/x'],
    ['a tab that browsers would drop', '/\t/evil.example'],
    ['a newline', '/\n/evil.example'],
    ['a leading space', ' /backupServers/x'],
    ['the empty string', ''],
    ['the sign-in page (a loop)', '/sign-in?redirect=/x'],
    ['a non-string', 42],
    ['nothing', undefined],
    ['a very long value', `/${'a'.repeat(5000)}`],
  ])('turns %s into /', (_, target) => {
    expect(safeRedirectPath(target)).toBe('/')
  })
})

describe('signInSearchFor', () => {
  it('carries the page the user was on, and says when EM ended the session', () => {
    expect(signInSearchFor(`/backupSessions/${G}?sort=vm`, true)).toEqual({
      redirect: `/backupSessions/${G}?sort=vm`,
      reason: 'expired',
    })
    expect(signInSearchFor(`/backupSessions/${G}`, false)).toEqual({ redirect: `/backupSessions/${G}` })
  })

  it('leaves out a redirect home or to somewhere unsafe', () => {
    expect(signInSearchFor('/', false)).toEqual({})
    expect(signInSearchFor('//evil.example', false)).toEqual({})
  })
})

describe('validateSignInSearch', () => {
  it('keeps a string redirect and the expired reason, and drops anything else', () => {
    expect(validateSignInSearch({ redirect: '/x', reason: 'expired' })).toEqual({
      redirect: '/x',
      reason: 'expired',
    })
    expect(validateSignInSearch({ redirect: ['/x'], reason: 'bored', other: 1 })).toEqual({})
    expect(validateSignInSearch({ redirect: '' })).toEqual({})
  })
})
