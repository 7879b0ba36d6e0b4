// Browser tests use Debian's Chromium: test tools cannot download their own browser on these machines.
import { ensurePackage } from './ensure-package.mjs'

const path = ensurePackage({
  name: 'Chromium',
  pkg: 'chromium',
  envVar: 'CHROMIUM_PATH',
  paths: ['/usr/bin/chromium', '/usr/bin/chromium-browser'],
  purpose: 'the browser tests',
})
console.log(`Chromium: ${path}`)
