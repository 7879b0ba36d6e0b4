import { existsSync } from 'node:fs'
import { extname, join } from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import type { MiddlewareHandler } from 'hono'
import { etag } from 'hono/etag'

/**
 * The built SPA (a Vite build directory, with the `.br`/`.gz` files its build writes), as GET handlers: the
 * file, or index.html for an app route (a deep link such as `/replicaTaskSessions/<id>`); null when not built.
 */
export function spaHandlers(dir: string | null): MiddlewareHandler[] | null {
  if (!dir || !existsSync(join(dir, 'index.html'))) return null
  const index = serveStatic({ root: dir, path: 'index.html', precompressed: true })
  return [
    async (c, next) => {
      await next()
      // Vite content-hashes what it puts under assets/: their URL changes whenever their content does.
      const immutable = c.req.path.startsWith('/assets/')
      if (c.res.ok)
        c.res.headers.set('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    },
    etag(),
    serveStatic({ root: dir, precompressed: true }),
    // A missing file (under assets/ or with an extension) is a 404, not the app.
    (c, next) => (c.req.path.startsWith('/assets/') || extname(c.req.path) ? next() : index(c, next)),
  ]
}
