import { guidFor, rngFor } from '../util/prng.ts'
import type { ReasonSet } from './catalog.ts'
import type { Job, JobSessionPlan, Outcome, TaskPlan } from './model.ts'

/**
 * The "live" job: back-to-back sessions whose timeline is a pure function of the clock. Session k starts at
 * `epoch + k * period` and processes the job's VMs one after another, each task taking about `taskMs`; the
 * next session starts at the very instant the previous one stops, so at any moment one session is running.
 *
 * The epoch is placed so that at the simulator's start time session 0 has completed its first task, is
 * processing its second, and has the rest pending.
 */
export class LiveJob {
  readonly epoch: number
  readonly period: number
  private readonly memo = new Map<number, JobSessionPlan>()
  private readonly indexById = new Map<string, number>()
  private readonly taskIndex = new Map<string, number>()

  constructor(
    private readonly seed: number,
    readonly job: Job,
    private readonly taskMs: number,
    startTime: number,
    private readonly reasons: ReasonSet,
    /** Keys the seeded IDs, so two live jobs never share one. */
    private readonly keyPrefix = 'live',
  ) {
    const t = taskMs
    this.period = Math.floor(0.1 * t) + job.vms.length * t
    this.epoch = startTime - Math.floor(1.3 * t)
  }

  /** Index of the session running (or just started) at `now`; -1 before the first one. */
  currentIndex(now: number): number {
    if (now < this.epoch) return -1
    return Math.floor((now - this.epoch) / this.period)
  }

  session(k: number): JobSessionPlan {
    const cached = this.memo.get(k)
    if (cached) return cached
    const plan = this.build(k)
    this.memo.set(k, plan)
    this.indexById.set(plan.id, k)
    for (const task of plan.tasks) this.taskIndex.set(task.id, k)
    return plan
  }

  /** Every live session that has started by `now`, oldest first. */
  sessionsUpTo(now: number): JobSessionPlan[] {
    const out: JobSessionPlan[] = []
    const last = this.currentIndex(now)
    for (let k = 0; k <= last; k++) out.push(this.session(k))
    return out
  }

  findSession(id: string, now: number): JobSessionPlan | null {
    this.ensure(now)
    const k = this.indexById.get(id)
    if (k === undefined) return null
    const plan = this.session(k)
    return plan.created <= now ? plan : null
  }

  findTask(id: string, now: number): { session: JobSessionPlan; task: TaskPlan } | null {
    this.ensure(now)
    const k = this.taskIndex.get(id)
    if (k === undefined) return null
    const session = this.session(k)
    const task = session.tasks.find((t) => t.id === id)
    return task && task.created <= now ? { session, task } : null
  }

  private ensure(now: number): void {
    const last = this.currentIndex(now)
    for (let k = 0; k <= last; k++) this.session(k)
  }

  private build(k: number): JobSessionPlan {
    const t = this.taskMs
    const start = this.epoch + k * this.period
    const key = `${this.keyPrefix}:${k}`
    const rng = rngFor(this.seed, key)
    const tasks: TaskPlan[] = this.job.vms.map((vm, i) => {
      const roll = rng.next()
      const outcome: Outcome = roll < 0.03 ? 'Failed' : roll < 0.1 ? 'Warning' : 'Success'
      const runStart = start + Math.floor(0.1 * t) + i * t
      const at = { job: this.job.name, time: start }
      const reason =
        outcome === 'Failed'
          ? rng.pick(this.reasons.failure)(vm.name, at)
          : outcome === 'Warning'
            ? rng.pick(this.reasons.warning)(vm.name, at)
            : ''
      return {
        id: guidFor(this.seed, `${key}:task:${i}`),
        vmName: vm.name,
        vmUid: vm.vmUid,
        totalSize: vm.size,
        // All task records appear right after the session starts and wait (Pending) for their turn.
        created: start + Math.floor(0.05 * t) + Math.floor(i * 0.01 * t) + rng.int(0, 9),
        runStart,
        end: runStart + Math.floor(t * rng.range(0.7, 0.95)),
        outcome,
        reason,
      }
    })
    const failed = tasks.filter((x) => x.outcome === 'Failed')
    return {
      id: guidFor(this.seed, key),
      job: this.job,
      created: start,
      end: start + this.period,
      isRetry: false,
      tasks,
      failureMessage: this.job.kind === 'replica' ? failureMessageFor(failed, tasks.length) : null,
      parent: null,
      children: [],
    }
  }
}

/**
 * The FailureMessage of a failed replica session. Backup sessions keep it null even when Failed, as the v13 JSON
 * capture shows (SESSIONS_QUERIES_ROLES §1.1): their causes are in the tasks' Reason.
 */
export function failureMessageFor(failed: TaskPlan[], total: number): string | null {
  const first = failed[0]
  if (!first) return null
  const names = failed.map((t) => t.vmName).join(', ')
  return `Failed to process ${failed.length} of ${total} VMs (${names}). ${first.reason}`
}
