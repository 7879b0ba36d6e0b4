import { type OpenTarget, parseOpenInput, parseUrn } from '@ese/shared'

const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
// Characters that survive a copy from chat, mail or a PDF but are not there to the eye.
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060\ufeff]/g
const URN_IN_TEXT = new RegExp(`urn:veeam:[a-z]+:${GUID}`, 'gi')
// A URL or path: any run of non-space characters with a slash in it.
const LINK_IN_TEXT = /\S*\/\S*/g
// Not part of a longer run of hex digits and dashes (another kind of identifier).
const GUID_IN_TEXT = new RegExp(`(?<![0-9a-f-])${GUID}(?![0-9a-f-])`, 'gi')

/**
 * What "Open by ID" opens for text pasted from an alert, a log line, a ticket or a chat: first the text as it
 * is (`parseOpenInput`), then the one session it names: a URN in it, a link in it, or a bare GUID in it, with
 * whatever the source put around it (quotes, Windows' `{…}`, brackets, a trailing full stop, "Session ID: ").
 * Null when it names none, or several different ones (the user has to pick one).
 */
export function readPastedId(input: string): OpenTarget | null {
  const text = input.replace(INVISIBLE, '')
  const exact = parseOpenInput(text)
  if (exact) return exact

  const found = new Map<string, OpenTarget>()
  const add = (target: OpenTarget | null) => {
    if (target && !found.has(target.id)) found.set(target.id, target)
  }
  // A URN or a link says which kind of thing its GUID is: taken first, and cut out, so their GUIDs are not
  // read again as bare ones (nor is the GUID of `urn:veeam:Job:…`, which is not a session).
  let rest = text.replace(URN_IN_TEXT, (urn) => {
    add(parseUrn(urn))
    return ' '
  })
  rest = rest.replace(LINK_IN_TEXT, (link) => {
    add(parseOpenInput(link.replace(/^[^\w/]+|[^\w/]+$/g, '')))
    return ' '
  })
  if (found.size === 0) {
    for (const [guid] of rest.matchAll(GUID_IN_TEXT)) add({ kind: null, id: guid.toLowerCase() })
  }
  return found.size === 1 ? ([...found.values()][0] ?? null) : null
}

// EM's jobs, in a URN or an EM link (`/api/jobs/<id>`, `/api/agents/jobs/<id>`, `/api/nas/jobs/<id>`).
const JOB_IN_TEXT = new RegExp(`urn:veeam:Job:${GUID}|/jobs/${GUID}`, 'i')

/**
 * Why text that `readPastedId` cannot open is not openable, when that can be said more plainly than "not an
 * ID": a job (not one of its runs), another kind of EM object, or several sessions at once. Null otherwise.
 */
export function whyNotOpenable(input: string): string | null {
  const text = input.replace(INVISIBLE, '')
  if (JOB_IN_TEXT.test(text)) {
    return 'That is a job, not one of its runs: the dashboard opens job sessions (runs) and their machines. Open a run from Needs attention or from its backup server’s page, or paste a session’s ID.'
  }
  const urn = text.match(URN_IN_TEXT)?.[0]
  if (urn && parseUrn(urn) === null) {
    return `That is EM’s ${urn.split(':')[2]}, which the dashboard does not show: it opens backup and replication sessions and backup servers.`
  }
  const ids = new Set([...text.matchAll(GUID_IN_TEXT)].map(([guid]) => guid.toLowerCase()))
  if (ids.size > 1) return `This names ${ids.size} different IDs: paste one of them.`
  return null
}
