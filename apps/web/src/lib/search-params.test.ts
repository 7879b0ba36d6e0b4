import { describe, expect, it } from 'vitest'
import { validateJobSessionSearch } from '../features/job-sessions/lib/task-sort.ts'
import { canonicalSearch, parseSearch, stringifySearch } from './search-params.ts'
import { validateWindowSearch } from './window-search.ts'

/** What a job session page reads from a URL's search string. */
const jobPageSearch = (search: string) => validateJobSessionSearch(parseSearch(search))

describe('search params in the URL', () => {
  it('writes the filter plainly, also when it looks like a number, a boolean or JSON', () => {
    expect(stringifySearch({ q: '1234' })).toBe('?q=1234')
    expect(stringifySearch({ q: 'true' })).toBe('?q=true')
    expect(stringifySearch({ q: 'null' })).toBe('?q=null')
    expect(stringifySearch({ q: 'sql prod', sort: 'vm', dir: 'asc' })).toBe('?q=sql+prod&sort=vm&dir=asc')
    expect(stringifySearch({ days: 7 })).toBe('?days=7')
    expect(stringifySearch({ redirect: '/backupSessions/x?sort=vm' })).toBe(
      '?redirect=%2FbackupSessions%2Fx%3Fsort%3Dvm',
    )
    expect(stringifySearch({ q: undefined })).toBe('')
  })

  it('reads back what it writes', () => {
    for (const q of [
      '1234',
      '0123',
      '1e3',
      'true',
      'null',
      'sql prod',
      '[x]',
      '{a}',
      'a&b=c',
      'ü',
      '"quoted"',
    ]) {
      expect(jobPageSearch(stringifySearch({ q })), q).toEqual({ q })
    }
  })

  it('reads a filter typed in quotes around JSON text as the old form would have written it', () => {
    // The one loss of reading the old form: `"123"` typed with its quotes is written as the old form wrote 123.
    expect(jobPageSearch(stringifySearch({ q: '"123"' }))).toEqual({ q: '123' })
  })

  it('reads links in the router’s old JSON form as the text they stood for', () => {
    expect(jobPageSearch('?q=%221234%22')).toEqual({ q: '1234' })
    expect(jobPageSearch('?q=%22true%22&sort=vm')).toEqual({ q: 'true', sort: 'vm' })
    expect(jobPageSearch('?q=1234')).toEqual({ q: '1234' })
    expect(jobPageSearch('?q=sql08')).toEqual({ q: 'sql08' })
    expect(validateWindowSearch(parseSearch('?days=7'))).toEqual({ days: 7 })
  })

  it('keeps quotes the old form never wrote as typed', () => {
    // The default quoted only text that parses as JSON; `"sql"` in a URL was typed with its quotes.
    expect(jobPageSearch('?q=%22sql%22')).toEqual({ q: '"sql"' })
    expect(jobPageSearch('?q=%22unterminated')).toEqual({ q: '"unterminated' })
  })
})

describe('canonicalSearch', () => {
  it('rewrites a pasted link in the old form, and nothing else', () => {
    expect(canonicalSearch('?q=%22123%22&sort=vm')).toBe('?q=123&sort=vm')
    expect(canonicalSearch('?q=123&sort=vm')).toBeNull()
    expect(canonicalSearch('?q=sql+prod')).toBeNull()
    expect(canonicalSearch('?q=%22sql%22')).toBeNull()
    expect(canonicalSearch('')).toBeNull()
    // A repeated key is no page's search: not turned into a filter of JSON text.
    expect(canonicalSearch('?q=%22a%22&q=b')).toBeNull()
    expect(canonicalSearch('?q=a&q=b')).toBeNull()
  })

  it('settles in one step', () => {
    for (const search of ['?q=%22123%22', '?q=sql%20prod', '?days=07', '?q=%22%5C%22x%5C%22%22']) {
      const once = canonicalSearch(search) ?? search
      expect(canonicalSearch(once), search).toBeNull()
    }
  })
})
