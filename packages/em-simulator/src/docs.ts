/**
 * Documents: each resource representation rendered on demand in the negotiated format. Handlers build a Doc
 * without knowing the format; the response layer picks `xml()` or `json()`.
 */
import type { BackupServer, Job, JobSessionView, SessionKind, TaskSessionView } from './data/model.ts'
import * as J from './json/resources.ts'
import { serializeJson } from './json/writer.ts'
import {
  backupServerRef,
  type Ctx,
  jobRef,
  jobSessionRef,
  type Link,
  type RefModel,
  taskSessionRef,
  VOCAB,
} from './links.ts'
import type { JsonCase } from './types.ts'
import * as X from './xml/resources.ts'
import { el, elList, serializeXml, type XmlElement } from './xml/writer.ts'

export type Doc = { xml(): string; json(casing: JsonCase): string }

export type ErrorInfo = {
  message: string
  statusCode: number
  status: string | null
  firstChanceExceptionMessage: string | null
  stackTrace: string | null
}

export type PagingModel = { pageNum: number; pageSize: number; pagesCount: number; links: Link[] }

const doc = (xml: () => XmlElement, json: () => J.Json): Doc => ({
  xml: () => serializeXml(xml()),
  json: (casing) => serializeJson(json(), casing),
})

/** A resource kind that has a reference, an entity and list forms. */
type Kind<T> = {
  ref: (ctx: Ctx, item: T) => RefModel
  entityXml: (ctx: Ctx, item: T) => XmlElement
  entityJson: (ctx: Ctx, item: T) => J.JsonObject
  /** Entity list element, e.g. ReplicaTaskSessions (mapping_link_types_to_xml_schema.md). */
  list: string
}

const taskKind = (kind: SessionKind): Kind<TaskSessionView> => ({
  ref: (ctx, v) => taskSessionRef(ctx, v.session, v.plan),
  entityXml: X.taskSessionXml,
  entityJson: J.taskSessionJson,
  list: `${VOCAB[kind].task}s`,
})

const jobSessionKind = (kind: SessionKind): Kind<JobSessionView> => ({
  ref: (ctx, v) => jobSessionRef(ctx, v.plan),
  entityXml: X.jobSessionXml,
  entityJson: J.jobSessionJson,
  list: `${VOCAB[kind].job}s`,
})

/** ReplicaTaskSessions / BackupTaskSessions. */
export const TASK_SESSION: Record<SessionKind, Kind<TaskSessionView>> = {
  replica: taskKind('replica'),
  backup: taskKind('backup'),
}

/** ReplicaJobSessions / BackupJobSessions. */
export const JOB_SESSION: Record<SessionKind, Kind<JobSessionView>> = {
  replica: jobSessionKind('replica'),
  backup: jobSessionKind('backup'),
}

export const BACKUP_SERVER: Kind<BackupServer> = {
  ref: backupServerRef,
  entityXml: X.backupServerXml,
  entityJson: J.backupServerJson,
  list: 'BackupServers',
}

export function jobKind(now: number): Kind<Job> {
  return {
    ref: jobRef,
    entityXml: (ctx, job) => X.jobXml(ctx, job, now),
    entityJson: (ctx, job) => J.jobJson(ctx, job, now),
    list: 'Jobs',
  }
}

/** A single resource: `EntityRef` by default, the entity with `?format=Entity`. */
export function single<T>(kind: Kind<T>, ctx: Ctx, item: T, entity: boolean): Doc {
  return entity
    ? doc(
        () => kind.entityXml(ctx, item),
        () => kind.entityJson(ctx, item),
      )
    : doc(
        () => X.refXml(kind.ref(ctx, item), 'EntityRef'),
        () => J.refJson(kind.ref(ctx, item)),
      )
}

/** A collection: `EntityReferences` / `{"Refs":[…]}` by default, `<Xs>` / `{"Xs":[…]}` with ?format=Entity. */
export function collection<T>(kind: Kind<T>, ctx: Ctx, items: T[], entity: boolean): Doc {
  return entity
    ? doc(
        () => elList(kind.list, items, (i) => kind.entityXml(ctx, i)),
        () => ({ [kind.list]: items.map((i) => kind.entityJson(ctx, i)) }),
      )
    : doc(
        () => X.refsXml(items, (i) => kind.ref(ctx, i)),
        () => J.refsJson(items.map((i) => kind.ref(ctx, i))),
      )
}

/**
 * QueryResult (get_query_replicatasksession.md; EM_API_FACTS §4.2): Refs or Entities (double-nested list),
 * then PagingInfo. JSON emits the absent members as null, as the v10 capture does.
 */
export function queryResult<T>(
  kind: Kind<T>,
  ctx: Ctx,
  items: T[],
  entity: boolean,
  paging: PagingModel,
): Doc {
  return doc(
    () =>
      el(
        'QueryResult',
        [],
        [
          entity
            ? el('Entities', [], [elList(kind.list, items, (i) => kind.entityXml(ctx, i))])
            : X.refsXml(items, (i) => kind.ref(ctx, i), 'Refs'),
          X.pagingXml(paging),
        ],
      ),
    () => ({
      Refs: entity ? null : J.refsJson(items.map((i) => kind.ref(ctx, i))),
      Entities: entity ? { [kind.list]: { [kind.list]: items.map((i) => kind.entityJson(ctx, i)) } } : null,
      Resources: null,
      Links: null,
      PagingInfo: J.pagingJson(paging),
    }),
  )
}

export function entryPointDoc(ctx: Ctx): Doc {
  return doc(
    () => X.entryPointXml(ctx),
    () => J.entryPointJson(ctx),
  )
}

export function logonSessionDoc(ctx: Ctx, sessionId: string, userName: string): Doc {
  return doc(
    () => X.logonSessionXml(ctx, sessionId, userName),
    () => J.logonSessionJson(ctx, sessionId, userName),
  )
}

/** LogonSessionListType: `<LogonSessions>` of `<LogonSession>`; JSON `{"LogonSessions":[…]}`. */
export function logonSessionsDoc(ctx: Ctx, sessions: { id: string; userName: string }[]): Doc {
  return doc(
    () =>
      el(
        'LogonSessions',
        [],
        sessions.map((s) => X.logonSessionXml(ctx, s.id, s.userName)),
      ),
    () => ({ LogonSessions: sessions.map((s) => J.logonSessionJson(ctx, s.id, s.userName)) }),
  )
}

export function errorDoc(info: ErrorInfo): Doc {
  return {
    xml: () => serializeXml(X.errorXml(info), { nsLast: true }),
    json: (casing) => serializeJson(J.errorJson(info), casing),
  }
}
