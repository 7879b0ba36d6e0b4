import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ReplicaTaskSession } from '@ese/shared'
import { describe, expect, it } from 'vitest'
import type { EmClient } from './em/client.ts'
import type { Done } from './em/http.ts'
import type { Trace } from './em/session.ts'
import type { Logger } from './log.ts'
import { lookupFastPath } from './lookup-fast-path.ts'
import { Lookups } from './lookups.ts'

const IDS = [
  '3d3bcba6-c982-45af-93c8-2ebf4c5aebaf',
  '24590151-20cd-4e57-8a2f-8b65869a1879',
  '0e0a6a4e-7c83-4d5e-9a51-2f4b1f3c8d10',
]

const finished = (id: string): ReplicaTaskSession => ({
  id,
  uid: `urn:veeam:ReplicaTaskSession:${id}`,
  name: 'vm',
  vmDisplayName: 'vm',
  jobSessionId: null,
  state: 'Completed',
  result: 'Success',
  reason: '',
  totalSize: 1,
  creationTime: '2026-11-28T10:00:00.000Z',
  endTime: '2026-11-28T10:05:00.000Z',
  links: [],
})

const em = {
  replicaTaskSession(id: string, _trace: Trace, done: Done<ReplicaTaskSession>) {
    setImmediate(() => done(null, finished(id)))
  },
} as unknown as EmClient

type Written = { status: number; headers: string[]; body: string }

function exchange(id: string, writeHead?: () => never) {
  const written: Written[] = []
  const res = {
    headersSent: false,
    destroyed: false,
    writeHead(status: number, headers: string[]) {
      writeHead?.()
      written.push({ status, headers: [...headers], body: '' })
      return res
    },
    end(body: Buffer) {
      const last = written.at(-1)
      if (last) last.body = body.toString()
      res.headersSent = true
    },
    destroy() {
      res.destroyed = true
    },
  }
  const req = { method: 'GET', url: `/api/replicaTaskSessions/${id}`, headers: { host: 'localhost:3000' } }
  return { req: req as unknown as IncomingMessage, res, written }
}

function capturingLogger() {
  const lines: Array<{ msg: string; fields?: Record<string, unknown> }> = []
  const logger: Logger = {
    info: (msg, fields) => lines.push({ msg, fields }),
    warn: (msg, fields) => lines.push({ msg, fields }),
    error: (msg, fields) => lines.push({ msg, fields }),
    request: (fields) => lines.push({ msg: 'request', fields }),
    flush() {},
  }
  return { logger, lines }
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('the lookup fast path', () => {
  it('writes the answers ready in one turn together, after its I/O callbacks, each with its length and log line', async () => {
    const lookups = new Lookups(em)
    for (const id of IDS) await lookups.load('task', id, { emCalls: 0 })
    const { logger, lines } = capturingLogger()
    const serve = lookupFastPath(lookups, logger)
    const exchanges = IDS.map((id) => exchange(id))
    for (const { req, res } of exchanges) {
      expect(serve(req, res as unknown as ServerResponse)).toBe(true)
    }
    // All three were cached, so all three are ready now; none is written yet.
    expect(exchanges.map((e) => e.written.length)).toEqual([0, 0, 0])
    await turn()
    exchanges.forEach(({ written }, i) => {
      expect(written).toHaveLength(1)
      const [answer] = written
      expect(answer?.status).toBe(200)
      expect(JSON.parse(answer?.body ?? '')).toMatchObject({ id: IDS[i] })
      const at = answer?.headers.indexOf('content-length') ?? -1
      expect(answer?.headers[at + 1]).toBe(String(Buffer.byteLength(answer?.body ?? '')))
    })
    expect(lines.map((l) => [l.msg, l.fields?.path, l.fields?.emCalls])).toEqual(
      IDS.map((id) => ['request', `/api/replicaTaskSessions/${id}`, 0]),
    )
  })

  it('an answer that cannot be written closes its connection and is logged; the others are still written', async () => {
    const lookups = new Lookups(em)
    for (const id of IDS) await lookups.load('task', id, { emCalls: 0 })
    const { logger, lines } = capturingLogger()
    const serve = lookupFastPath(lookups, logger)
    const broken = exchange(IDS[0] ?? '', () => {
      throw new Error('socket gone')
    })
    const fine = exchange(IDS[1] ?? '')
    serve(broken.req, broken.res as unknown as ServerResponse)
    serve(fine.req, fine.res as unknown as ServerResponse)
    await turn()
    expect(broken.res.destroyed).toBe(true)
    expect(fine.written.map((w) => w.status)).toEqual([200])
    expect(lines.map((l) => l.msg)).toEqual(['answer not sent', 'request'])
    expect(lines[0]?.fields).toEqual({ error: 'socket gone', path: `/api/replicaTaskSessions/${IDS[0]}` })
  })
})
