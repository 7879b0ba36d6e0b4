import type { IncomingMessage, ServerResponse } from 'node:http'
import { parseGuid } from '@ese/shared'
import { API_HEADER_LIST, errorAnswer } from './answers.ts'
import type { Trace } from './em/session.ts'
import type { Logger } from './log.ts'
import type { LookupRoute, Lookups } from './lookups.ts'

// Only the plain form of the four lookup paths: `/api/<segment>/<guid>[/replicaTaskSessions]`, query ignored
// as the router ignores it. URNs, encoded or odd paths, HEAD and everything else go through the app.
const LOOKUP_PATH_RE =
  /^\/api\/(replicaTaskSessions|replicaSessions|backupServers)\/([0-9A-Fa-f-]{36})(\/replicaTaskSessions)?$/

const ROUTES: Record<string, LookupRoute> = {
  replicaTaskSessions: 'task',
  replicaSessions: 'job',
  backupServers: 'server',
}

/**
 * Serves the lookups by GUID straight from the HTTP server, before the framework (docs/decisions/007): the
 * answer is a JSON string, from the cache or from EM, so building a Request, routing it and building a
 * Response would be a large part of the cost of serving it. The answer is the one the app gives (same status,
 * headers and body, errors included: both take them from answers.ts) and so is the log line. Returns false,
 * having done nothing, for every other request, which the app then serves.
 */
export function lookupFastPath(lookups: Lookups, logger: Logger) {
  const answer = (
    res: ServerResponse,
    path: string,
    started: number,
    status: number,
    body: string,
    emCalls: number,
  ) => {
    // With its length: headers written before the body without one make node:http send it chunked.
    res.writeHead(status, [...API_HEADER_LIST, 'content-length', String(Buffer.byteLength(body))])
    res.end(body)
    logger.request({ method: 'GET', path, status, ms: performance.now() - started, emCalls })
  }

  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'GET') return false
    const started = performance.now()
    const url = req.url ?? ''
    const q = url.indexOf('?')
    const path = q < 0 ? url : url.slice(0, q)
    const m = LOOKUP_PATH_RE.exec(path)
    if (!m?.[1] || !m[2]) return false
    const list = m[3] !== undefined
    if (list && m[1] !== 'replicaSessions') return false
    const id = parseGuid(m[2])
    const route = list ? 'job-tasks' : ROUTES[m[1]]
    if (!id || !route) return false

    const cached = lookups.cached(route, id)
    if (cached !== undefined) {
      answer(res, path, started, 200, cached, 0)
      return true
    }
    const trace: Trace = { emCalls: 0 }
    lookups
      .load(route, id, trace)
      .then(
        (json) => answer(res, path, started, 200, json, trace.emCalls),
        (error: unknown) => {
          const { status, body } = errorAnswer(error, path, logger)
          answer(res, path, started, status, body, trace.emCalls)
        },
      )
      .catch((error: unknown) => {
        // Writing the answer failed (the client is gone): nothing more to send.
        logger.error('answer not sent', {
          error: error instanceof Error ? error.message : String(error),
          path,
        })
        res.destroy()
      })
    return true
  }
}
