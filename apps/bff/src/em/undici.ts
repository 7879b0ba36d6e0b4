import { createRequire } from 'node:module'
import type { errors as UndiciErrors, Pool as UndiciPool } from 'undici'

// Only the two parts of undici the BFF uses. Its index also loads fetch, WebSocket, the caches and the mocks:
// about 9 MB more of every BFF process's memory (bench/RESULTS.md). undici is pinned once (pnpm-workspace.yaml)
// and em/http.test.ts fails if these paths move.
const require = createRequire(import.meta.url)
export const Pool: typeof UndiciPool = require('undici/lib/dispatcher/pool')
export const errors: typeof UndiciErrors = require('undici/lib/core/errors')
export type Pool = UndiciPool
