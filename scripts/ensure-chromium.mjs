// Browser tests use Debian's Chromium: test tools cannot download their own browser on these machines. The
// "Copy as curl" test also needs curl.
import { ensurePackage } from './ensure-package.mjs'

const path = ensurePackage({
  name: 'Chromium',
  pkg: 'chromium',
  envVar: 'CHROMIUM_PATH',
  paths: ['/usr/bin/chromium', '/usr/bin/chromium-browser'],
  purpose: 'the browser tests',
})
console.log(`Chromium: ${path}`)

// The "Copy as curl" test runs the copied command.
const curl = ensurePackage({
  name: 'curl',
  pkg: 'curl',
  envVar: 'CURL_PATH',
  paths: ['/usr/bin/curl', '/usr/local/bin/curl'],
  purpose: 'the copy-as-curl browser test',
})
console.log(`curl: ${curl}`)
