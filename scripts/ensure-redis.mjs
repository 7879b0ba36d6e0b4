// The sign-in tests run a real Redis server (two BFF replicas sharing sign-ins): Debian's redis-server.
import { ensurePackage } from './ensure-package.mjs'

const path = ensurePackage({
  name: 'redis-server',
  pkg: 'redis-server',
  envVar: 'REDIS_SERVER_PATH',
  paths: ['/usr/bin/redis-server', '/usr/local/bin/redis-server'],
  purpose: 'the sign-in tests',
})
console.log(`redis-server: ${path}`)
