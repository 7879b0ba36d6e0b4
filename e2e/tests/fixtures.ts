import AxeBuilder from '@axe-core/playwright'
import type { DemoIds } from '@ese/em-simulator'
import { test as base, expect, type Page } from '@playwright/test'
import { CONTROL_URL, E2E, SIM_URL } from '../ports.ts'

/** The simulator's control endpoint (faults, counters, session expiry), outside EM's API. */
export const control = {
  async demo(): Promise<DemoIds> {
    return (await fetch(`${CONTROL_URL}/demo`)).json() as Promise<DemoIds>
  },
  async setFaults(faults: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${CONTROL_URL}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(faults),
    })
    expect(res.ok).toBe(true)
  },
  async clearFaults(): Promise<void> {
    expect((await fetch(`${CONTROL_URL}/faults`, { method: 'DELETE' })).ok).toBe(true)
  },
  async expireSessions(): Promise<void> {
    expect((await fetch(`${CONTROL_URL}/sessions/expire`, { method: 'POST' })).ok).toBe(true)
  },
  async counters(): Promise<{ logons: number; requests: number; requestsByPath: Record<string, number> }> {
    return (await fetch(`${CONTROL_URL}/counters`)).json() as Promise<{
      logons: number
      requests: number
      requestsByPath: Record<string, number>
    }>
  },
}

/** The job of the simulator whose sessions are driven by its live clock (packages/em-simulator catalog). */
const LIVE_JOB_NAME = 'Tier-1 Continuous Replication'

/**
 * A task session of the simulator's live job that is running (or waiting to run) right now, found the way an
 * operator's script would: EM's query service, filtered on State and job, sorted by creation time. Only the live
 * job runs on `E2E.liveTaskMs`; scheduled demo jobs that happen to be running at the wall-clock time of the test
 * take real minutes per VM. Of the pending tasks, the one created first runs next (the newest waits for every VM
 * before it). While the live job's last VM runs there is none pending, so this waits for the next session.
 */
export async function findRunningTaskSession(
  state: 'InProgress' | 'Pending' = 'InProgress',
): Promise<string> {
  const auth = `Basic ${Buffer.from(`${E2E.username}:${E2E.password}`).toString('base64')}`
  const logon = await fetch(`${SIM_URL}/api/sessionMngr/?v=latest`, {
    method: 'POST',
    headers: { Authorization: auth },
  })
  const token = logon.headers.get('x-restsvcsessionid') ?? ''
  const filter = encodeURIComponent(`State==${state};JobName=="${LIVE_JOB_NAME}"`)
  const sort = state === 'Pending' ? 'sortAsc' : 'sortDesc'
  const deadline = Date.now() + 30_000
  for (;;) {
    const res = await fetch(
      `${SIM_URL}/api/query?type=ReplicaTaskSession&format=Entities&${sort}=CreationTime&pageSize=5&filter=${filter}`,
      { headers: { 'X-RestSvcSessionId': token, Accept: 'application/json' } },
    )
    const text = (await res.text()).replace(/^\uFEFF/, '')
    const uid = /"UID":\s*"urn:veeam:ReplicaTaskSession:([0-9a-f-]{36})"/.exec(text)?.[1]
    if (uid) return uid
    if (Date.now() > deadline)
      throw new Error(`no ${state} task session in the live job: ${text.slice(0, 300)}`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

/** axe-core on the current page: no serious or critical violations. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze()
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `accessibility violations on ${label}`,
  ).toEqual([])
}

type Fixtures = {
  /** Console errors and CSP violations seen by the page; checked after every test. */
  consoleProblems: { errors: string[]; allowFailedRequests(): void }
}

export const test = base.extend<Fixtures>({
  consoleProblems: [
    async ({ page }, use) => {
      const errors: string[] = []
      let allowFailedRequests = false
      page.on('console', (msg) => {
        if (msg.type() !== 'error' && !/Content.Security.Policy/i.test(msg.text())) return
        // Chromium logs every non-2xx fetch as a console error; tests that provoke one on purpose allow it.
        if (
          allowFailedRequests &&
          /Failed to load resource: the server responded with a status of (4|5)\d\d/.test(msg.text())
        ) {
          return
        }
        errors.push(`${msg.type()}: ${msg.text()}`)
      })
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)
        })
      })
      await use({
        errors,
        allowFailedRequests: () => {
          allowFailedRequests = true
        },
      })
      expect(errors, 'console errors or CSP violations').toEqual([])
    },
    { auto: true },
  ],
})

export { expect }
