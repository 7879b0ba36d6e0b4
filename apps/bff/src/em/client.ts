import {
  type BackupServer,
  RESOURCES,
  type ReplicaJobSession,
  type ReplicaTaskSession,
  type ResourceKind,
} from '@ese/shared'
import {
  decodeBackupServer,
  decodeReplicaJobSession,
  decodeReplicaTaskSession,
  decodeReplicaTaskSessionList,
  type EmFormat,
  parseBody,
} from './decode.ts'
import { BffError } from './errors.ts'
import { asError, type Done, EmHttp, type EmResponse } from './http.ts'
import { EmSession, statusError, type Trace } from './session.ts'

type ParsedBody = ReturnType<typeof parseBody>

export type EmClientOptions = {
  origin: string
  username: string
  password: string
  format: EmFormat
  timeoutMs: number
  ca?: string | undefined
  insecure?: boolean
  maxBodyBytes?: number
}

/** EM's answer for one session is small; even a job session with a few thousand tasks stays well below this. */
const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024

/**
 * The BFF's only way to EM: builds the handful of paths it is allowed to call from validated GUIDs, and decodes
 * the answers. It never follows an href from a response.
 */
export class EmClient {
  readonly session: EmSession
  private readonly http: EmHttp

  constructor(options: EmClientOptions) {
    this.http = new EmHttp({
      origin: options.origin,
      ca: options.ca,
      insecure: options.insecure ?? false,
      timeoutMs: options.timeoutMs,
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    })
    this.session = new EmSession({
      http: this.http,
      username: options.username,
      password: options.password,
      format: options.format,
    })
  }

  get origin(): string {
    return this.http.origin
  }

  // The lookups take callbacks (http.ts, `Done`): the hot path makes no promise on its way.

  replicaTaskSession(id: string, trace: Trace, done: Done<ReplicaTaskSession>): void {
    this.fetch('replicaTaskSession', `/${id}?format=Entity`, trace, done, (body) =>
      decodeReplicaTaskSession(body, id),
    )
  }

  replicaJobSession(id: string, trace: Trace, done: Done<ReplicaJobSession>): void {
    this.fetch('replicaJobSession', `/${id}?format=Entity`, trace, done, (body) =>
      decodeReplicaJobSession(body, id),
    )
  }

  replicaJobSessionTaskSessions(id: string, trace: Trace, done: Done<ReplicaTaskSession[]>): void {
    const path = `/${id}/${RESOURCES.replicaTaskSession.segment}?format=Entity`
    this.fetch('replicaJobSession', path, trace, done, decodeReplicaTaskSessionList)
  }

  backupServer(id: string, trace: Trace, done: Done<BackupServer>): void {
    this.fetch('backupServer', `/${id}?format=Entity`, trace, done, (body) => decodeBackupServer(body, id))
  }

  /** Logs on when needed and checks EM answers its entry point: for the readiness probe. */
  async checkReady(trace: Trace): Promise<void> {
    await this.session.ensure(trace)
    trace.emCalls++
    const res = await this.http.request({
      method: 'GET',
      path: '/api/',
      headers: { Accept: 'application/xml' },
    })
    if (res.status !== 200) throw statusError(res, 'answering its entry point')
  }

  logoff(): Promise<boolean> {
    return this.session.logoff()
  }

  close(): void {
    this.http.close()
  }

  private fetch<T>(
    kind: ResourceKind,
    rest: string,
    trace: Trace,
    done: Done<T>,
    decode: (body: ParsedBody) => T,
  ): void {
    this.session.getWith(`/api/${RESOURCES[kind].segment}${rest}`, trace, (...result) => {
      if (result[0] !== null) {
        done(result[0])
        return
      }
      let value: T
      try {
        value = decode(bodyOf(kind, result[1]))
      } catch (error) {
        done(asError(error))
        return
      }
      done(null, value)
    })
  }
}

/** EM's answer to a lookup: the parsed body of a 200, or the BffError for anything else. */
function bodyOf(kind: ResourceKind, res: EmResponse): ParsedBody {
  if (res.status === 200) return parseBody(res.body, res.headers['content-type'])
  if (res.status === 404) {
    const history =
      kind === 'backupServer'
        ? ''
        : ' EM keeps session history only for a limited time (its retention policy), so an older session may have been removed.'
    throw new BffError(
      'not_found',
      `Enterprise Manager has no ${RESOURCES[kind].label} with this ID. Check the ID.${history}`,
    )
  }
  throw statusError(res, `the ${RESOURCES[kind].label} lookup`)
}
