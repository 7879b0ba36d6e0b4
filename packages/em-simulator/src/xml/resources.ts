/**
 * XML representations, element and attribute names and order as in the verbatim examples (the shared reference
 * material beside the repository, shared/em-api/examples and examples-backup-and-query) and EM_API_FACTS §8.
 * Null members are omitted; empty strings are `<X />`.
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
import { el, elList, textEl, type XmlElement } from './writer.ts'

/** Link attributes in the order the v13.1 real-server examples print them: Href, Name, Type, Rel. */
export function linksXml(links: Link[]): XmlElement {
  return el(
    'Links',
    [],
    links.map((l) =>
      el('Link', [
        ['Href', l.href],
        ['Name', l.name],
        ['Type', l.type],
        ['Rel', l.rel],
      ]),
    ),
  )
}

export function refXml(ref: RefModel, element: 'EntityRef' | 'Ref'): XmlElement {
  return el(
    element,
    [
      ['Href', ref.href],
      ['Type', ref.type],
      ['Name', ref.name],
      ['UID', ref.uid],
    ],
    [linksXml(ref.links)],
  )
}

/** A list of references, each built only when written (see elList). */
export function refsXml<T>(
  items: readonly T[],
  toRef: (item: T) => RefModel,
  element = 'EntityReferences',
): XmlElement {
  return elList(element, items, (item) => refXml(toRef(item), 'Ref'))
}

/**
 * ReplicaTaskSession / BackupTaskSession: the same members in the same order; a backup task adds VmUid last
 * (get_backuptasksessions_id.md, the v13.1 example), omitted when it processed no VM (agent computer, share).
 */
export function taskSessionXml(ctx: Ctx, v: TaskSessionView): XmlElement {
  const { plan: task, session } = v
  const { kind } = session.job
  const type = VOCAB[kind].task
  return el(
    type,
    [
      ['Href', hrefs.taskSession(ctx, kind, task.id, true)],
      ['Type', type],
      ['Name', taskSessionName(task)],
      ['UID', taskUid(session, task)],
      ['VmDisplayName', task.vmName],
    ],
    [
      linksXml(taskLinks(ctx, v)),
      textEl('JobSessionUid', jobSessionUid(session)),
      textEl('CreationTimeUTC', formatEmTime(task.created)),
      // Not ended yet: no EndTimeUTC element at all (DECISIONS).
      textEl('EndTimeUTC', v.endTime === null ? null : formatEmTime(v.endTime)),
      textEl('State', v.state),
      textEl('Result', v.result),
      textEl('Reason', v.reason),
      textEl('TotalSize', v.totalSize),
      kind === 'backup' ? textEl('VmUid', task.vmUid) : null,
    ],
  )
}

export function jobSessionXml(ctx: Ctx, v: JobSessionView): XmlElement {
  const { plan: session } = v
  const { job } = session
  const type = VOCAB[job.kind].job
  return el(
    type,
    [
      ['Href', hrefs.jobSession(ctx, job.kind, session.id, true)],
      ['Type', type],
      ['Name', jobSessionName(session)],
      ['UID', jobSessionUid(session)],
    ],
    [
      linksXml(jobSessionLinks(ctx, session, v)),
      textEl('JobUid', `urn:veeam:Job:${job.id}`),
      textEl('JobName', job.name),
      textEl('JobType', job.jobType),
      textEl('CreationTimeUTC', formatEmTime(session.created)),
      textEl('EndTimeUTC', v.endTime === null ? null : formatEmTime(v.endTime)),
      textEl('State', v.state),
      textEl('Result', v.result),
      textEl('Progress', v.progress),
      // JobSessionEntityType's FailureMessage comes before the derived type's IsRetry; null → omitted.
      textEl('FailureMessage', v.failureMessage),
      textEl('IsRetry', session.isRetry),
    ],
  )
}

export function backupServerXml(ctx: Ctx, server: BackupServer): XmlElement {
  return el(
    'BackupServer',
    [
      ['Href', hrefs.backupServer(ctx, server.id, true)],
      ['Type', 'BackupServer'],
      ['Name', server.name],
      ['UID', `urn:veeam:BackupServer:${server.id}`],
    ],
    [
      linksXml(backupServerLinks(ctx, server, true)),
      textEl('Description', server.description),
      textEl('Port', server.port),
      textEl('Version', server.version),
      // v12+ members (get_backupservers_id.md), after the v8-era ones of the example.
      textEl('WcfPort', server.wcfPort),
      textEl('VbrCertificateThumbprint', server.certificateThumbprint),
    ],
  )
}

const scheduleDays = (name: string): XmlElement =>
  el(
    name,
    [],
    WEEK_DAYS.map((d) => ({ name: 'Day', attrs: [['Name', d]], children: [], text: ALL_HOURS })),
  )

export function jobXml(ctx: Ctx, job: Job, now: number): XmlElement {
  const schedule = jobSchedule(job, now)
  return el(
    'Job',
    [
      ['Href', hrefs.job(ctx, job, true)],
      ['Type', 'Job'],
      ['Name', job.name],
      ['UID', `urn:veeam:Job:${job.id}`],
    ],
    [
      linksXml(jobLinks(ctx, job, true)),
      textEl('JobType', job.jobType),
      textEl('Platform', 'VMware'),
      textEl('Description', job.description),
      textEl('ScheduleConfigured', true),
      textEl('ScheduleEnabled', true),
      textEl('NextRun', formatEmTime(schedule.nextRun)),
      el(
        'JobScheduleOptions',
        [],
        [
          el(
            'Standart',
            [],
            [
              el(
                'RetryOptions',
                [],
                [textEl('RetryTimes', 3), textEl('RetryTimeout', 10), textEl('RetrySpecified', true)],
              ),
              textEl('WaitForBackupCompletion', true),
              textEl('BackupCompetitionWaitingPeriodMin', 180),
              el(
                'OptionsDaily',
                [['Enabled', schedule.daily]],
                [
                  textEl('Kind', 'Everyday'),
                  ...WEEK_DAYS.map((d) => textEl('Days', d)),
                  textEl('Time', `${schedule.time}.0000000+00:00`),
                  textEl('TimeOffsetUtc', 0),
                ],
              ),
              el(
                'OptionsPeriodically',
                [['Enabled', !schedule.daily]],
                [
                  textEl('Kind', 'Hours'),
                  textEl('FullPeriod', schedule.periodHours),
                  scheduleDays('Schedule'),
                ],
              ),
              el('OptionsContinuous', [['Enabled', false]], [scheduleDays('Schedule')]),
              el('OptionsBackupWindow', [['Enabled', false]], [scheduleDays('TimePeriods')]),
              el('OptionsDaisyChaining', [['Enabled', false]], [textEl('PreviousJobUid', '')]),
            ],
          ),
        ],
      ),
      el(
        'JobInfo',
        [],
        [
          el(
            jobInfoName(job),
            [],
            [
              el(
                'Includes',
                [],
                job.vms.map((vm) =>
                  el(
                    'ObjectInJob',
                    [
                      ['Type', 'ObjectInJob'],
                      ['Href', api(ctx, `jobs/${job.id}/includes/${vm.objectInJobId}`)],
                    ],
                    [
                      textEl('ObjectInJobId', vm.objectInJobId),
                      textEl('HierarchyObjRef', vm.vmUid),
                      textEl('Name', vm.name),
                      textEl('DisplayName', vm.name),
                    ],
                  ),
                ),
              ),
            ],
          ),
        ],
      ),
    ],
  )
}

/** JobInfo's member for the job's type (jobs_id.md: BackupJobInfo, ReplicaJobInfo, BackupCopyJobInfo…). */
export function jobInfoName(job: Job): string {
  return job.jobType === 'Replica'
    ? 'ReplicaJobInfo'
    : job.jobType === 'BackupCopy'
      ? 'BackupCopyJobInfo'
      : 'BackupJobInfo'
}

export function logonSessionXml(ctx: Ctx, sessionId: string, userName: string): XmlElement {
  return el(
    'LogonSession',
    [
      ['Href', hrefs.logonSession(ctx, sessionId)],
      ['Type', 'LogonSession'],
    ],
    [
      linksXml(logonSessionLinks(ctx, sessionId)),
      textEl('UserName', userName),
      textEl('SessionId', sessionId),
    ],
  )
}

/** The verbatim entry-point document (EM_API_FACTS §1.1): no Href/Type on the root. */
export function entryPointXml(ctx: Ctx): XmlElement {
  return el(
    'EnterpriseManager',
    [],
    [
      linksXml([
        { rel: 'Down', href: api(ctx, 'logonSessions'), type: 'LogonSessionList' },
        { rel: 'Create', href: api(ctx, 'sessionMngr/?v=latest'), type: 'LogonSession' },
      ]),
      el(
        'SupportedVersions',
        [],
        SUPPORTED_VERSIONS.map((v) =>
          el(
            'SupportedVersion',
            [['Name', v]],
            [linksXml([{ rel: 'Create', href: api(ctx, `sessionMngr/?v=${v}`), type: 'LogonSession' }])],
          ),
        ),
      ),
    ],
  )
}

/** ErrorType: @Message, @StatusCode, @Status, then FirstChanceExceptionMessage and StackTrace when set. */
export function errorXml(e: ErrorInfo): XmlElement {
  return el(
    'Error',
    [
      ['Message', e.message],
      ['StatusCode', e.statusCode],
      ['Status', e.status],
    ],
    [
      textEl('FirstChanceExceptionMessage', e.firstChanceExceptionMessage),
      textEl('StackTrace', e.stackTrace),
    ],
  )
}

export function pagingXml(p: PagingModel): XmlElement {
  return el(
    'PagingInfo',
    [
      ['PageNum', p.pageNum],
      ['PageSize', p.pageSize],
      ['PagesCount', p.pagesCount],
    ],
    [linksXml(p.links)],
  )
}
