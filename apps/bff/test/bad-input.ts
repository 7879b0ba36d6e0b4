/**
 * Generated hostile IDs for the BFF's resource routes: traversal (plain, percent-encoded, double-encoded,
 * backslashed), NUL bytes, encoded slashes, very long strings, Unicode look-alikes and invisible characters,
 * query and fragment injection, URNs of other resource types, whitespace, empty. Every one of them must be
 * refused (400) or, where it happens to be a well-formed GUID, looked up as that GUID (404): never turned into
 * a call to any other EM path.
 */
const G = '24590151-20cd-4e57-8a2f-8b65869a1879'

export function generateBadIds(): string[] {
  const ids = new Set<string>()
  const targets = [
    'sessionMngr/?v=latest',
    'logonSessions',
    '__control/counters',
    'api/',
    'jobs',
    `backupServers/${G}`,
    'etc/passwd',
  ]
  const ups = [
    '../',
    '..%2F',
    '..%2f',
    '%2e%2e%2f',
    '%2E%2E%2F',
    '%2e%2e/',
    '..\\',
    '..%5C',
    '%252e%252e%252f',
    '....//',
    '..;/',
    '.%2e/',
  ]
  for (const up of ups) {
    for (const target of targets) {
      ids.add(`${up}${target}`)
      ids.add(`${up}${up}${target}`)
      ids.add(`${G}/${up}${target}`)
    }
  }
  for (const nul of ['%00', '\u0000', '%2500']) {
    ids.add(`${G}${nul}`)
    ids.add(`${nul}${G}`)
    ids.add(`${G.slice(0, 18)}${nul}${G.slice(18)}`)
  }
  for (const slash of ['%2F', '%2f', '/', '%5C', '\\']) {
    ids.add(`${G}${slash}replicaTaskSessions`)
    ids.add(`${G.slice(0, 8)}${slash}${G.slice(9)}`)
  }
  for (const n of [37, 64, 256, 1024, 4096, 8000]) {
    ids.add('a'.repeat(n))
    ids.add(G.repeat(Math.ceil(n / G.length)).slice(0, n))
    ids.add(`${G}${'0'.repeat(n)}`)
  }
  // Unicode: full-width digits, Cyrillic and Greek look-alikes, invisible and direction characters, emoji.
  const fullWidth = [...G]
    .map((c) => (/[0-9]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c))
    .join('')
  ids.add(fullWidth)
  ids.add(G.replace('a', '\u0430'))
  ids.add(G.replace('e', '\u0435'))
  ids.add(G.replace('b', '\u03b2'))
  for (const ch of ['\u200b', '\u200e', '\u202e', '\ufeff', '\u00a0', '\u2028', '\u0301', '😀', 'é', '𝟘']) {
    ids.add(`${G}${ch}`)
    ids.add(`${ch}${G}`)
    ids.add(G.replace('-', ch))
  }
  for (const injection of [
    '?format=Entity',
    '?format=References',
    '&format=Entity',
    '#',
    '#/../sessionMngr',
    '%3Fformat%3DEntity',
    '%23x',
    ';format=Entity',
    '?',
    '/?format=Entity',
  ]) {
    ids.add(`${G}${injection}`)
    ids.add(`urn:veeam:ReplicaTaskSession:${G}${injection}`)
  }
  for (const type of [
    'Job',
    'BackupJobSession',
    'BackupTaskSession',
    'VmReplicaPoint',
    'LogonSession',
    'Repository',
    'ReplicaTaskSessionX',
    '',
  ]) {
    ids.add(`urn:veeam:${type}:${G}`)
  }
  for (const prefix of [
    'urn:veeam:',
    'urn:',
    'urn:veeam:ReplicaTaskSession:',
    'urn::ReplicaTaskSession:',
    'urn:vmware:ReplicaTaskSession:',
  ]) {
    ids.add(prefix)
    ids.add(`${prefix}${G.slice(0, 35)}`)
  }
  for (const ws of [' ', '  ', '\t', '\n', '\r\n', '\u3000']) {
    ids.add(`${ws}${G}`)
    ids.add(`${G}${ws}`)
    ids.add(ws)
  }
  for (const odd of [
    '',
    '.',
    '..',
    '-',
    `{${G}}`,
    `(${G})`,
    G.replaceAll('-', ''),
    G.slice(0, 35),
    `${G}0`,
    `${G}-0000`,
    '00000000-0000-0000-0000-00000000000g',
    'null',
    'undefined',
    '[object Object]',
    '%',
    '%%',
    '%zz',
    '%E0%A4%A',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4j-style probe, meant literally
    '${jndi:ldap://x}',
    '*',
    'CON',
    'index.html',
  ]) {
    ids.add(odd)
  }
  return [...ids]
}
