import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { curlCommand, shellQuote } from './curl.ts'

/** The arguments a POSIX shell hands to `curl` for this command line (curl replaced by a function). */
function argumentsOf(command: string): string[] {
  const script = `curl() { for a in "$@"; do printf '%s\\0' "$a"; done; }\n${command}`
  const out = execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' })
  return out.split('\0').slice(0, -1)
}

const NASTY = [
  "it's",
  "'",
  "''",
  'a b\tc',
  '$HOME `id` $(id) \\ " ! * ? ~ # ; & | < > ( ) { }',
  'line\nbreak',
  '',
]

describe('shellQuote', () => {
  it.each(NASTY)('gives the shell back exactly %j', (value) => {
    expect(argumentsOf(`curl ${shellQuote(value)}`)).toEqual([value])
  })

  it('wraps in single quotes and writes a single quote as close-escape-reopen', () => {
    expect(shellQuote("a'b")).toBe("'a'\\''b'")
  })
})

describe('curlCommand', () => {
  const answer = {
    url: 'https://em.example:9398/api/query?type=BackupTaskSession&filter=VmDisplayName=="o\'brien $x"&pageSize=20',
    accept: 'application/xml',
  }

  it('builds the documented command with a token placeholder', () => {
    expect(
      curlCommand({ url: 'https://em:9398/api/replicaTaskSessions/1', accept: 'application/json' }),
    ).toBe(
      "curl -sS -H 'X-RestSvcSessionId: <token>' -H 'Accept: application/json' 'https://em:9398/api/replicaTaskSessions/1'",
    )
  })

  it('survives single quotes, $ and & in the URL: the shell passes curl the URL unchanged', () => {
    expect(argumentsOf(curlCommand(answer))).toEqual([
      '-sS',
      '-H',
      'X-RestSvcSessionId: <token>',
      '-H',
      'Accept: application/xml',
      answer.url,
    ])
  })
})
