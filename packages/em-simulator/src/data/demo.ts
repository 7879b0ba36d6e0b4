import type { DemoIds } from '../types.ts'
import { guidFor, hexFor, type Rng, rngFor } from '../util/prng.ts'
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../util/time.ts'
import {
  FAILURE_REASONS,
  JOBS,
  type JobDef,
  PRODUCT_VERSION,
  SERVERS,
  VBR_PORT,
  VBR_WCF_PORT,
  WARNING_REASONS,
} from './catalog.ts'
import { failureMessageFor, LiveJob } from './live.ts'
import type { BackupServer, Job, JobSessionPlan, Outcome, TaskPlan } from './model.ts'

/** Collections and queries only cover sessions created during the last 30 days (get_replicasessions.md). */
export const RETENTION_MS = 30 * DAY_MS

/** Days of history generated before the start day (some of it older than the 30-day window). */
const HISTORY_DAYS = 40
/** Scheduled runs are planned this many days ahead, so a long-running simulator keeps showing new ones. */
const FUTURE_DAYS = 2

export type DemoOptions = {
  seed: number
  startTime: number
  liveTaskMs: number
  extraJobSessions: number[]
}

type ForcedRun = { outcomes: Outcome[]; reasons?: (((vm: string) => string) | undefined)[] }

/**
 * Deterministic demo data: backup servers, replication jobs, ~40 days of scheduled job sessions with their task
 * sessions, retries, benchmark sessions and the live job. Built once; views are derived per request.
 */
export class DemoStore {
  readonly servers: BackupServer[]
  readonly jobs: Job[]
  readonly live: LiveJob
  readonly demo: DemoIds
  /** Scheduled, retry and benchmark sessions (everything except the live job's clock-driven sessions). */
  private readonly planned: JobSessionPlan[] = []
  private readonly sessionById = new Map<string, JobSessionPlan>()
  private readonly taskById = new Map<string, { session: JobSessionPlan; task: TaskPlan }>()
  private readonly seed: number

  constructor(options: DemoOptions) {
    const { seed, startTime } = options
    this.seed = seed
    this.servers = SERVERS.map((s) => ({
      id: guidFor(seed, `server:${s.key}`),
      name: s.name,
      description: s.description,
      port: VBR_PORT,
      version: PRODUCT_VERSION,
      wcfPort: VBR_WCF_PORT,
      certificateThumbprint: hexFor(seed, `server:${s.key}`, 20),
    }))
    this.jobs = JOBS.map((def) => this.buildJob(def))
    const liveIndex = JOBS.findIndex((j) => j.live)
    const liveJob = this.jobs[liveIndex]
    if (!liveJob) throw new Error('catalog has no live job')
    this.live = new LiveJob(seed, liveJob, options.liveTaskMs, startTime)

    const startDay = Math.floor(startTime / DAY_MS)
    // A few runs have fixed outcomes so that the demo IDs always exist, whatever the seed.
    const forced = new Map<string, ForcedRun>([
      [
        `sql:${startDay - 2}:0`,
        {
          outcomes: ['Success', 'Warning', 'Failed', 'Success'],
          // The changed-block-tracking warning and the VDDK failure, the classics.
          reasons: [undefined, WARNING_REASONS[0], FAILURE_REASONS[0]],
        },
      ],
      [`web:${startDay - 1}:0`, { outcomes: ['Success', 'Success', 'Success', 'Success', 'Success'] }],
    ])
    for (let j = 0; j < JOBS.length; j++) {
      const def = JOBS[j]
      const job = this.jobs[j]
      if (!def || !job) continue
      for (let day = startDay - HISTORY_DAYS; day <= startDay + FUTURE_DAYS; day++) {
        def.hours.forEach((hour, run) => {
          const key = `${def.key}:${day}:${run}`
          const session = this.scheduledRun(def, job, key, day, hour, forced.get(key))
          // The live job's history stops where its back-to-back sessions begin.
          if (def.live && session.end > this.live.epoch) return
          this.add(session)
          const retry = this.retryOf(session, key)
          if (retry && !(def.live && retry.end > this.live.epoch)) this.add(retry)
        })
      }
    }
    options.extraJobSessions.forEach((count, i) => {
      this.add(this.extraSession(i, count, startTime))
    })

    const sql = this.sessionByKey(`sql:${startDay - 2}:0`)
    const web = this.sessionByKey(`web:${startDay - 1}:0`)
    const old = this.sessionByKey(`sql:${startDay - 35}:0`)
    const running = this.live.session(this.live.currentIndex(startTime))
    const retry = this.planned.find((s) => s.isRetry && s.id === guidFor(seed, `retry:sql:${startDay - 2}:0`))
    const pick = (session: JobSessionPlan, i: number): string => {
      const task = session.tasks[i]
      if (!task) throw new Error('demo session has too few tasks')
      return task.id
    }
    if (!retry) throw new Error('demo retry session missing')
    this.demo = {
      backupServerIds: this.servers.map((s) => s.id),
      completedTaskSessionId: pick(sql, 0),
      warningTaskSessionId: pick(sql, 1),
      failedTaskSessionId: pick(sql, 2),
      runningTaskSessionId: pick(running, 1),
      runningJobSessionId: running.id,
      completedJobSessionId: web.id,
      oldTaskSessionId: pick(old, 0),
      oldJobSessionId: old.id,
      retryJobSessionId: retry.id,
      extraJobSessionIds: options.extraJobSessions.map((count, i) => guidFor(seed, `extra:${i}:${count}`)),
    }
  }

  /** Every job session that has started by `now` (scheduled, retries, benchmark and live), unordered. */
  jobSessions(now: number): JobSessionPlan[] {
    const out = this.planned.filter((s) => s.created <= now)
    // Job by job, live sessions last, never sorted by time: EM's collections are unordered
    // (VeeamHub/grafana#5), so clients must not depend on any order.
    return out.concat(this.live.sessionsUpTo(now))
  }

  findJobSession(id: string, now: number): JobSessionPlan | null {
    const s = this.sessionById.get(id)
    if (s) return s.created <= now ? s : null
    return this.live.findSession(id, now)
  }

  findTask(id: string, now: number): { session: JobSessionPlan; task: TaskPlan } | null {
    const hit = this.taskById.get(id)
    if (hit) return hit.task.created <= now ? hit : null
    return this.live.findTask(id, now)
  }

  findServer(id: string): BackupServer | null {
    return this.servers.find((s) => s.id === id) ?? null
  }

  findJob(id: string): Job | null {
    return this.jobs.find((j) => j.id === id) ?? null
  }

  private add(session: JobSessionPlan): void {
    this.planned.push(session)
    this.sessionById.set(session.id, session)
    for (const task of session.tasks) this.taskById.set(task.id, { session, task })
  }

  private sessionByKey(key: string): JobSessionPlan {
    const s = this.sessionById.get(guidFor(this.seed, `session:${key}`))
    if (!s) throw new Error(`demo session ${key} missing`)
    return s
  }

  private buildJob(def: JobDef): Job {
    const server = this.servers[SERVERS.findIndex((s) => s.key === def.serverKey)]
    if (!server) throw new Error(`unknown server ${def.serverKey}`)
    return {
      id: guidFor(this.seed, `job:${def.key}`),
      name: def.name,
      description: def.description,
      server,
      hours: def.hours,
      minute: def.minute,
      vms: def.vms.map((v, i) => ({
        name: v.name,
        size: v.size,
        objectInJobId: guidFor(this.seed, `job:${def.key}:object:${i}`),
        morefId: `vm-${1000 + rngFor(this.seed, `job:${def.key}:moref:${i}`).int(0, 98_999)}`,
      })),
    }
  }

  private scheduledRun(
    def: JobDef,
    job: Job,
    key: string,
    day: number,
    hour: number,
    forced: ForcedRun | undefined,
  ): JobSessionPlan {
    const rng = rngFor(this.seed, `session:${key}`)
    const start = day * DAY_MS + hour * HOUR_MS + def.minute * MINUTE_MS + rng.int(0, 59_999)
    const vms = job.vms.map((vm, i) => {
      const outcome = forced?.outcomes[i] ?? randomOutcome(rng)
      const reason = forced?.reasons?.[i]?.(vm.name)
      return reason === undefined
        ? { name: vm.name, size: vm.size, outcome }
        : { name: vm.name, size: vm.size, outcome, reason }
    })
    const tasks = planTasks(rng, start, def.slots, vms, (i) => guidFor(this.seed, `session:${key}:task:${i}`))
    return finishSession(guidFor(this.seed, `session:${key}`), job, start, tasks, false, rng)
  }

  /** VBR retries the failed VMs of a session a few minutes after it stops (IsRetry = true). */
  private retryOf(session: JobSessionPlan, parentKey: string): JobSessionPlan | null {
    const failed = session.tasks.filter((t) => t.outcome === 'Failed')
    if (session.isRetry || failed.length === 0) return null
    const rng = rngFor(this.seed, `retry:${parentKey}`)
    const start = session.end + rng.int(10 * MINUTE_MS, 15 * MINUTE_MS)
    const vms = failed.map((t) => ({
      name: t.vmName,
      size: t.totalSize,
      outcome: rng.chance(0.75) ? ('Success' as const) : ('Failed' as const),
      reason: t.reason,
    }))
    const tasks = planTasks(rng, start, 2, vms, (i) => guidFor(this.seed, `retry:${parentKey}:task:${i}`))
    return finishSession(guidFor(this.seed, `retry:${parentKey}`), session.job, start, tasks, true, rng)
  }

  /** Benchmark sessions: completed, within the last 30 days, with exactly `count` tasks. */
  private extraSession(i: number, count: number, startTime: number): JobSessionPlan {
    const job = this.jobs[2] ?? this.jobs[0]
    if (!job) throw new Error('no jobs')
    const rng = rngFor(this.seed, `extra:${i}:${count}`)
    const prefixes = ['app', 'web', 'sql', 'file', 'k8s-node', 'citrix-vda', 'dc', 'mq']
    const sizes = [16, 40, 60, 80, 100, 127, 200, 250, 500, 1024]
    const vms = Array.from({ length: count }, (_, n) => ({
      name: `${prefixes[n % prefixes.length]}${String(n + 1).padStart(4, '0')}`,
      size: rng.pick(sizes) * 1024 ** 3,
      outcome: randomOutcome(rng),
    }))
    const tasks = planTasks(rng, 0, 8, vms, (n) => guidFor(this.seed, `extra:${i}:${count}:task:${n}`), 0.05)
    const draft = finishSession(guidFor(this.seed, `extra:${i}:${count}`), job, 0, tasks, false, rng)
    // Shift the whole session so that it ended (i + 1) hours before the simulator started.
    const shift = startTime - (i + 1) * HOUR_MS - draft.end
    return {
      ...draft,
      created: draft.created + shift,
      end: draft.end + shift,
      tasks: draft.tasks.map((t) => ({
        ...t,
        created: t.created + shift,
        runStart: t.runStart + shift,
        end: t.end + shift,
      })),
    }
  }
}

function randomOutcome(rng: Rng): Outcome {
  const roll = rng.next()
  return roll < 0.04 ? 'Failed' : roll < 0.12 ? 'Warning' : 'Success'
}

type VmRun = { name: string; size: number; outcome: Outcome; reason?: string }

/**
 * Lays tasks out like VBR does: every task record is created (Pending) right after the session starts, then
 * tasks take the job's concurrent slots in order. Durations grow with the VM's size; failures end early.
 */
function planTasks(
  rng: Rng,
  start: number,
  slots: number,
  vms: VmRun[],
  idOf: (i: number) => string,
  speed = 1,
): TaskPlan[] {
  const free = Array.from({ length: slots }, () => 0)
  let created = start + rng.int(6_000, 15_000)
  return vms.map((vm, i) => {
    created += rng.int(150, 1_500)
    let slot = 0
    for (let s = 1; s < free.length; s++) if ((free[s] ?? 0) < (free[slot] ?? 0)) slot = s
    const runStart = Math.max(created + rng.int(500, 4_000), free[slot] ?? 0)
    const gib = vm.size / 1024 ** 3
    const duration =
      vm.outcome === 'Failed'
        ? rng.int(20_000, 300_000)
        : Math.floor((45_000 + gib * rng.range(300, 1_500)) * speed)
    const end = runStart + duration
    free[slot] = end + rng.int(1_000, 5_000)
    const reason =
      vm.reason ??
      (vm.outcome === 'Failed'
        ? rng.pick(FAILURE_REASONS)(vm.name)
        : vm.outcome === 'Warning'
          ? rng.pick(WARNING_REASONS)(vm.name)
          : '')
    return {
      id: idOf(i),
      vmName: vm.name,
      totalSize: vm.size,
      created,
      runStart,
      end,
      outcome: vm.outcome,
      reason: vm.outcome === 'Success' ? '' : reason,
    }
  })
}

function finishSession(
  id: string,
  job: Job,
  start: number,
  tasks: TaskPlan[],
  isRetry: boolean,
  rng: Rng,
): JobSessionPlan {
  const lastEnd = tasks.reduce((max, t) => Math.max(max, t.end), start)
  const failed = tasks.filter((t) => t.outcome === 'Failed')
  return {
    id,
    job,
    created: start,
    end: lastEnd + rng.int(5_000, 25_000),
    isRetry,
    tasks,
    failureMessage: failureMessageFor(failed, tasks.length),
  }
}
