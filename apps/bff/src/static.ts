import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { extname, join, relative, sep } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'

type Asset = {
  body: Buffer
  gzip: Buffer | null
  brotli: Buffer | null
  type: string
  /** Null for the document, which is never stored. */
  etag: string | null
  cacheControl: string
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
}
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.svg', '.json', '.txt', '.webmanifest'])

// Vite puts content-hashed files under assets/: their URL changes whenever their content does.
const IMMUTABLE = 'public, max-age=31536000, immutable'
const REVALIDATE = 'no-cache'
// A page's document carries preloads that depend on who asks (app.ts): never stored, so never revalidated into a
// 304 that would bring back the headers stored with someone's earlier visit.
const DOCUMENT = 'no-store'

const MAX_FILES = 500

/**
 * The built SPA, read into memory once at start (it is a few hundred KB) and pre-compressed, so serving a
 * file costs a map lookup. Paths are looked up, never joined onto the file system at request time.
 */
export class Spa {
  private readonly assets = new Map<string, Asset>()
  private readonly index: Asset

  private constructor(dir: string) {
    for (const file of listFiles(dir)) {
      const urlPath = `/${relative(dir, file).split(sep).join('/')}`
      const ext = extname(file).toLowerCase()
      const body = readFileSync(file)
      const compress = COMPRESSIBLE.has(ext) && body.length > 512
      this.assets.set(urlPath, {
        body,
        gzip: compress ? gzipSync(body, { level: 9 }) : null,
        brotli: compress ? brotliCompressSync(body) : null,
        type: TYPES[ext] ?? 'application/octet-stream',
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
        cacheControl: urlPath.startsWith('/assets/') ? IMMUTABLE : REVALIDATE,
      })
    }
    const index = this.assets.get('/index.html')
    if (!index) throw new Error(`no index.html in ${dir}`)
    this.index = { ...index, cacheControl: DOCUMENT, etag: null }
  }

  /** Loads the SPA from a Vite build directory, or returns null when there is none. */
  static load(dir: string | null): Spa | null {
    if (!dir) return null
    try {
      if (!statSync(join(dir, 'index.html')).isFile()) return null
    } catch {
      return null
    }
    return new Spa(dir)
  }

  /**
   * The response for a GET/HEAD of `path`: the file, or index.html for an app route (a deep link such as
   * `/replicaTaskSessions/<id>`), or null for a missing file (anything under /assets/ or with an extension).
   */
  respond(path: string, headers: Headers, head: boolean): Response | null {
    let asset = this.assets.get(path)
    if (!asset) {
      if (path.startsWith('/assets/') || extname(path) !== '') return null
      asset = this.index
    }
    if (asset.etag && headers.get('if-none-match') === asset.etag) {
      return new Response(null, {
        status: 304,
        headers: { etag: asset.etag, 'cache-control': asset.cacheControl },
      })
    }
    const accept = headers.get('accept-encoding') ?? ''
    const [body, encoding] =
      asset.brotli && /\bbr\b/.test(accept)
        ? [asset.brotli, 'br']
        : asset.gzip && /\bgzip\b/.test(accept)
          ? [asset.gzip, 'gzip']
          : [asset.body, null]
    const out = new Headers({
      'content-type': asset.type,
      'cache-control': asset.cacheControl,
      'content-length': String(body.length),
      vary: 'Accept-Encoding',
    })
    if (asset.etag) out.set('etag', asset.etag)
    if (encoding) out.set('content-encoding', encoding)
    return new Response(head ? null : new Uint8Array(body), { status: 200, headers: out })
  }
}

function listFiles(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.isFile()) out.push(full)
      if (out.length > MAX_FILES)
        throw new Error(`more than ${MAX_FILES} files in ${dir}: is WEB_DIST right?`)
    }
  }
  walk(dir)
  return out
}
