import type { IncomingMessage, ServerResponse } from 'node:http'
import { API_HEADER_LIST, errorAnswer } from './answers.ts'
import type { Trace } from './em/session.ts'
import type { Logger } from './log.ts'
import type { LookupRoute, Lookups } from './lookups.ts'

// Only the plain form of the four lookup paths: `/api/<segment>/<guid>[/replicaTaskSessions]`, query ignored
// as the router ignores it. URNs, encoded or odd paths, HEAD and everything else go through the app.
const LOOKUP_PATH_RE =
  /^\/api\/(replicaTaskSessions|replicaSessions|backupServers)\/([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})(\/replicaTaskSessions)?$/

// A Host the app's adapter (@hono/node-server 2) takes as it is: the same expression it tests first. Any other
// Host (odd characters, upper case, ports it checks further, such as 80 or 60000 and above) is left to the app,
// which refuses the malformed ones with a 400; so the fast path never answers a request the app would refuse,
// and those few requests are still answered, by the app. A test pins this against the adapter.
const PLAIN_HOST_RE = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/

// The answer's headers, its length last: writeHead reads the list at once and keeps nothing of it, so one list
// serves every answer, its last value set just before.
const HEADERS = [...API_HEADER_LIST, 'content-length', '']
const LENGTH_AT = HEADERS.length - 1

/** An answer waiting for the end of the event loop's turn. */
type Outgoing = {
  res: ServerResponse
  path: string
  started: number
  status: number
  body: Buffer | string
  emCalls: number
}

const ROUTES: Record<string, LookupRoute> = {
  replicaTaskSessions: 'task',
  replicaSessions: 'job',
  backupServers: 'server',
}

/**
 * Serves the lookups by GUID straight from the HTTP server, before the framework (docs/decisions/007): the
 * answer is ready-made JSON, from the cache or from EM, so building a Request, routing it and building a
 * Response would be a large part of the cost of serving it. The answer is the one the app gives (same status,
 * headers and body, errors included: both take them from answers.ts) and so is the log line. Returns false,
 * having done nothing, for every other request, which the app then serves.
 */
export function lookupFastPath(lookups: Lookups, logger: Logger) {
  /** Closes a connection whose answer could not be written, and says so in the log; never throws. */
  const notSent = (res: ServerResponse, path: string, error: unknown) => {
    // Only if writing the answer or its log line threw (node:http itself ignores writes after a disconnect): a
    // connection that got no answer is closed rather than left waiting.
    try {
      if (!res.headersSent) res.destroy()
      logger.error('answer not sent', { error: error instanceof Error ? error.message : String(error), path })
    } catch {
      // Nothing more can be done; the other answers of the turn are still written.
    }
  }

  const write = (a: Outgoing) => {
    try {
      // With its length: headers written before the body without one make node:http send it chunked.
      HEADERS[LENGTH_AT] = String(typeof a.body === 'string' ? Buffer.byteLength(a.body) : a.body.length)
      a.res.writeHead(a.status, HEADERS)
      a.res.end(a.body)
      logger.request({
        method: 'GET',
        path: a.path,
        status: a.status,
        ms: performance.now() - a.started,
        emCalls: a.emCalls,
      })
    } catch (error) {
      notSent(a.res, a.path, error)
    }
  }

  // The answers ready in one turn of the event loop, written together at its end (docs/decisions/009): written
  // one by one as each is ready, each write to a client that is waiting would wake it up again; written back to
  // back, a waiting client wakes once and finds them all. Under load that is about a quarter less CPU per
  // lookup, and more lookups per second, for a delay of one turn's I/O callbacks.
  let outbox: Outgoing[] = []
  const flush = () => {
    const ready = outbox
    outbox = []
    for (const a of ready) write(a)
  }
  const answer = (
    res: ServerResponse,
    path: string,
    started: number,
    status: number,
    body: Buffer | string,
    emCalls: number,
  ) => {
    if (outbox.push({ res, path, started, status, body, emCalls }) === 1) setImmediate(flush)
  }

  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'GET' || !PLAIN_HOST_RE.test(req.headers.host ?? '')) return false
    const started = performance.now()
    const url = req.url ?? ''
    const q = url.indexOf('?')
    const path = q < 0 ? url : url.slice(0, q)
    const m = LOOKUP_PATH_RE.exec(path)
    if (!m?.[1] || !m[2]) return false
    const list = m[3] !== undefined
    if (list && m[1] !== 'replicaSessions') return false
    // The expression matched exactly a GUID (what parseGuid accepts); it is keyed in lower case, as parseGuid gives it.
    const id = m[2].toLowerCase()
    const route = list ? 'job-tasks' : ROUTES[m[1]]
    if (!route) return false

    const trace: Trace = { emCalls: 0 }
    // A cached answer comes back before loadWith returns; one from EM later, with no promise on the way.
    lookups.loadWith(route, id, trace, (...result) => {
      try {
        if (result[0] === null) answer(res, path, started, 200, result[1], trace.emCalls)
        else {
          const { status, body } = errorAnswer(result[0], path, logger)
          answer(res, path, started, status, body, trace.emCalls)
        }
      } catch (error) {
        notSent(res, path, error) // the callback must not throw
      }
    })
    return true
  }
}
