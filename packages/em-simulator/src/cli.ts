#!/usr/bin/env node
/** `pnpm sim`: the simulator alone, configured from EM_SIM_* variables (see README). */
import { EnvError, optionsFromEnv } from './env.ts'
import { startSimulator } from './server.ts'
import { DEFAULT_CREDENTIALS, DEFAULT_USERS } from './types.ts'

async function main(): Promise<void> {
  let options: ReturnType<typeof optionsFromEnv>
  try {
    options = optionsFromEnv(process.env)
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(`em-simulator: ${err.message}`)
      process.exit(2)
    }
    throw err
  }
  let sim: Awaited<ReturnType<typeof startSimulator>>
  try {
    sim = await startSimulator(options)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') {
      console.error(
        `em-simulator: port ${options.port} on ${options.host} is already in use (set EM_SIM_PORT)`,
      )
    } else {
      console.error(`em-simulator: cannot start: ${err instanceof Error ? err.message : String(err)}`)
    }
    process.exit(1)
  }
  const d = sim.demo
  console.log(`EM simulator listening on ${sim.url}/api/`)
  console.log(`  credentials:          ${options.username} / ${options.password}`)
  for (const u of options.users ?? DEFAULT_USERS) console.log(`  ${u.role}: ${u.username} / ${u.password}`)
  console.log(
    `  no role (403): ${options.restrictedUsername ?? DEFAULT_CREDENTIALS.restrictedUsername} / ${options.restrictedPassword ?? DEFAULT_CREDENTIALS.restrictedPassword}`,
  )
  console.log(`  JSON keys:            ${sim.jsonCase()}`)
  if (sim.controlUrl) console.log(`  control endpoint:     ${sim.controlUrl}`)
  console.log(`  backup failed task session:   ${d.backupFailedTaskSessionId}`)
  console.log(`  backup running task session:  ${d.backupRunningTaskSessionId}`)
  console.log(`  agent backup job session:     ${d.agentBackupJobSessionId}`)
  console.log(`  completed task session: ${d.completedTaskSessionId}`)
  console.log(`  failed task session:    ${d.failedTaskSessionId}`)
  console.log(`  running task session:   ${d.runningTaskSessionId}`)
  console.log(`  running job session:    ${d.runningJobSessionId}`)
  console.log(`  completed job session:  ${d.completedJobSessionId}`)

  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    console.log(`em-simulator: ${signal}, closing`)
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

await main()
