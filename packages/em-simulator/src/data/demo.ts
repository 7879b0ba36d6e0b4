import type { DemoIds } from '../types.ts'
import { guidFor, hexFor, type Rng, rngFor } from '../util/prng.ts'
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../util/time.ts'
import {
  AGENT_REASONS,
  BACKUP_REASONS,
  FAILURE_REASONS,
  JOBS,
  type JobDef,
  NAS_REASONS,
  PRODUCT_VERSION,
  type ReasonFn,
  type ReasonSet,
  reasonsFor,
  SERVERS,
  VBR_PORT,
  VBR_WCF_PORT,
  WARNING_REASONS,
} from './catalog.ts'
import { failureMessageFor, LiveJob } from './live.ts'
import type { BackupServer, Job, JobSessionPlan, JobVm, Outcome, SessionKind, TaskPlan } from './model.ts'

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

/** A VM's fixed fate in one run: its outcome, optionally the reason, and the outcome of its retry. */
type VmForce = { outcome: Outcome; reason?: ReasonFn; retry?: Outcome }
/** A run with fixed fates for some VMs; `others` fixes every VM not listed (random otherwise). */
/** `failure`: the run fails as a whole before any machine, with this FailureMessage (it has no task sessions). */
type ForcedRun = { vms: Map<number, VmForce>; others?: Outcome; failure?: string }

type VmRun = { vm: JobVm; outcome: Outcome; reason?: string }

/**
 * Deterministic demo data: backup servers, replication and backup jobs, ~40 days of scheduled job sessions with
 * their task sessions, retries, benchmark sessions and the two live jobs. Built once; views are derived per
 * request. A few runs have fixed outcomes so that every demo ID exists, whatever the seed.
 */
export class DemoStore {
  readonly servers: BackupServer[]
  /** The jobs the simulator serves under `/jobs` (replication, backup and backup copy jobs). */
  readonly jobs: Job[]
  readonly liveJobs: LiveJob[]
  readonly demo: DemoIds
  /** Scheduled, retry and benchmark sessions (everything except the live jobs' clock-driven sessions). */
  private readonly planned: Record<SessionKind, JobSessionPlan[]> = { replica: [], backup: [] }
  private readonly sessionById = new Map<string, JobSessionPlan>()
  private readonly taskById = new Map<string, { session: JobSessionPlan; task: TaskPlan }>()
  private readonly jobByKey = new Map<string, Job>()
  /** AgentBackup job ID → machine name → its per-machine (AgentManagement) job. */
  private readonly agentJobs = new Map<string, Map<string, Job>>()
  private readonly seed: number
  private readonly vcenterId: string

  constructor(options: DemoOptions) {
    const { seed, startTime } = options
    this.seed = seed
    this.vcenterId = guidFor(seed, 'vcenter')
    this.servers = SERVERS.map((s) => ({
      id: guidFor(seed, `server:${s.key}`),
      name: s.name,
      description: s.description,
      port: VBR_PORT,
      version: PRODUCT_VERSION,
      wcfPort: VBR_WCF_PORT,
      certificateThumbprint: hexFor(seed, `server:${s.key}`, 20),
    }))
    for (const def of JOBS) this.jobByKey.set(def.key, this.buildJob(def))
    const all = JOBS.map((def) => this.job(def.key))
    // Job's documented JobType values (get_jobs_id.md) have no NasBackup: file share jobs are not under /jobs.
    this.jobs = all.filter((j) => j.path === 'jobs' && j.jobType !== 'NasBackup')
    const lives = JOBS.filter((def) => def.live)
    if (!lives.some((d) => d.kind === 'replica') || !lives.some((d) => d.kind === 'backup'))
      throw new Error('catalog needs a live replica job and a live backup job')
    // The replica live job keeps its original key prefix, so its IDs do not change with the catalog.
    const liveByKey = new Map(
      lives.map((def) => [
        def.key,
        new LiveJob(
          seed,
          this.job(def.key),
          options.liveTaskMs,
          startTime,
          reasonsFor(def.jobType),
          def.kind === 'replica' ? 'live' : `live-${def.key}`,
        ),
      ]),
    )
    this.liveJobs = [...liveByKey.values()]

    const startDay = Math.floor(startTime / DAY_MS)
    const forced = this.forcedRuns(startTime, startDay)
    for (const def of JOBS) {
      const job = this.job(def.key)
      const live = liveByKey.get(def.key)
      for (let day = startDay - HISTORY_DAYS; day <= startDay + FUTURE_DAYS; day++) {
        def.hours.forEach((hour, run) => {
          const key = `${def.key}:${day}:${run}`
          const force = forced.get(key)
          const session = this.scheduledRun(def, job, key, day, hour, force)
          // A live job's history stops where its back-to-back sessions begin.
          if (live && session.end > live.epoch) return
          this.add(session)
          const retry = this.retryOf(def, session, key, force)
          if (retry && !(live && retry.end > live.epoch)) this.add(retry)
        })
      }
    }
    options.extraJobSessions.forEach((count, i) => {
      this.add(this.extraSession(i, count, startTime))
    })
    this.demo = this.demoIds(options, startTime, startDay, liveByKey)
  }

  /** Every job session of one kind that has started by `now` (scheduled, retries, benchmark and live), unordered. */
  jobSessions(now: number, kind: SessionKind): JobSessionPlan[] {
    const out = this.planned[kind].filter((s) => s.created <= now)
    // Job by job, live sessions last, never sorted by time: EM's collections are unordered
    // (VeeamHub/grafana#5), so clients must not depend on any order.
    for (const live of this.liveJobs) if (live.job.kind === kind) out.push(...live.sessionsUpTo(now))
    return out
  }

  findJobSession(id: string, now: number): JobSessionPlan | null {
    const s = this.sessionById.get(id)
    if (s) return s.created <= now ? s : null
    for (const live of this.liveJobs) {
      const hit = live.findSession(id, now)
      if (hit) return hit
    }
    return null
  }

  findTask(id: string, now: number): { session: JobSessionPlan; task: TaskPlan } | null {
    const hit = this.taskById.get(id)
    if (hit) return hit.task.created <= now ? hit : null
    for (const live of this.liveJobs) {
      const found = live.findTask(id, now)
      if (found) return found
    }
    return null
  }

  findServer(id: string): BackupServer | null {
    return this.servers.find((s) => s.id === id) ?? null
  }

  /** A job served under `/jobs`. */
  findJob(id: string): Job | null {
    return this.jobs.find((j) => j.id === id) ?? null
  }

  private job(key: string): Job {
    const job = this.jobByKey.get(key)
    if (!job) throw new Error(`unknown job ${key}`)
    return job
  }

  private add(session: JobSessionPlan): void {
    this.planned[session.job.kind].push(session)
    this.sessionById.set(session.id, session)
    for (const task of session.tasks) this.taskById.set(task.id, { session, task })
    for (const child of session.children) this.add(child)
  }

  private sessionByKey(key: string): JobSessionPlan {
    const s = this.sessionById.get(guidFor(this.seed, `session:${key}`))
    if (!s) throw new Error(`demo session ${key} missing`)
    return s
  }

  private retryByKey(key: string): JobSessionPlan {
    const s = this.sessionById.get(guidFor(this.seed, `retry:${key}`))
    if (!s) throw new Error(`demo retry of ${key} missing`)
    return s
  }

  /** A VM's identity does not depend on the job: the same VM has the same VmUid in every job. */
  private jobVm(defKey: string, jobType: JobDef['jobType'], i: number, name: string, size: number): JobVm {
    const moref = `vm-${1000 + rngFor(this.seed, `vm:${name}`).int(0, 98_999)}`
    const isVm = jobType !== 'AgentBackup' && jobType !== 'NasBackup'
    return {
      name,
      size,
      objectInJobId: guidFor(this.seed, `job:${defKey}:object:${i}`),
      morefId: moref,
      // vCenter instance UUID + MoRef, as in the v13.1 example (urn:VMware:Vm:<uuid>.vm-91826).
      vmUid: isVm ? `urn:VMware:Vm:${this.vcenterId}.${moref}` : null,
    }
  }

  private buildJob(def: JobDef): Job {
    const server = this.servers[SERVERS.findIndex((s) => s.key === def.serverKey)]
    if (!server) throw new Error(`unknown server ${def.serverKey}`)
    const job: Job = {
      id: guidFor(this.seed, `job:${def.key}`),
      name: def.name,
      description: def.description,
      server,
      hours: def.hours,
      minute: def.minute,
      vms: def.vms.map((v, i) => this.jobVm(def.key, def.jobType, i, v.name, v.size)),
      kind: def.kind,
      jobType: def.jobType,
      path: def.jobType === 'AgentBackup' ? 'agents/jobs' : 'jobs',
      parent: null,
    }
    if (def.jobType === 'AgentBackup') {
      // Each protected computer gets its own job, named "<job> - <computer>" (agents_backupsessions.md example).
      const children = new Map<string, Job>()
      job.vms.forEach((vm) => {
        children.set(vm.name, {
          ...job,
          id: guidFor(this.seed, `job:${def.key}:machine:${vm.name}`),
          name: `${job.name} - ${vm.name}`,
          vms: [vm],
          jobType: 'AgentManagement',
          parent: job,
        })
      })
      this.agentJobs.set(job.id, children)
    }
    return job
  }

  /**
   * The story lines every seed tells: the demo runs, the last-24-hours failures, the failure streaks, a retry that
   * fixes a failure and one that does not.
   */
  private forcedRuns(startTime: number, startDay: number): Map<string, ForcedRun> {
    const forced = new Map<string, ForcedRun>()
    const run = (key: string, others?: Outcome): ForcedRun => {
      let r = forced.get(key)
      if (!r) {
        r = others === undefined ? { vms: new Map() } : { vms: new Map(), others }
        forced.set(key, r)
      }
      return r
    }
    const vmIndex = (defKey: string, name: string): number => {
      const i = this.job(defKey).vms.findIndex((v) => v.name === name)
      if (i < 0) throw new Error(`no ${name} in ${defKey}`)
      return i
    }

    // Replica demo runs: the changed-block-tracking warning and the VDDK failure, the classics; an all-green run.
    const sql = run(`sql:${startDay - 2}:0`)
    sql.vms.set(0, { outcome: 'Success' })
    sql.vms.set(1, { outcome: 'Warning', reason: WARNING_REASONS[0] })
    sql.vms.set(2, { outcome: 'Failed', reason: FAILURE_REASONS[0] })
    sql.vms.set(3, { outcome: 'Success' })
    run(`web:${startDay - 1}:0`, 'Success')

    // Runs that ended within the last 24 hours, whatever the time of day the simulator starts: jobs that run every
    // 12 hours always have a run that started 3 to 22 hours ago (and their runs take well under an hour). The job's
    // next run fails the same way, so what failed is still open whether or not that run came before the start.
    const recent = (defKey: string) => {
      const key = this.latestRunKey(defKey, startTime - 22 * HOUR_MS, startTime - 3 * HOUR_MS)
      return [run(key, 'Success'), run(this.nextRunKey(key), 'Success')] as const
    }
    for (const r of recent('sql'))
      r.vms.set(3, { outcome: 'Failed', reason: FAILURE_REASONS[1], retry: 'Failed' })
    const [recentBackup, nextBackup] = recent('sqlbk')
    for (const r of [recentBackup, nextBackup]) {
      r.vms.set(1, { outcome: 'Warning', reason: BACKUP_REASONS.warning[0] })
      r.vms.set(2, { outcome: 'Failed', reason: BACKUP_REASONS.failure[3], retry: 'Failed' })
    }
    recentBackup.vms.set(3, { outcome: 'Failed', reason: BACKUP_REASONS.failure[1], retry: 'Success' })

    // A run that failed as a whole, before any machine (its target host unreachable): no task sessions.
    for (const r of recent('files')) r.failure = FILES_FAILURE

    run(`webbk:${startDay - 2}:0`, 'Success')
    const agents = run(`agents:${startDay - 2}:0`, 'Success')
    agents.vms.set(vmIndex('agents', 'ws-reception01.corp.local'), {
      outcome: 'Failed',
      reason: AGENT_REASONS.failure[0],
      retry: 'Success',
    })
    run(`nas:${startDay - 2}:0`, 'Success').vms.set(2, { outcome: 'Warning', reason: NAS_REASONS.warning[0] })

    // Failure streaks: failing (retries too) several days running, then green again from then on.
    const streak = (
      defKey: string,
      vm: string,
      first: number,
      last: number,
      reason: ReasonFn | undefined,
    ) => {
      const def = JOBS.find((d) => d.key === defKey)
      if (!def || !reason) throw new Error(`bad streak ${defKey}`)
      const i = vmIndex(defKey, vm)
      for (let day = first - 1; day <= startDay + FUTURE_DAYS; day++) {
        def.hours.forEach((_h, n) => {
          const r = run(`${defKey}:${day}:${n}`)
          if (r.vms.has(i)) return
          const failing = day >= first && day <= last
          r.vms.set(i, failing ? { outcome: 'Failed', reason, retry: 'Failed' } : { outcome: 'Success' })
        })
      }
    }
    streak('infrabk', STREAK_VM, startDay - 6, startDay - 3, BACKUP_REASONS.failure[0])
    streak('agents', 'laptop-ceo01.corp.local', startDay - 5, startDay - 3, AGENT_REASONS.failure[0])
    return forced
  }

  /** The key of the latest scheduled run of a job that starts within [from, to] (before its start jitter). */
  private latestRunKey(defKey: string, from: number, to: number): string {
    const def = JOBS.find((d) => d.key === defKey)
    if (!def) throw new Error(`unknown job ${defKey}`)
    let best: { t: number; key: string } | null = null
    for (let day = Math.floor(from / DAY_MS); day <= Math.floor(to / DAY_MS); day++) {
      def.hours.forEach((hour, n) => {
        const t = day * DAY_MS + hour * HOUR_MS + def.minute * MINUTE_MS
        if (t >= from && t <= to && (!best || t > best.t)) best = { t, key: `${defKey}:${day}:${n}` }
      })
    }
    if (!best) throw new Error(`no run of ${defKey} between ${from} and ${to}`)
    return (best as { t: number; key: string }).key
  }

  /** The key of the scheduled run after the one of `key` (`<job>:<day>:<slot>`). */
  private nextRunKey(key: string): string {
    const [defKey = '', day = '', slot = ''] = key.split(':')
    const def = JOBS.find((d) => d.key === defKey)
    if (!def) throw new Error(`unknown job ${defKey}`)
    const next = Number(slot) + 1
    return next < def.hours.length ? `${defKey}:${day}:${next}` : `${defKey}:${Number(day) + 1}:0`
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
    if (forced?.failure !== undefined) {
      const session = finishSession(guidFor(this.seed, `session:${key}`), job, start, [], false, rng)
      return { ...session, outcome: 'Failed', failureMessage: forced.failure }
    }
    const at = { job: job.name, time: start }
    const runs = job.vms.map((vm, i): VmRun => {
      const f = forced?.vms.get(i)
      const outcome = f?.outcome ?? forced?.others ?? randomOutcome(rng)
      const reason = f?.reason?.(vm.name, at)
      return reason === undefined ? { vm, outcome } : { vm, outcome, reason }
    })
    return this.planRun(def, job, `session:${key}`, start, runs, false, def.slots, rng)
  }

  /** VBR retries the failed VMs of a session a few minutes after it stops (IsRetry = true). */
  private retryOf(
    def: JobDef,
    session: JobSessionPlan,
    parentKey: string,
    forced: ForcedRun | undefined,
  ): JobSessionPlan | null {
    if (def.retries === false || session.isRetry) return null
    const failed =
      session.children.length === 0
        ? session.tasks.filter((t) => t.outcome === 'Failed')
        : session.children.flatMap((c) => c.tasks).filter((t) => t.outcome === 'Failed')
    if (failed.length === 0) return null
    const rng = rngFor(this.seed, `retry:${parentKey}`)
    const start = session.end + rng.int(10 * MINUTE_MS, 15 * MINUTE_MS)
    const { job } = session
    const runs = failed.map((t): VmRun => {
      const fixed = rng.chance(0.75)
      const i = job.vms.findIndex((v) => v.name === t.vmName)
      const vm = job.vms[i]
      if (!vm) throw new Error(`retry of an unknown VM ${t.vmName}`)
      const outcome = forced?.vms.get(i)?.retry ?? (fixed ? 'Success' : 'Failed')
      return { vm, outcome, reason: t.reason }
    })
    return this.planRun(def, job, `retry:${parentKey}`, start, runs, true, 2, rng)
  }

  private planRun(
    def: JobDef,
    job: Job,
    idKey: string,
    start: number,
    runs: VmRun[],
    isRetry: boolean,
    slots: number,
    rng: Rng,
  ): JobSessionPlan {
    const reasons = reasonsFor(def.jobType)
    if (def.jobType === 'AgentBackup')
      return this.agentRun(job, idKey, start, runs, isRetry, slots, rng, reasons)
    const tasks = planTasks(
      rng,
      start,
      slots,
      runs,
      (i) => guidFor(this.seed, `${idKey}:task:${i}`),
      reasons,
      job.name,
    )
    return finishSession(guidFor(this.seed, idKey), job, start, tasks, isRetry, rng)
  }

  /**
   * An AgentBackup session is a container: each computer is processed by its own AgentManagement session (its
   * own job, "Parent session" link up), which owns the computer's task session (get_backupsessions_id.md).
   */
  private agentRun(
    job: Job,
    idKey: string,
    start: number,
    runs: VmRun[],
    isRetry: boolean,
    slots: number,
    rng: Rng,
    reasons: ReasonSet,
  ): JobSessionPlan {
    const parent: JobSessionPlan = {
      id: guidFor(this.seed, idKey),
      job,
      created: start,
      end: start,
      isRetry,
      tasks: [],
      failureMessage: null,
      parent: null,
      children: [],
    }
    const machines = this.agentJobs.get(job.id)
    const free = Array.from({ length: slots }, () => 0)
    runs.forEach((run, i) => {
      const childJob = machines?.get(run.vm.name)
      if (!childJob) throw new Error(`no agent job for ${run.vm.name}`)
      let slot = 0
      for (let s = 1; s < free.length; s++) if ((free[s] ?? 0) < (free[slot] ?? 0)) slot = s
      const childStart = Math.max(start + rng.int(12_000, 20_000) + i * rng.int(100, 900), free[slot] ?? 0)
      const childKey = `${idKey}:machine:${i}`
      const tasks = planTasks(
        rng,
        childStart,
        1,
        [run],
        () => guidFor(this.seed, `${childKey}:task:0`),
        reasons,
        childJob.name,
      )
      const child = finishSession(guidFor(this.seed, childKey), childJob, childStart, tasks, isRetry, rng)
      child.parent = parent
      free[slot] = child.end + rng.int(1_000, 5_000)
      parent.children.push(child)
    })
    parent.end = parent.children.reduce((max, c) => Math.max(max, c.end), start) + rng.int(5_000, 25_000)
    return parent
  }

  /** Benchmark sessions: completed replica sessions, within the last 30 days, with exactly `count` tasks. */
  private extraSession(i: number, count: number, startTime: number): JobSessionPlan {
    const job = this.job('infra')
    const rng = rngFor(this.seed, `extra:${i}:${count}`)
    const prefixes = ['app', 'web', 'sql', 'file', 'k8s-node', 'citrix-vda', 'dc', 'mq']
    const sizes = [16, 40, 60, 80, 100, 127, 200, 250, 500, 1024]
    const runs = Array.from(
      { length: count },
      (_, n): VmRun => ({
        vm: {
          name: `${prefixes[n % prefixes.length]}${String(n + 1).padStart(4, '0')}`,
          size: rng.pick(sizes) * 1024 ** 3,
          objectInJobId: '',
          morefId: '',
          vmUid: null,
        },
        outcome: randomOutcome(rng),
      }),
    )
    const tasks = planTasks(
      rng,
      0,
      8,
      runs,
      (n) => guidFor(this.seed, `extra:${i}:${count}:task:${n}`),
      reasonsFor('Replica'),
      job.name,
      0.05,
    )
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

  private demoIds(
    options: DemoOptions,
    startTime: number,
    startDay: number,
    liveByKey: Map<string, LiveJob>,
  ): DemoIds {
    const { seed } = this
    const pick = (session: JobSessionPlan, i: number): string => {
      const task = session.tasks[i]
      if (!task) throw new Error('demo session has too few tasks')
      return task.id
    }
    const taskOf = (session: JobSessionPlan, vm: string): string => {
      const task = session.tasks.find((t) => t.vmName === vm)
      if (!task) throw new Error(`no task of ${vm} in ${session.job.name}`)
      return task.id
    }
    const liveRunning = (key: string): JobSessionPlan => {
      const live = liveByKey.get(key)
      if (!live) throw new Error(`no live job ${key}`)
      return live.session(live.currentIndex(startTime))
    }

    const sql = this.sessionByKey(`sql:${startDay - 2}:0`)
    const web = this.sessionByKey(`web:${startDay - 1}:0`)
    const old = this.sessionByKey(`sql:${startDay - 35}:0`)
    const running = liveRunning('tier1')
    const retry = this.retryByKey(`sql:${startDay - 2}:0`)
    const recentReplicaKey = this.latestRunKey('sql', startTime - 22 * HOUR_MS, startTime - 3 * HOUR_MS)
    const recentBackupKey = this.latestRunKey('sqlbk', startTime - 22 * HOUR_MS, startTime - 3 * HOUR_MS)
    const recentBackup = this.sessionByKey(recentBackupKey)
    const recentBackupRetry = this.retryByKey(recentBackupKey)
    const backupRunning = liveRunning('tier1bk')
    const agents = this.sessionByKey(`agents:${startDay - 2}:0`)
    const agentChild = agents.children[0]
    if (!agentChild) throw new Error('agent demo session has no machines')

    // The streak: every run from its first to its last day, then the first run after it.
    const streakFailed: TaskPlan[] = []
    let recovered: string | null = null
    for (let day = startDay - 6; day <= startDay - 2 && recovered === null; day++) {
      const key = `infrabk:${day}:0`
      const task = this.sessionByKey(key).tasks.find((t) => t.vmName === STREAK_VM)
      if (!task) throw new Error('streak VM missing')
      if (task.outcome === 'Failed') {
        streakFailed.push(task)
        const again = this.retryByKey(key).tasks.find((t) => t.vmName === STREAK_VM)
        if (again) streakFailed.push(again)
      } else recovered = task.id
    }
    if (recovered === null) throw new Error('streak has no recovery')

    return {
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
      recentFailedReplicaTaskSessionId: pick(this.sessionByKey(recentReplicaKey), 3),

      backupCompletedTaskSessionId: pick(recentBackup, 0),
      backupWarningTaskSessionId: pick(recentBackup, 1),
      backupFailedTaskSessionId: pick(recentBackup, 2),
      backupFailedJobSessionId: recentBackup.id,
      backupCompletedJobSessionId: this.sessionByKey(`webbk:${startDay - 2}:0`).id,
      backupRunningTaskSessionId: pick(backupRunning, 1),
      backupRunningJobSessionId: backupRunning.id,
      retryFixedFailedTaskSessionId: pick(recentBackup, 3),
      retryFixedTaskSessionId: taskOf(recentBackupRetry, 'dbserver01'),
      retryFixedJobSessionId: recentBackupRetry.id,
      agentBackupJobSessionId: agents.id,
      agentManagementJobSessionId: agentChild.id,
      agentTaskSessionId: pick(agentChild, 0),
      nasBackupJobSessionId: this.sessionByKey(`nas:${startDay - 2}:0`).id,
      jobFailedJobSessionId: this.sessionByKey(
        this.latestRunKey('files', startTime - 22 * HOUR_MS, startTime - 3 * HOUR_MS),
      ).id,
      failureStreak: {
        vmName: STREAK_VM,
        jobName: this.job('infrabk').name,
        failedTaskSessionIds: streakFailed.sort((a, b) => a.created - b.created).map((t) => t.id),
        recoveredTaskSessionId: recovered,
      },
      sharedVmName: 'sql-prod-01',

      portalUserVisibleTaskSessionId: pick(this.sessionByKey(`sql:${startDay - 3}:1`), 0),
      portalUserVisibleJobSessionId: this.sessionByKey(`sql:${startDay - 3}:1`).id,
      portalUserForbiddenTaskSessionId: pick(this.sessionByKey(`web:${startDay - 3}:1`), 0),
      portalUserForbiddenJobSessionId: this.sessionByKey(`web:${startDay - 3}:1`).id,
      portalUserVisibleBackupTaskSessionId: pick(this.sessionByKey(`sqlbk:${startDay - 3}:0`), 0),
      portalUserForbiddenBackupTaskSessionId: pick(this.sessionByKey(`infrabk:${startDay - 1}:0`), 0),
      portalUserForbiddenBackupJobSessionId: this.sessionByKey(`infrabk:${startDay - 1}:0`).id,
    }
  }
}

/** The VM of the demo's failure streak (Infrastructure Backup). */
const STREAK_VM = 'exchange01'

/** Why the demo's run of 'File Servers Replica' failed before any machine. */
const FILES_FAILURE =
  'Error: Cannot connect to the target host esx-dr02.corp.local: the host is not responding. Check that the host is online and reachable from the backup proxy.'

function randomOutcome(rng: Rng): Outcome {
  const roll = rng.next()
  return roll < 0.04 ? 'Failed' : roll < 0.12 ? 'Warning' : 'Success'
}

/**
 * Lays tasks out like VBR does: every task record is created (Pending) right after the session starts, then
 * tasks take the job's concurrent slots in order. Durations grow with the VM's size; failures end early.
 */
function planTasks(
  rng: Rng,
  start: number,
  slots: number,
  runs: VmRun[],
  idOf: (i: number) => string,
  reasons: ReasonSet,
  jobName: string,
  speed = 1,
): TaskPlan[] {
  const free = Array.from({ length: slots }, () => 0)
  const at = { job: jobName, time: start }
  let created = start + rng.int(6_000, 15_000)
  return runs.map(({ vm, outcome, reason: given }, i) => {
    created += rng.int(150, 1_500)
    let slot = 0
    for (let s = 1; s < free.length; s++) if ((free[s] ?? 0) < (free[slot] ?? 0)) slot = s
    const runStart = Math.max(created + rng.int(500, 4_000), free[slot] ?? 0)
    const gib = vm.size / 1024 ** 3
    const duration =
      outcome === 'Failed'
        ? rng.int(20_000, 300_000)
        : Math.floor((45_000 + gib * rng.range(300, 1_500)) * speed)
    const end = runStart + duration
    free[slot] = end + rng.int(1_000, 5_000)
    const reason =
      given ??
      (outcome === 'Failed'
        ? rng.pick(reasons.failure)(vm.name, at)
        : outcome === 'Warning'
          ? rng.pick(reasons.warning)(vm.name, at)
          : '')
    return {
      id: idOf(i),
      vmName: vm.name,
      vmUid: vm.vmUid,
      totalSize: vm.size,
      created,
      runStart,
      end,
      outcome,
      reason: outcome === 'Success' ? '' : reason,
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
    failureMessage: job.kind === 'replica' ? failureMessageFor(failed, tasks.length) : null,
    parent: null,
    children: [],
  }
}
