import tailwindcss from '@tailwindcss/vite'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The only environment variable the web app reads: where the dev server forwards `/api`.
const bffUrl = process.env.BFF_URL ?? 'http://127.0.0.1:8080'
const proxy = { '/api': { target: bffUrl, changeOrigin: false } }

export default defineConfig({
  plugins: [react(), tailwindcss()],
  build: {
    target: 'es2022',
    // The BFF serves the build under `script-src 'self'`: the polyfill would be an inline script.
    modulePreload: { polyfill: false },
    // Nothing inlined as data: URLs, so `font-src 'self'` and friends hold for any future asset.
    assetsInlineLimit: 0,
    sourcemap: false,
    rolldownOptions: {
      treeshake: {
        // @ese/shared builds its zod schemas at module top level, and the browser uses only its types and plain
        // functions. Declaring the package free of side effects and zod's builders pure lets the unused schemas
        // drop out, and zod (~40 KB gzip) with them. Check: `grep -c Zod dist/assets/*.js` prints 0.
        moduleSideEffects: [{ test: /packages[\\/]shared[\\/]src[\\/]/, sideEffects: false }],
        manualPureFunctions: ['z'],
      },
    },
  },
  server: { proxy },
  preview: { proxy },
})
