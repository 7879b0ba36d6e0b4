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
import { EmHttp } from './http.ts'
import { EmSession, statusError, type Trace } from './session.ts'

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

  async replicaTaskSession(id: string, trace: Trace): Promise<ReplicaTaskSession> {
    return decodeReplicaTaskSession(await this.fetch('replicaTaskSession', `/${id}?format=Entity`, trace), id)
  }

  async replicaJobSession(id: string, trace: Trace): Promise<ReplicaJobSession> {
    return decodeReplicaJobSession(await this.fetch('replicaJobSession', `/${id}?format=Entity`, trace), id)
  }

  async replicaJobSessionTaskSessions(id: string, trace: Trace): Promise<ReplicaTaskSession[]> {
    const path = `/${id}/${RESOURCES.replicaTaskSession.segment}?format=Entity`
    return decodeReplicaTaskSessionList(await this.fetch('replicaJobSession', path, trace))
  }

  async backupServer(id: string, trace: Trace): Promise<BackupServer> {
    return decodeBackupServer(await this.fetch('backupServer', `/${id}?format=Entity`, trace), id)
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

  private async fetch(kind: ResourceKind, rest: string, trace: Trace) {
    const res = await this.session.get(`/api/${RESOURCES[kind].segment}${rest}`, trace)
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
}
