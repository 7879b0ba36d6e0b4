import {
  type Attention,
  isJobSessionKind,
  JOB_KIND_OF,
  JOB_SESSION_KINDS,
  type JobRuns,
  type JobSession,
  type JobSessionKind,
  jobNameOfSessionName,
  type LaterSuccess,
  type MachineHistory,
  RESOURCES,
  type ResolvedSession,
  resourcePath,
  SESSION_KINDS,
  type ServerSessions,
  type SessionKind,
  type SessionLink,
  TASK_SESSION_KINDS,
  type TaskSession,
  type TaskSessionKind,
  type UnavailablePart,
} from '@ese/shared'
import type { Query } from './em/client.ts'
import type { QueryPage } from './em/decode.ts'
import { BffError, isBffError } from './em/errors.ts'
import type { EmCaller, Trace } from './em/session.ts'
import type { Reads } from './reads.ts'

/** Answers of EM's query service are read this many entities per page, and at most this many pages. */
const PAGE_SIZE = 100
const MAX_PAGES = 3
const HISTORY_SIZE = 20
const RUNS_SIZE = 30
/** The machines whose later successes are asked for go in one filter, in the URL: at most this long, encoded. */
const RECOVERY_FILTER_CHARS = 1500

/** A value in EM's filter grammar: always quoted, an embedded quote doubled (optional_query_parameters). */
export function quote(value: string): string {
  return `"${value.replaceAll('"', '""')}"`
}

/** A time in a filter: ISO 8601 UTC, as EM's own examples write it. */
export function filterTime(iso: string | number): string {
  return quote(new Date(iso).toISOString())
}

const jobUrn = (id: string) => quote(`urn:veeam:Job:${id}`)

/**
 * The explorer's answers, built from EM's query service: what failed lately, a machine's recent runs, a job's
 * runs, a server's sessions, and which kind a bare GUID is. Every query is bounded (page size and count);
 * the answers are cached briefly and single-flight through `reads`, per caller.
 */
export class Explorer {
  constructor(private readonly reads: Reads) {}

  /**
   * Asks EM for every session kind at once; the first that has the GUID answers. A GUID no session has may be a
   * backup server's (copied from its page or EM's links): asked last, so a session costs EM no extra call.
   */
  async resolve(caller: EmCaller, id: string, trace: Trace): Promise<ResolvedSession> {
    const attempts = SESSION_KINDS.map((kind) =>
      this.reads.resource(caller, kind, id, trace).then(() => ({ kind, id, path: resourcePath(kind, id) })),
    )
    let refused: string[] = []
    try {
      return await Promise.any(attempts)
    } catch (error) {
      const errors = error instanceof AggregateError ? error.errors : [error]
      const other = errors.find((e) => !notHere(e))
      if (other) throw whileFinding(other, 'which kind of session this ID is')
      refused = forbiddenKinds(errors)
    }
    try {
      await this.reads.resource(caller, 'backupServer', id, trace)
      return { kind: 'backupServer', id, path: resourcePath('backupServer', id) }
    } catch (error) {
      // Refused as a server too, it is still no session this account can see: not found, as asked.
      if (!notHere(error)) throw whileFinding(error, 'what this ID is')
    }
    if (refused.length === SESSION_KINDS.length) {
      throw new BffError(
        'em_forbidden',
        `Enterprise Manager denied ${caller.who} access to every kind of session (HTTP 403), so the dashboard cannot tell which one has this ID; it is no backup server this account can read either.`,
      )
    }
    if (refused.length > 0) {
      throw new BffError(
        'em_forbidden',
        `Enterprise Manager denied access to this ID for ${caller.who} (HTTP 403), for ${refused.join(', ')}; no other kind of session has it, nor a backup server.`,
      )
    }
    throw new BffError(
      'not_found',
      'Enterprise Manager has no replication or backup session (job or task), nor a backup server, with this ID. Check the ID; EM keeps session history only for a limited time (its retention policy).',
    )
  }

  /**
   * What failed or warned in the window: the machines (task sessions), and the job runs none of whose machines
   * is among them (a run that failed as a whole, or whose machines were not read); and which of those have since
   * succeeded.
   */
  async attention(caller: EmCaller, days: number, trace: Trace): Promise<Attention> {
    const since = windowStart(days)
    const filter = `(Result==Failed,Result==Warning);CreationTime>=${filterTime(since)}`
    const { client } = this.reads
    const [tasks, ...jobKinds] = await Promise.all([
      recent(TASK_SESSION_KINDS, filter, (kind, q) => client.taskQuery(caller, kind, q, trace)),
      // The runs add to the machines: what EM refuses or fails of them is said per kind, not as the panel's error.
      ...JOB_SESSION_KINDS.map((kind) =>
        recent([kind], filter, (k, q) => client.jobQuery(caller, k, q, trace)).catch((error: unknown) => ({
          items: [],
          truncated: false,
          unavailable: [unavailable(kind, error)],
        })),
      ),
    ])
    const items = tasks.items.filter(needsLook)
    const failedRuns = newestFirst(jobKinds.flatMap((k) => k.items)).filter(needsLook)
    // A run that owns listed machines is their group, and so is an agent backup whose computers' runs own some.
    const parentOf = (run: JobSession) => upLink(run, isJobSessionKind)?.id ?? ''
    const owners = new Set(items.map((t) => t.jobSessionId))
    const covered = new Set(owners)
    for (const run of failedRuns) if (owners.has(run.id)) covered.add(parentOf(run))
    const open = failedRuns.filter((r) => !covered.has(r.id))
    // A computer's run of an agent backup goes with its parent, when the parent's run or machines are shown.
    const shown = new Set(open.map((r) => r.id))
    const runs = open.filter((r) => !shown.has(parentOf(r)) && !owners.has(parentOf(r)))
    const [ofMachines, ofRuns] = await Promise.all([
      this.laterSuccesses(TASK_SESSION_KINDS, items, since, {
        term: (t) => (t.vmDisplayName ? `VmDisplayName==${quote(t.vmDisplayName)}` : null),
        key: runKey,
        read: (kind, q) => client.taskQuery(caller, kind, q, trace),
      }),
      this.laterSuccesses(JOB_SESSION_KINDS, runs, since, {
        term: (r) => (r.jobId ? `JobUid==${jobUrn(r.jobId)}` : null),
        key: (r) => (r.jobId ? JSON.stringify([r.jobId, serverOf(r)]) : null),
        read: (kind, q) => client.jobQuery(caller, kind, q, trace),
      }),
    ])
    return {
      days,
      since,
      items,
      runs,
      truncated: tasks.truncated || jobKinds.some((k) => k.truncated),
      unavailable: [...tasks.unavailable, ...jobKinds.flatMap((k) => k.unavailable)],
      recovered: { ...ofMachines, ...ofRuns },
    }
  }

  /**
   * Which of these failed or warning sessions have since succeeded: for a machine, its same job on the same
   * backup server (its retry, or the next run); for a job run, the same job. For each kind with failures, one
   * query for the successes in the window of those machines (or jobs), matched by `key` and time. Best effort:
   * what EM refuses or fails here marks nothing, and the failures stand as they are.
   */
  private async laterSuccesses<
    K extends SessionKind,
    T extends { kind: K; id: string; creationTime: string | null },
  >(
    kinds: readonly K[],
    failed: readonly T[],
    since: string,
    how: {
      /** The filter term that finds the item's successes (by machine or job); null: not asked. */
      term: (item: T) => string | null
      /** What a success must share with the item (machine, job and server); null: matches nothing. */
      key: (item: T) => string | null
      read: (kind: K, q: Query) => Promise<QueryPage<T>>
    },
  ): Promise<Record<string, LaterSuccess>> {
    const recovered: Record<string, LaterSuccess> = {}
    const byKind = kinds.map(async (kind) => {
      const ofKind = failed.filter((t) => t.kind === kind)
      const terms: string[] = []
      for (const term of new Set(ofKind.map(how.term))) {
        if (term === null) continue
        if (encodeURIComponent([...terms, term].join(',')).length > RECOVERY_FILTER_CHARS) break
        terms.push(term)
      }
      if (terms.length === 0) return
      const filter = `(${terms.join(',')});Result==Success;CreationTime>=${filterTime(since)}`
      const { items: successes } = await recent([kind], filter, how.read)
      // The successes of each machine (or job) on each server, newest first.
      const successesOf = new Map<string, T[]>()
      for (const s of successes) {
        const key = how.key(s)
        if (key === null) continue
        const list = successesOf.get(key)
        if (list) list.push(s)
        else successesOf.set(key, [s])
      }
      for (const item of ofKind) {
        // Newest first: the last one after the item is the first success after it (no key, no match).
        const list = successesOf.get(how.key(item) ?? '')
        const later = list?.findLast((s) => (s.creationTime ?? '') > (item.creationTime ?? ''))
        if (later) {
          const { kind: k, id, creationTime } = later
          recovered[item.id] = { kind: k, id, path: resourcePath(k, id), creationTime }
        }
      }
    })
    // Signed out meanwhile is the user's to see; anything else only leaves those failures unmarked.
    for (const r of await Promise.allSettled(byKind))
      if (r.status === 'rejected' && isBffError(r.reason) && r.reason.code === 'session_expired')
        throw r.reason
    return recovered
  }

  async serverSessions(caller: EmCaller, id: string, days: number, trace: Trace): Promise<ServerSessions> {
    const since = windowStart(days)
    const filter = `BackupServerUid==${quote(`urn:veeam:BackupServer:${id}`)};CreationTime>=${filterTime(since)}`
    const found = await recent(JOB_SESSION_KINDS, filter, (kind, q) =>
      this.reads.client.jobQuery(caller, kind, q, trace),
    )
    return { days, since, ...found }
  }

  /** The machine's recent runs across jobs and kinds, and the retries of this run that followed it. */
  async machineHistory(
    caller: EmCaller,
    kind: TaskSessionKind,
    id: string,
    trace: Trace,
  ): Promise<MachineHistory> {
    const task = await this.reads.taskSession(caller, kind, id, trace)
    const vm = `VmDisplayName==${quote(task.vmDisplayName)}`
    type Retries = { items: TaskSession[]; unavailable: UnavailablePart[] }
    const none: Retries = { items: [], unavailable: [] }
    // The retries are extra: refused, the history stands without them; EM failing, the job kind is unavailable.
    const notRead = (error: unknown): Retries => {
      // A 404 (the job session is gone) is no retry; a 403 is a retry the dashboard may not see: said so.
      const refused =
        isBffError(error) && error.status < 500 && !['session_expired', 'em_forbidden'].includes(error.code)
      return refused ? none : { items: [], unavailable: [unavailable(JOB_KIND_OF[kind], error)] }
    }
    const [history, retries] = await Promise.all([
      settle(TASK_SESSION_KINDS, (k) =>
        this.reads.client.taskQuery(caller, k, newest(vm, HISTORY_SIZE), trace).then((p) => p.items),
      ),
      task.result === 'Failed' || task.result === 'Warning'
        ? this.retries(caller, task, trace).then((items): Retries => ({ items, unavailable: [] }), notRead)
        : none,
    ])
    return {
      vmDisplayName: task.vmDisplayName,
      items: newestFirst(history.values.flat()).slice(0, HISTORY_SIZE),
      retries: retries.items,
      unavailable: [...history.unavailable, ...retries.unavailable],
    }
  }

  /**
   * This machine's task sessions in the retry runs (IsRetry) of its job that came right after this run, before
   * the next scheduled one. EM links no retry to what it retried: the job's runs after this one tell.
   */
  private async retries(caller: EmCaller, task: TaskSession, trace: Trace): Promise<TaskSession[]> {
    const jobKind = JOB_KIND_OF[task.kind]
    if (!task.jobSessionId || !task.creationTime) return []
    const job = await this.reads.jobSession(caller, jobKind, task.jobSessionId, trace)
    if (!job.jobId || !job.creationTime) return []
    const after = `JobUid==${jobUrn(job.jobId)};CreationTime>${filterTime(job.creationTime)}`
    const runs = await this.reads.client.jobQuery(caller, jobKind, oldest(after, 10), trace)
    const retryRuns = new Set<string>()
    for (const run of runs.items) {
      if (run.id === job.id) continue
      if (!run.isRetry) break
      retryRuns.add(run.id)
    }
    if (retryRuns.size === 0) return []
    const filter = `VmDisplayName==${quote(task.vmDisplayName)};JobUid==${jobUrn(job.jobId)};CreationTime>${filterTime(task.creationTime)}`
    const later = await this.reads.client.taskQuery(caller, task.kind, oldest(filter, 20), trace)
    return later.items.filter((t) => t.jobSessionId !== null && retryRuns.has(t.jobSessionId))
  }

  /** The job's recent runs, and the runs right before and after this one. */
  async jobRuns(caller: EmCaller, kind: JobSessionKind, id: string, trace: Trace): Promise<JobRuns> {
    const job = await this.reads.jobSession(caller, kind, id, trace)
    const empty: JobRuns = {
      jobId: job.jobId,
      jobName: job.jobName,
      items: [],
      previous: null,
      next: null,
      unavailable: [],
    }
    if (!job.jobId || !job.creationTime) return empty
    const sameJob = `JobUid==${jobUrn(job.jobId)}`
    const at = filterTime(job.creationTime)
    const query = (q: Query) => this.reads.client.jobQuery(caller, kind, q, trace).then((p) => p.items)
    try {
      const items = await query(newest(sameJob, RUNS_SIZE))
      // Among the newest runs (newest first), this run's neighbours are in the list; EM is asked only for those
      // it is not: an older run's, or the one before the list's oldest when there are more.
      const index = items.findIndex((r) => r.id === id)
      const inList = (i: number) => index >= 0 && (i < items.length || items.length < RUNS_SIZE)
      const [previous, next] = await Promise.all([
        inList(index + 1)
          ? (items[index + 1] ?? null)
          : query(newest(`${sameJob};CreationTime<${at}`, 1)).then((runs) => runs[0] ?? null),
        inList(index - 1)
          ? (items[index - 1] ?? null)
          : // EM may keep finer times than the filter carries: this run itself can come back; skip it.
            query(oldest(`${sameJob};CreationTime>${at}`, 2)).then(
              (runs) => runs.find((r) => r.id !== id) ?? null,
            ),
      ])
      return { ...empty, items, previous, next }
    } catch (error) {
      return { ...empty, unavailable: [unavailable(kind, error)] }
    }
  }
}

/**
 * What every kind's query finds, newest first: each kind's first page, then its further pages (up to MAX_PAGES)
 * at once; a kind EM refuses becomes an `unavailable` part. A session that starts between two page reads shifts
 * the later pages, so one can come twice: it is listed once.
 */
async function recent<K extends SessionKind, T extends { id: string; creationTime: string | null }>(
  kinds: readonly K[],
  filter: string,
  read: (kind: K, q: Query) => Promise<QueryPage<T>>,
): Promise<{ items: T[]; truncated: boolean; unavailable: UnavailablePart[] }> {
  const parts = await settle(kinds, async (kind) => {
    const first = await read(kind, newest(filter, PAGE_SIZE))
    const more = Array.from({ length: Math.min(first.pagesCount, MAX_PAGES) - 1 }, (_, i) =>
      read(kind, { ...newest(filter, PAGE_SIZE), page: i + 2 }),
    )
    return { pages: [first, ...(await Promise.all(more))], truncated: first.pagesCount > MAX_PAGES }
  })
  const found = parts.values.flatMap((p) => p.pages.flatMap((page) => page.items))
  return {
    items: newestFirst([...new Map(found.map((item) => [item.id, item])).values()]),
    truncated: parts.values.some((p) => p.truncated),
    unavailable: parts.unavailable,
  }
}

const newest = (filter: string, pageSize: number): Query => ({
  filter,
  sort: 'sortDesc=CreationTime',
  pageSize,
  page: 1,
})
const oldest = (filter: string, pageSize: number): Query => ({
  filter,
  sort: 'sortAsc=CreationTime',
  pageSize,
  page: 1,
})

/**
 * A machine's runs of one job on one backup server: its name, its job (by its job session's link name) and its
 * server (by its Up link: EM federates several, and job names repeat); null when its links name no job.
 */
function runKey(task: TaskSession): string | null {
  const job = jobNameOfSessionName(upLink(task, isJobSessionKind)?.name)
  return job === null ? null : JSON.stringify([task.vmDisplayName, job, serverOf(task)])
}

/** A session's Up link to a resource of a kind (its job session's, its backup server's). */
function upLink(session: { links: readonly SessionLink[] }, isKind: (kind: string) => boolean) {
  return session.links.find((l) => l.rel === 'Up' && isKind(l.kind ?? ''))
}

const serverOf = (session: { links: readonly SessionLink[] }) =>
  upLink(session, (k) => k === 'backupServer')?.id ?? ''

const needsLook = (session: { result: string }) => session.result === 'Failed' || session.result === 'Warning'

/** Not this kind (404), or not for this account (403): the ID may still be another kind's. */
function notHere(error: unknown): boolean {
  return isBffError(error) && ['not_found', 'em_forbidden'].includes(error.code)
}

/** A fault of EM's while finding what an ID is: said as such, not as a failure to read one kind. */
function whileFinding(error: unknown, what: string): unknown {
  if (!isBffError(error) || error.status < 500) return error
  const message = `The dashboard could not tell ${what}: one of EM's answers failed. ${error.message}`
  return new BffError(error.code, message, { cause: error })
}

/** The start of a window of `days`, to the minute (so answers a few seconds apart ask EM the same). */
function windowStart(days: number): string {
  const minute = Math.floor(Date.now() / 60_000) * 60_000
  return new Date(minute - days * 24 * 3_600_000).toISOString()
}

function newestFirst<T extends { creationTime: string | null }>(items: T[]): T[] {
  return [...items].sort((a, b) => (b.creationTime ?? '').localeCompare(a.creationTime ?? ''))
}

/** Runs one read per kind; what EM refuses or fails for a kind becomes an `unavailable` part. */
async function settle<K extends SessionKind, T>(
  kinds: readonly K[],
  read: (kind: K) => Promise<T>,
): Promise<{ values: T[]; unavailable: UnavailablePart[] }> {
  const results = await Promise.allSettled(kinds.map(read))
  const values: T[] = []
  const parts: UnavailablePart[] = []
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') values.push(r.value)
    else parts.push(unavailable(kinds[i] as K, r.reason))
  })
  // Nothing at all could be read: that is the answer's error, not a part of it; refused for every kind, it says so.
  if (values.length === 0 && results[0]?.status === 'rejected') {
    const [first, ...others] = parts
    if (first?.code === 'em_forbidden' && others.length > 0 && others.every((p) => p.code === first.code)) {
      const nor = others.map((p) => `${RESOURCES[p.kind].label}s`).join(', ')
      throw new BffError('em_forbidden', `${first.message.replace(/\.$/, '')}, nor ${nor}.`)
    }
    throw results[0].reason
  }
  return { values, unavailable: parts }
}

function unavailable(kind: SessionKind, error: unknown): UnavailablePart {
  if (!isBffError(error) || error.code === 'session_expired') throw error
  return { kind, code: error.code, message: error.message }
}

/** The session kinds (as "replication task sessions") whose answer was a 403, in SESSION_KINDS order. */
function forbiddenKinds(errors: unknown[]): string[] {
  const kinds = SESSION_KINDS.filter((_, i) => isBffError(errors[i]) && errors[i].code === 'em_forbidden')
  return kinds.map((k) => `${RESOURCES[k].label}s`)
}
