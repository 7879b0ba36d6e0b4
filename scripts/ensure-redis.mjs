// The sign-in tests run a real Redis server (two BFF replicas sharing sign-ins): Debian's redis-server.
// Finds it (REDIS_SERVER_PATH, or redis-server on the usual paths) and, where it is missing and apt-get can be
// used, installs it.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

function find() {
  for (const candidate of [
    process.env.REDIS_SERVER_PATH,
    '/usr/bin/redis-server',
    '/usr/local/bin/redis-server',
  ])
    if (candidate && existsSync(candidate)) return candidate
  return null
}

let path = find()
if (!path) {
  const root = process.getuid?.() === 0
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0
  const sudo = !root && spawnSync('sh', ['-c', 'sudo -n true'], { stdio: 'ignore' }).status === 0
  if (!apt || (!root && !sudo)) {
    console.error(
      'redis-server is needed for the sign-in tests and was not found. Install it (Debian/Ubuntu: sudo apt-get install -y redis-server) or set REDIS_SERVER_PATH.',
    )
    process.exit(1)
  }
  console.log("Installing Debian's redis-server for the sign-in tests…")
  const prefix = root ? [] : ['sudo', '-n']
  const run = (args) =>
    execFileSync(prefix[0] ?? args[0], prefix.length ? [...prefix.slice(1), ...args] : args.slice(1), {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
  run(['apt-get', 'update', '-qq'])
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'redis-server'])
  path = find()
  if (!path) {
    console.error('apt-get installed redis-server but no binary was found; set REDIS_SERVER_PATH.')
    process.exit(1)
  }
}
console.log(`redis-server: ${path}`)
