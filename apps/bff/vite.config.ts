import { defineConfig } from 'vite'

/**
 * The production build of the BFF: one ESM file run by plain `node`, so production does not carry tsx's
 * loader (about 40 MB of RSS and a slower start; bench/RESULTS.md). Workspace packages (TypeScript sources)
 * are bundled in; third-party packages stay in node_modules.
 */
export default defineConfig({
  build: {
    ssr: 'src/server.ts',
    outDir: 'dist',
    target: 'node20',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    rollupOptions: { output: { entryFileNames: 'server.js', format: 'es' } },
  },
  ssr: { noExternal: ['@ese/shared', '@ese/em-simulator'], target: 'node' },
})
