/**
 * JSON representations. Mapping (EM_API_FACTS §6): attributes become properties; `Links` is an array of
 * `{Rel, Href, Name, Type}`; derived-type members come first, then Name, UID, then Links, Href, Type (the v10
 * BackupJobSession example); absent members are emitted as null (DECISIONS).
 */
import type { BackupServer, Job, JobSessionView, TaskSessionView } from '../data/model.ts'
import { ALL_HOURS, jobSchedule, WEEK_DAYS } from '../data/schedule.ts'
import type { ErrorInfo, PagingModel } from '../docs.ts'
import {
  api,
  backupServerLinks,
  type Ctx,
  hrefs,
  jobLinks,
  jobSessionLinks,
  jobSessionName,
  jobSessionUid,
  type Link,
  logonSessionLinks,
  type RefModel,
  SUPPORTED_VERSIONS,
  taskLinks,
  taskSessionName,
  taskUid,
  VOCAB,
} from '../links.ts'
import { formatEmTime } from '../util/time.ts'

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
export type JsonObject = { [key: string]: Json }

export function linksJson(links: Link[]): Json {
  return links.map((l) => ({ Rel: l.rel, Href: l.href, Name: l.name ?? null, Type: l.type ?? null }))
}

/** References put Links first (resource_representation_for_ke.md JSON example). */
export function refJson(ref: RefModel): JsonObject {
  return { Links: linksJson(ref.links), UID: ref.uid, Name: ref.name, Href: ref.href, Type: ref.type }
}

export function refsJson(refs: RefModel[]): JsonObject {
  return { Refs: refs.map(refJson) }
}

/**
 * A backup task's VmUid, a member of the derived type, sits after TotalSize and before the VmDisplayName attribute
 * (the v13 JSON capture, SESSIONS_QUERIES_ROLES §1.2); replica tasks have none.
 */
export function taskSessionJson(ctx: Ctx, v: TaskSessionView): JsonObject {
  const { plan: task, session } = v
  const { kind } = session.job
  const out: JsonObject = {
    JobSessionUid: jobSessionUid(session),
    CreationTimeUTC: formatEmTime(task.created),
    EndTimeUTC: v.endTime === null ? null : formatEmTime(v.endTime),
    State: v.state,
    Result: v.result,
    Reason: v.reason,
    TotalSize: v.totalSize,
  }
  if (kind === 'backup') out.VmUid = task.vmUid
  out.VmDisplayName = task.vmName
  out.Name = taskSessionName(task)
  out.UID = taskUid(session, task)
  out.Links = linksJson(taskLinks(ctx, v))
  out.Href = hrefs.taskSession(ctx, kind, task.id, true)
  out.Type = VOCAB[kind].task
  return out
}

export function jobSessionJson(ctx: Ctx, v: JobSessionView): JsonObject {
  const { plan: session } = v
  const { job } = session
  return {
    IsRetry: session.isRetry,
    JobUid: `urn:veeam:Job:${job.id}`,
    JobName: job.name,
    JobType: job.jobType,
    CreationTimeUTC: formatEmTime(session.created),
    EndTimeUTC: v.endTime === null ? null : formatEmTime(v.endTime),
    State: v.state,
    Result: v.result,
    Progress: v.progress,
    FailureMessage: v.failureMessage,
    Name: jobSessionName(session),
    UID: jobSessionUid(session),
    Links: linksJson(jobSessionLinks(ctx, session, v)),
    Href: hrefs.jobSession(ctx, job.kind, session.id, true),
    Type: VOCAB[job.kind].job,
  }
}

export function backupServerJson(ctx: Ctx, server: BackupServer): JsonObject {
  return {
    Description: server.description,
    Port: server.port,
    Version: server.version,
    WcfPort: server.wcfPort,
    VbrCertificateThumbprint: server.certificateThumbprint,
    Name: server.name,
    UID: `urn:veeam:BackupServer:${server.id}`,
    Links: linksJson(backupServerLinks(ctx, server, true)),
    Href: hrefs.backupServer(ctx, server.id, true),
    Type: 'BackupServer',
  }
}

const scheduleDays = (): Json => ({ Days: WEEK_DAYS.map((d) => ({ Name: d, Value: ALL_HOURS })) })

/** Shaped after the resource_representation_for_ke.md Job JSON (including its `RetrySpecified1` quirk). */
export function jobJson(ctx: Ctx, job: Job, now: number): JsonObject {
  const schedule = jobSchedule(job, now)
  const nextRun = formatEmTime(schedule.nextRun)
  const info = {
    Includes: {
      ObjectInJobs: job.vms.map((vm) => ({
        ObjectInJobId: vm.objectInJobId,
        HierarchyObjRef: vm.vmUid,
        Name: vm.name,
        DisplayName: vm.name,
        Links: null,
        Href: api(ctx, `jobs/${job.id}/includes/${vm.objectInJobId}`),
        Type: 'ObjectInJob',
      })),
    },
  }
  const infoFor = (type: Job['jobType'][]): Json => (type.includes(job.jobType) ? info : null)
  return {
    JobType: job.jobType,
    Platform: 'VMware',
    Description: job.description,
    ScheduleConfigured: true,
    ScheduleEnabled: true,
    NextRun: nextRun,
    JobScheduleOptions: {
      Standart: {
        RetryOptions: { RetryTimes: 3, RetryTimeout: 10, RetrySpecified1: true },
        WaitForBackupCompletion: true,
        BackupCompetitionWaitingPeriodMin: 180,
        OptionsDaily: {
          Kind: 'Everyday',
          Days: [...WEEK_DAYS],
          Time: `${nextRun.slice(0, 10)}T${schedule.time}`,
          TimeOffsetUtc: 0,
          Enabled: schedule.daily,
        },
        OptionsPeriodically: {
          Kind: 'Hours',
          FullPeriod: schedule.periodHours,
          Schedule: scheduleDays(),
          Enabled: !schedule.daily,
        },
        OptionsContinuous: { Schedule: scheduleDays(), Enabled: false },
        OptionsBackupWindow: { TimePeriods: scheduleDays(), Enabled: false },
        OptionsDaisyChaining: { PreviousJobUid: '', Enabled: false },
      },
      ImmediateCopyMode: null,
      Links: null,
      Href: '',
    },
    JobInfo: {
      BackupJobInfo: infoFor(['Backup']),
      ReplicaJobInfo: infoFor(['Replica']),
      BackupCopyJobInfo: infoFor(['BackupCopy']),
      ImmediateBackupCopyJobInfo: null,
    },
    Name: job.name,
    UID: `urn:veeam:Job:${job.id}`,
    Links: linksJson(jobLinks(ctx, job, true)),
    Href: hrefs.job(ctx, job, true),
    Type: 'Job',
  }
}

export function logonSessionJson(ctx: Ctx, sessionId: string, userName: string): JsonObject {
  return {
    UserName: userName,
    SessionId: sessionId,
    Links: linksJson(logonSessionLinks(ctx, sessionId)),
    Href: hrefs.logonSession(ctx, sessionId),
    Type: 'LogonSession',
  }
}

export function entryPointJson(ctx: Ctx): JsonObject {
  return {
    SupportedVersions: {
      SupportedVersions: SUPPORTED_VERSIONS.map((v) => ({
        Name: v,
        Links: linksJson([{ rel: 'Create', href: api(ctx, `sessionMngr/?v=${v}`), type: 'LogonSession' }]),
      })),
    },
    Links: linksJson([
      { rel: 'Down', href: api(ctx, 'logonSessions'), type: 'LogonSessionList' },
      { rel: 'Create', href: api(ctx, 'sessionMngr/?v=latest'), type: 'LogonSession' },
    ]),
    Href: null,
    Type: null,
  }
}

/** Alphabetical keys with nulls, exactly as the verbatim error.400.json. */
export function errorJson(e: ErrorInfo): JsonObject {
  return {
    FirstChanceExceptionMessage: e.firstChanceExceptionMessage,
    Message: e.message,
    StackTrace: e.stackTrace,
    Status: e.status,
    StatusCode: e.statusCode,
  }
}

export function pagingJson(p: PagingModel): JsonObject {
  return { Links: linksJson(p.links), PageNum: p.pageNum, PageSize: p.pageSize, PagesCount: p.pagesCount }
}
