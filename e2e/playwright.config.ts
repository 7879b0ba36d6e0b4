import { defineConfig } from '@playwright/test'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts'
import { BASE_URL, EM_AUTH_URL } from './ports.ts'

export default defineConfig({
  testDir: './tests',
  // The tests share one simulator and some of them take EM down: one at a time.
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI
    ? [['list']]
    : [['list'], ['html', { open: 'never', outputFolder: '../playwright-report' }]],
  outputDir: '../test-results',
  use: {
    baseURL: BASE_URL,
    browserName: 'chromium',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  // serve.ts starts the simulator, then the service-account BFF, then the sign-in BFF, and only then answers
  // on the last one's health URL: waiting for it waits for the whole stack.
  webServer: {
    command: 'node --import tsx serve.ts',
    url: `${EM_AUTH_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
})
