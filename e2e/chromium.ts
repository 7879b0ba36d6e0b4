/**
 * The browser for the end-to-end tests and the page benchmarks: Debian's Chromium (test tools cannot download
 * their own here; `scripts/ensure-chromium.mjs` installs it), with flags for a headless, sandbox-less container.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
]
