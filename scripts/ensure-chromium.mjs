// Browser tests use Debian's Chromium: test tools cannot download their own browser on these machines.
// Finds it (CHROMIUM_PATH, or chromium on PATH) and, where it is missing and apt-get can be used, installs it.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

function find() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser'])
    if (existsSync(candidate)) return candidate
  return null
}

let path = find()
if (!path) {
  const root = process.getuid?.() === 0
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0
  const sudo = !root && spawnSync('sh', ['-c', 'sudo -n true'], { stdio: 'ignore' }).status === 0
  if (!apt || (!root && !sudo)) {
    console.error(
      'Chromium is needed for the browser tests and was not found. Install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    )
    process.exit(1)
  }
  console.log('Installing Debian chromium for the browser tests (about a minute)…')
  const prefix = root ? [] : ['sudo', '-n']
  const run = (args) =>
    execFileSync(prefix[0] ?? args[0], prefix.length ? [...prefix.slice(1), ...args] : args.slice(1), {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
  run(['apt-get', 'update', '-qq'])
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'chromium'])
  path = find()
  if (!path) {
    console.error(
      'apt-get installed chromium but no binary was found at /usr/bin/chromium; set CHROMIUM_PATH.',
    )
    process.exit(1)
  }
}
console.log(`Chromium: ${path}`)
