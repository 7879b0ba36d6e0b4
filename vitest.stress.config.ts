import { defineConfig } from 'vitest/config'

/** `pnpm test:stress`: the bounded stress part of the hardening suite (at most a few minutes). */
export default defineConfig({
  test: {
    include: ['apps/*/stress/**/*.stress.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
})
