import { defineConfig } from 'vite'

/**
 * The production build of the BFF: ESM files run by plain `node` (dist/server.js), so production does not carry tsx's
 * loader (about 40 MB of RSS and a slower start; bench/RESULTS.md). Workspace packages (TypeScript sources)
 * are bundled in; third-party packages stay in node_modules.
 */
export default defineConfig({
  build: {
    ssr: true,
    outDir: 'dist',
    target: 'node20',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    // The server, and the worker thread that reads big lists (src/em/lists.ts starts dist/list-worker.js).
    rollupOptions: {
      input: { server: 'src/server.ts', 'list-worker': 'src/em/list-worker.ts' },
      output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', format: 'es' },
    },
  },
  ssr: { noExternal: ['@ese/shared', '@ese/em-simulator'], target: 'node' },
})
