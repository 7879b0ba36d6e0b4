import AxeBuilder from '@axe-core/playwright'
import type { Counters, DemoIds, UserCounters } from '@ese/em-simulator'
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
  async counters(): Promise<Counters> {
    return (await fetch(`${CONTROL_URL}/counters`)).json() as Promise<Counters>
  },
  /** One account's EM logons, logoffs and failed logons so far (zeros before its first attempt). */
  async userCounters(username: string): Promise<UserCounters> {
    return (await control.counters()).byUser[username] ?? { logons: 0, logoffs: 0, failedLogons: 0 }
  },
}

/** The job of the simulator whose sessions are driven by its live clock (packages/em-simulator catalog). */
const LIVE_JOB_NAME = 'Tier-1 Continuous Replication'

/**
 * A task session of the simulator's live job that is running (or waiting to run) right now, found the way an
 * operator's script would: EM's query service, filtered on State and job, sorted by creation time. Only the live
 * job runs on `E2E.liveTaskMs`; scheduled demo jobs that happen to be running at the wall-clock time of the test
 * take real minutes per VM. Of the pending tasks, the newest waits for every VM before it: it is taken while at
 * least one other waits too, so it starts a task's time (`E2E.liveTaskMs`) or more from now, long enough to open
 * its page and see it Pending (the next to run may start at once). Otherwise this waits for the next session.
 */
export function findRunningTaskSession(state: 'InProgress' | 'Pending' = 'InProgress'): Promise<string> {
  return queryLiveJob(state, 'sortDesc', (text) => {
    const uids = [...text.matchAll(/"UID":\s*"urn:veeam:ReplicaTaskSession:([0-9a-f-]{36})"/g)]
    return state === 'InProgress' || uids.length >= 2 ? uids[0]?.[1] : undefined
  })
}

/**
 * A job session of the live job with at least three machines still waiting their turn: the last of them starts
 * two tasks' time (`E2E.liveTaskMs`) or more from now, long enough to open its page and see them Pending.
 */
export function findLiveJobSessionWaiting(): Promise<string> {
  return queryLiveJob('Pending', 'sortAsc', (text) => {
    const jobs = [...text.matchAll(/"JobSessionUid":\s*"urn:veeam:ReplicaJobSession:([0-9a-f-]{36})"/gi)]
    const first = jobs[0]?.[1]
    return first && jobs.filter((j) => j[1] === first).length >= 3 ? first : undefined
  })
}

/** Polls EM's query service for the live job's task sessions in `state` until `pick` finds what it wants. */
async function queryLiveJob(
  state: 'InProgress' | 'Pending',
  sort: 'sortAsc' | 'sortDesc',
  pick: (text: string) => string | undefined,
): Promise<string> {
  const auth = `Basic ${Buffer.from(`${E2E.username}:${E2E.password}`).toString('base64')}`
  const logon = await fetch(`${SIM_URL}/api/sessionMngr/?v=latest`, {
    method: 'POST',
    headers: { Authorization: auth },
  })
  const token = logon.headers.get('x-restsvcsessionid') ?? ''
  const filter = encodeURIComponent(`State==${state};JobName=="${LIVE_JOB_NAME}"`)
  const deadline = Date.now() + 60_000
  for (;;) {
    const res = await fetch(
      `${SIM_URL}/api/query?type=ReplicaTaskSession&format=Entities&${sort}=CreationTime&pageSize=5&filter=${filter}`,
      { headers: { 'X-RestSvcSessionId': token, Accept: 'application/json' } },
    )
    const text = (await res.text()).replace(/^\uFEFF/, '')
    const found = pick(text)
    if (found) return found
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
  consoleProblems: {
    errors: string[]
    /**
     * The test provokes failed requests on purpose: Chromium's "Failed to load resource" errors for these HTTP
     * statuses (any 4xx or 5xx when none are given) are not problems.
     */
    allowFailedRequests(...statuses: number[]): void
  }
}

export const test = base.extend<Fixtures>({
  consoleProblems: [
    async ({ page }, use) => {
      const errors: string[] = []
      // null: none allowed; empty: any 4xx or 5xx.
      let allowedStatuses: number[] | null = null
      page.on('console', (msg) => {
        if (msg.type() !== 'error' && !/Content.Security.Policy/i.test(msg.text())) return
        // Chromium logs every non-2xx fetch as a console error; tests that provoke one on purpose allow it.
        const failed = /Failed to load resource: the server responded with a status of ([45]\d\d)/.exec(
          msg.text(),
        )
        if (
          failed &&
          allowedStatuses !== null &&
          (allowedStatuses.length === 0 || allowedStatuses.includes(Number(failed[1])))
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
        allowFailedRequests: (...statuses: number[]) => {
          allowedStatuses = statuses
        },
      })
      expect(errors, 'console errors or CSP violations').toEqual([])
    },
    { auto: true },
  ],
})

export { expect }

/** An EM account of the simulator (see USERS in ports.ts). */
export type Account = { username: string; password: string }

/** Fills in and sends the sign-in form the page shows. */
export async function signIn(page: Page, account: Account): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
  await page.getByRole('textbox', { name: 'User name' }).fill(account.username)
  await page.getByLabel('Password', { exact: true }).fill(account.password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
}

/**
 * A client address of its own for this test, sent as X-Forwarded-For to the sign-in BFF (TRUST_PROXY=true): the
 * BFF counts failed sign-ins per address, and every test comes from 127.0.0.1, so without this one test's wrong
 * passwords could lock the next test out.
 */
export async function useOwnAddress(page: Page): Promise<string> {
  const byte = () => Math.floor(Math.random() * 254) + 1
  const address = `10.${byte()}.${byte()}.${byte()}`
  await page.setExtraHTTPHeaders({ 'X-Forwarded-For': address })
  return address
}
