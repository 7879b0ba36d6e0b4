// Finds a program the tests need, and where it is missing and apt-get can be used (as root or with sudo -n),
// installs Debian's package for it. Used by ensure-chromium.mjs and ensure-redis.mjs.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/**
 * @param {{ name: string, pkg: string, envVar: string, paths: string[], purpose: string }} tool
 * @returns {string} the program's path (the process exits with a message when it cannot be had)
 */
export function ensurePackage({ name, pkg, envVar, paths, purpose }) {
  const find = () => [process.env[envVar], ...paths].find((p) => p && existsSync(p)) ?? null
  let path = find()
  if (path) return path
  const root = process.getuid?.() === 0
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0
  const sudo = !root && spawnSync('sh', ['-c', 'sudo -n true'], { stdio: 'ignore' }).status === 0
  if (!apt || (!root && !sudo)) {
    console.error(
      `${name} is needed for ${purpose} and was not found. Install it (Debian/Ubuntu: sudo apt-get install -y ${pkg}) or set ${envVar}.`,
    )
    process.exit(1)
  }
  console.log(`Installing Debian's ${pkg} for ${purpose}…`)
  const run = (args) =>
    execFileSync(root ? args[0] : 'sudo', root ? args.slice(1) : ['-n', ...args], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
  run(['apt-get', 'update', '-qq'])
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', pkg])
  path = find()
  if (!path) {
    console.error(`apt-get installed ${pkg} but no ${name} binary was found; set ${envVar}.`)
    process.exit(1)
  }
  return path
}
