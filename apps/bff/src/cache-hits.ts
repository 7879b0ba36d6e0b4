import type { IncomingMessage, ServerResponse } from 'node:http'
import { parseGuid } from '@ese/shared'
import { API_HEADERS } from './app.ts'
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

const HEADER_LIST: string[] = Object.entries(API_HEADERS).flat()

/**
 * Answers cache hits (finished sessions) straight from the HTTP server, before the framework: the answer is
 * a ready-made string, so building a Request, routing it and building a Response would be most of the cost of
 * serving it (docs/decisions/005-cache-hits.md). The answer is the one the app gives: same status, headers and
 * body, and the same log line. Returns false, having done nothing, for everything else, misses included.
 */
export function cacheHitHandler(lookups: Lookups, logger: Logger) {
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
    const json = lookups.cached(route, id)
    if (json === undefined) return false
    res.writeHead(200, HEADER_LIST)
    res.end(json)
    logger.request({ method: 'GET', path, status: 200, ms: performance.now() - started, emCalls: 0 })
    return true
  }
}
