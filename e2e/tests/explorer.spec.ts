// The explorer's panels on the pages: Needs attention (home), the retry verdict and Recent runs of this machine
// (task session page), the job's runs with previous / next and their keys (job session page), the backup
// server's job sessions, and Raw EM answer / Copy as curl / Copy summary on every session page.
import { execFileSync } from 'node:child_process'
import { PORTAL_USER_JOB_NAMES } from '@ese/em-simulator'
import type { APIRequestContext, Locator, Page } from '@playwright/test'
import { BASE_URL, E2E, EM_AUTH_URL, SIM_URL, USERS } from '../ports.ts'
import { control, expect, expectAccessible, signIn, test, useOwnAddress } from './fixtures.ts'

test.afterEach(async () => {
  await control.clearFaults()
})

type Session = {
  id: string
  kind: string
  name: string
  jobName?: string
  vmDisplayName?: string
  jobSessionId?: string
  result: string
  reason?: string
  creationTime?: string | null
  links?: { rel: string; kind: string | null; name: string | null }[]
}
type JobRuns = { jobName: string; items: Session[]; previous: Session | null; next: Session | null }
type RawAnswer = { method: string; url: string; accept: string; status: number; body: string }

async function api<T>(request: APIRequestContext, path: string): Promise<T> {
  const res = await request.get(`${BASE_URL}/api${path}`)
  expect(res.status(), `GET /api${path}`).toBe(200)
  return (await res.json()) as T
}

/** A link whose target is `path` (the dashboard's own page of a session). */
function linkTo(scope: Locator | Page, path: string): Locator {
  const page = 'page' in scope ? scope.page() : scope
  return scope.getByRole('link').and(page.locator(`[href="${path}"]`))
}

/** The element marked as the current page inside `scope` (the run or session the page shows). */
function currentIn(scope: Locator): Locator {
  return scope.locator('[aria-current="page"]')
}

/**
 * A run's group in Needs attention (its heading links to `path`): a job's run to look at first, or another run of
 * the job folded under it, which this opens.
 */
async function attentionGroup(panel: Locator, path: string): Promise<Locator> {
  const page = panel.page()
  const heading = `:is(h3, h4) a[href="${path}"]`
  await expect(panel.locator(heading)).toHaveCount(1)
  if (!(await panel.locator(heading).isVisible()))
    await panel
      .locator('details')
      .filter({ has: page.locator(heading) })
      .locator('summary')
      .click()
  await expect(panel.locator(heading)).toBeVisible()
  // The innermost item whose heading it is: a folded run's item sits inside its job's first run's.
  return panel
    .locator('li')
    .filter({ has: page.locator(heading) })
    .last()
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

test('Needs attention: the failed and warning machines of the last 24 hours by job session, folded by job, 7 days on request', async ({
  page,
  request,
}) => {
  const demo = await control.demo()
  const job = await api<Session>(request, `/backupSessions/${demo.backupFailedJobSessionId}`)
  // The run of 'SQL Server Backup' that ended in the day before the simulator started: a failed, a warning and
  // a failed machine (the one its retry fixed).
  const tasks = await Promise.all(
    [demo.backupFailedTaskSessionId, demo.backupWarningTaskSessionId, demo.retryFixedFailedTaskSessionId].map(
      (id) => api<Session>(request, `/backupTaskSessions/${id}`),
    ),
  )
  await page.goto('/')
  const panel = page.getByRole('region', { name: 'Needs attention' })
  await expect(panel.getByRole('radio', { name: 'Last 24 hours' })).toBeChecked()
  await expect(
    panel.getByText(/^\d+ failed · \d+ warnings? · \d+ job sessions? in the last 24 hours$/),
  ).toBeVisible()

  // One entry per job: its newest run with a failure still open first (its retry, where the failed machine
  // failed again), this run folded under it with the job's other runs; opened, it is a group of its own.
  await expect(
    panel.getByRole('heading', { level: 3, name: new RegExp(escapeRegExp(job.name)) }),
  ).toHaveCount(0)
  const group = await attentionGroup(panel, `/backupSessions/${job.id}`)
  await expect(group.getByRole('heading', { level: 4 })).toBeVisible()
  // The job's earlier runs in the window (random in the demo) may have succeeded since; this one has not.
  await expect(
    panel
      .locator('details')
      .filter({ has: page.locator(`a[href="/backupSessions/${job.id}"]`) })
      .locator('summary'),
  ).toHaveText(/^\d+ more runs? of this job in the last 24 hours \((all|\d+) still open\)$/)
  // What since succeeded is counted apart: the counts are what still needs attention.
  await expect(group.getByRole('heading', { level: 4 })).toContainText(
    '1 failed, 1 warning, 1 since succeeded',
  )
  // Runs with a failure still open come first (machines that failed, or a run that failed as a whole).
  await expect(panel.getByRole('heading', { level: 3 }).first()).toContainText(/(\d+|run) failed/)
  await expect(linkTo(group, `/backupSessions/${job.id}`)).toHaveText(job.name)
  const item = (id: string) =>
    group.getByRole('listitem').filter({ has: linkTo(page, `/backupTaskSessions/${id}`) })
  for (const task of tasks) {
    await expect(item(task.id)).toContainText(`Result: ${task.result}`)
    await expect(item(task.id).getByRole('link').first()).toHaveText(task.vmDisplayName ?? '')
  }
  // The machine the retry fixed failed all the same, but no longer needs attention: it says so, links to the
  // retry's run, and comes after the machines still failing or warning.
  await expect(group.getByRole('heading', { level: 4 })).toContainText('1 since succeeded')
  await expect(panel.getByText(/^\d+ more failed or warned and (has|have) since succeeded/)).toBeVisible()
  const fixedItem = item(demo.retryFixedFailedTaskSessionId)
  await expect(fixedItem.getByRole('link', { name: 'Succeeded later' })).toHaveAttribute(
    'href',
    `/backupTaskSessions/${demo.retryFixedTaskSessionId}`,
  )
  for (const id of [demo.backupFailedTaskSessionId, demo.backupWarningTaskSessionId])
    await expect(item(id).getByRole('link', { name: 'Succeeded later' })).toHaveCount(0)
  await expect(group.getByRole('listitem').last()).toContainText('Succeeded later')
  // "Show all" only where there is more to read: a reason cut at this width, or one of several lines.
  const offers = await panel.locator('p[title]').evaluateAll((reasons) =>
    reasons.map((p) => ({
      more: p.scrollWidth > p.clientWidth + 1 || (p.getAttribute('title') ?? '').includes('\n'),
      button: Boolean(p.parentElement?.querySelector('button')),
    })),
  )
  expect(offers.length).toBeGreaterThan(0)
  for (const offer of offers) expect(offer.button).toBe(offer.more)
  await expectAccessible(page, 'home page with Needs attention')

  const failed = tasks[0]
  await group.getByRole('link', { name: failed?.vmDisplayName, exact: true }).click()
  await expect(page).toHaveURL(`${BASE_URL}/backupTaskSessions/${failed?.id}`)
  await expect(page.getByRole('region', { name: 'Why it failed' })).toBeVisible()
  await page.goBack()

  // A week: in the URL, so a reload (or a shared link) keeps it.
  await panel.getByRole('radio', { name: 'Last 7 days' }).check()
  await expect(page).toHaveURL(`${BASE_URL}/?days=7`)
  await expect(panel.getByText(/ in the last 7 days$/)).toBeVisible()
  await expect(panel.getByText(/^\d+ more runs of this job in the last 7 days \(/).first()).toBeVisible()
  await attentionGroup(panel, `/backupSessions/${job.id}`)
  await page.reload()
  await expect(panel.getByRole('radio', { name: 'Last 7 days' })).toBeChecked()
  await expect(panel.getByText(/ in the last 7 days$/)).toBeVisible()
  await panel.getByRole('radio', { name: 'Last 24 hours' }).check()
  await expect(page).toHaveURL(`${BASE_URL}/`)
  await expect(panel.getByText(/ in the last 24 hours$/)).toBeVisible()
})

test('Needs attention: a run that failed on many machines lists its first five, failures first, and links to the rest', async ({
  page,
  request,
}) => {
  const demo = await control.demo()
  const id = demo.extraJobSessionIds[0] ?? ''
  const job = await api<Session>(request, `/replicaSessions/${id}`)
  const { items } = await api<{ items: Session[] }>(request, `/replicaSessions/${id}/replicaTaskSessions`)
  // Counted as the panel counts: what has not since succeeded (the BFF's `recovered`).
  const { recovered } = await api<{ recovered: Record<string, unknown> }>(request, '/attention?days=1')
  const open = items.filter((t) => !Object.hasOwn(recovered, t.id))
  const failed = open.filter((t) => t.result === 'Failed').length
  const warned = open.filter((t) => t.result === 'Warning').length
  expect(failed).toBeGreaterThan(5)

  await page.goto('/')
  const panel = page.getByRole('region', { name: 'Needs attention' })
  const group = await attentionGroup(panel, `/replicaSessions/${id}`)
  await expect(group.getByRole('heading').first()).toContainText(`${failed} failed, ${warned} warnings`)
  const machines = group.getByRole('listitem')
  await expect(machines).toHaveCount(5)
  for (const machine of await machines.all()) await expect(machine).toContainText('Result: Failed')
  await expectAccessible(page, 'home page with a big failed run')

  const listed = items.filter((t) => t.result === 'Failed' || t.result === 'Warning').length
  await group.getByRole('link', { name: `${listed - 5} more machines in this job session` }).click()
  await expect(page).toHaveURL(`${BASE_URL}/replicaSessions/${id}?sort=result`)
  const table = page.getByRole('table', { name: `Task sessions of ${job.name}` })
  await expect(table.getByRole('row').nth(1)).toContainText('Result: Failed')
})

test('Needs attention: a run that failed as a whole, before any machine, is listed with why and opens its page', async ({
  page,
  context,
  request,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  const demo = await control.demo()
  const run = await api<Session & { failureMessage: string }>(
    request,
    `/replicaSessions/${demo.jobFailedJobSessionId}`,
  )
  expect(run.result).toBe('Failed')
  const { items } = await api<{ items: Session[] }>(request, `/replicaSessions/${run.id}/replicaTaskSessions`)
  expect(items).toEqual([])

  await page.goto('/')
  const panel = page.getByRole('region', { name: 'Needs attention' })
  const group = await attentionGroup(panel, `/replicaSessions/${run.id}`)
  await expect(group.getByRole('heading').first()).toContainText('run failed')
  await expect(group).toContainText(run.failureMessage.split('.')[0] ?? '')
  await expect(group).toContainText('Result: Failed')
  await expect(group).toContainText(
    'Replica job: the run failed. Its machines, if it reached any, are on its page.',
  )
  await expect(
    panel.getByText(/^\d+ job runs? failed or warned with none of (its|their) machines listed here/),
  ).toBeVisible()
  // An open failure: its job among the first entries, before every warning and everything since succeeded.
  const headings = await panel.getByRole('heading', { level: 3 }).allTextContents()
  const entry = panel.locator('li').filter({ has: page.locator(`a[href="/replicaSessions/${run.id}"]`) })
  const at = headings.indexOf((await entry.first().getByRole('heading', { level: 3 }).textContent()) ?? '')
  const firstNotFailed = headings.findIndex((h) => !/failed/.test(h))
  expect(at).toBeGreaterThanOrEqual(0)
  expect(firstNotFailed === -1 || at < firstNotFailed).toBe(true)
  await expectAccessible(page, 'home page with a run that failed as a whole')

  // A summary for the shift handover: the counts, then what is open, this run with its message and link.
  await panel.getByRole('button', { name: 'Copy summary of what needs attention' }).click()
  await expect(panel.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible()
  const summary = await page.evaluate(() => navigator.clipboard.readText())
  expect(summary).toMatch(
    /^\*\*Needs attention, last 24 hours\*\* \(as of \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)\n/,
  )
  expect(summary).toMatch(/\n\d+ failed · \d+ warnings? · \d+ job runs? with no machine listed\n/)
  expect(summary).toContain(`: the run failed: ${run.failureMessage.slice(0, 40)}`)
  expect(summary).toContain(`<${BASE_URL}/replicaSessions/${run.id}>`)
  expect(summary).toContain(`Link: <${BASE_URL}/>`)

  await linkTo(group, `/replicaSessions/${run.id}`).click()
  await expect(page).toHaveURL(`${BASE_URL}/replicaSessions/${run.id}`)
  await expect(page.getByRole('region', { name: 'Failure message' })).toContainText(run.failureMessage)
  // No machine ran: the page says so once, without an empty timeline.
  await expect(page.getByRole('heading', { level: 2, name: 'Task sessions (0)' })).toBeVisible()
  await expect(page.getByText('This job session has no task sessions.')).toBeVisible()
  await expect(page.getByRole('region', { name: 'Timeline' })).toHaveCount(0)
})

test.describe('with your own EM account', () => {
  test.use({ baseURL: EM_AUTH_URL })

  test('Needs attention shows a Portal User their jobs only, and tells a Restore Operator EM refuses', async ({
    page,
    consoleProblems,
  }) => {
    consoleProblems.allowFailedRequests(401, 403)
    await useOwnAddress(page)
    await page.goto('/')
    await signIn(page, USERS.portal)
    const panel = page.getByRole('region', { name: 'Needs attention' })
    await panel.getByRole('radio', { name: 'Last 7 days' }).check()
    const groups = panel.getByRole('heading', { level: 3 })
    await expect(groups.first()).toBeVisible()
    for (const heading of await groups.all()) {
      const jobSession = (await heading.getByRole('link').textContent()) ?? ''
      expect(
        PORTAL_USER_JOB_NAMES.some((name) => jobSession.startsWith(`${name}@`)),
        `${jobSession} is one of the Portal User's jobs`,
      ).toBe(true)
    }

    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click()
    await signIn(page, USERS.operator)
    await expect(page.getByRole('heading', { level: 1, name: 'Open a session' })).toBeVisible()
    await expect(panel).toContainText('Enterprise Manager does not let your account read this.')
    await expect(panel).toContainText('Error code: em_forbidden')
    await expect(panel.getByRole('button', { name: 'Retry' })).toHaveCount(0)
  })
})

test('a failed machine the retry fixed: the verdict links to the retry; its recent runs mark this run', async ({
  page,
  request,
  context,
}) => {
  const demo = await control.demo()
  const failed = await api<Session>(request, `/backupTaskSessions/${demo.retryFixedFailedTaskSessionId}`)
  const fixed = await api<Session>(request, `/backupTaskSessions/${demo.retryFixedTaskSessionId}`)
  const path = `/backupTaskSessions/${failed.id}`
  await page.goto(path)

  // The verdict first, above the reason.
  const verdict = page.getByText(/^Failed, then succeeded in the retry at /)
  await expect(verdict).toBeVisible()
  const retryLink = verdict.getByRole('link', { name: /^the retry at / })
  await expect(retryLink).toHaveAttribute('href', `/backupTaskSessions/${fixed.id}`)
  const reason = page.getByRole('region', { name: 'Why it failed' })
  expect((await verdict.boundingBox())?.y ?? 1e9).toBeLessThan((await reason.boundingBox())?.y ?? 0)

  const history = page.getByRole('region', { name: 'Recent runs of this machine' })
  await expect(history.getByText(/across jobs, newest first · \d+ newer runs? since this one/)).toBeVisible()
  await expect(history.getByText(failed.vmDisplayName ?? '', { exact: true })).toBeVisible()
  const current = currentIn(history)
  await expect(current).toHaveCount(1)
  await expect(current).toHaveAttribute('href', path)
  await expect(
    history.getByRole('listitem').filter({ has: page.locator('[aria-current="page"]') }),
  ).toContainText('This run')
  await expect(linkTo(history, `/backupTaskSessions/${fixed.id}`)).toBeVisible()
  await expectAccessible(page, 'task session page with the explorer panels')

  // Copied for a ticket, the summary says the retry fixed it, and links to the retry.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.getByRole('button', { name: 'Copy summary' }).click()
  await expect
    .poll(() => page.evaluate(() => navigator.clipboard.readText()))
    .toContain(`- Retries: Failed, then succeeded in the retry at `)
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(
    `(<${BASE_URL}/backupTaskSessions/${fixed.id}>)`,
  )

  await retryLink.click()
  await expect(page).toHaveURL(`${BASE_URL}/backupTaskSessions/${fixed.id}`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(failed.vmDisplayName ?? '')
  await expect(page.getByText('Result: Success').first()).toBeVisible()
  // A run that succeeded needs no verdict on retries; its history marks it instead.
  await expect(page.getByText(/then succeeded in/)).toHaveCount(0)
  await expect(currentIn(history)).toHaveAttribute('href', `/backupTaskSessions/${fixed.id}`)
  await expect(linkTo(history, path)).toBeVisible()
})

test('a failed run whose retries could not be read says so, rather than nothing (which would read as no retry)', async ({
  page,
  consoleProblems,
}) => {
  consoleProblems.allowFailedRequests(502)
  const demo = await control.demo()
  const history = '**/api/backupTaskSessions/*/history'
  await page.route(history, (route) =>
    route.fulfill({
      status: 502,
      contentType: 'application/json',
      body: JSON.stringify({
        error: { code: 'em_unavailable', message: 'Enterprise Manager cannot be reached (ECONNREFUSED).' },
      }),
    }),
  )
  await page.goto(`/backupTaskSessions/${demo.retryFixedFailedTaskSessionId}`)
  const unknown = page.getByText(/^Couldn’t check whether a retry fixed this run\. Enterprise Manager cannot/)
  await expect(unknown).toBeVisible()
  await page.unroute(history)
  await unknown.getByRole('button', { name: 'Retry' }).click()
  await expect(page.getByText(/^Failed, then succeeded in the retry at /)).toBeVisible()
  await expect(unknown).toHaveCount(0)
})

test('a machine failing day after day: its recent runs list the failures across runs and retries', async ({
  page,
  request,
}) => {
  const demo = await control.demo()
  const streak = demo.failureStreak
  const recovered = await api<Session>(request, `/backupTaskSessions/${streak.recoveredTaskSessionId}`)
  expect(recovered.vmDisplayName).toBe(streak.vmName)
  await page.goto(`/backupTaskSessions/${recovered.id}`)
  const history = page.getByRole('region', { name: 'Recent runs of this machine' })
  await expect(currentIn(history)).toHaveAttribute('href', `/backupTaskSessions/${recovered.id}`)
  // Other jobs back the machine up too, and succeeded all along: the verdict is about this run's job, which
  // recovered after failing for days (across jobs it would read as a long success streak).
  const up = recovered.links?.find((link) => link.rel === 'Up' && link.kind === 'backupJobSession')
  const jobName = up?.name?.slice(0, up.name.lastIndexOf('@')) ?? ''
  expect(jobName).not.toBe('')
  await expect(
    history.getByText(
      new RegExp(
        `^In ${jobName}: succeeded (in the last run|the last \\d+ runs); (at least )?the \\d+ before failed$`,
      ),
    ),
  ).toBeVisible()
  // The newest failures (the list holds the machine’s last 20 runs, across jobs: about five days).
  for (const id of streak.failedTaskSessionIds.slice(-4)) {
    const item = history.getByRole('listitem').filter({ has: linkTo(page, `/backupTaskSessions/${id}`) })
    await expect(item).toContainText('Failed')
  }
  // The streak's first failure, older than the runs listed: still in the list, marked, every listed run newer.
  const first = `/backupTaskSessions/${streak.failedTaskSessionIds[0]}`
  await page.goto(first)
  await expect(currentIn(history)).toHaveAttribute('href', first)
  await expect(history.getByText(/ · \d+\+? newer runs since this one/)).toBeVisible()
  await page.goto(`/backupTaskSessions/${recovered.id}`)
  await linkTo(history, `/backupTaskSessions/${streak.failedTaskSessionIds.at(-1)}`).click()
  await expect(page).toHaveURL(`${BASE_URL}/backupTaskSessions/${streak.failedTaskSessionIds.at(-1)}`)
  await expect(page.getByRole('region', { name: 'Why it failed' })).toBeVisible()
})

test('the job’s runs strip is one tab stop: Tab comes to this run and goes past, the arrow keys move along', async ({
  page,
  request,
}) => {
  const demo = await control.demo()
  const id = demo.backupFailedJobSessionId
  const runs = await api<JobRuns>(request, `/backupSessions/${id}/runs`)
  await page.goto(`/backupSessions/${id}`)
  const panel = page.getByRole('region', { name: `Recent runs of ${runs.jobName}` })
  const strip = panel.getByRole('list', { name: 'Runs of this job, oldest first' })
  const marks = strip.getByRole('link')
  await expect(marks).toHaveCount(runs.items.length)
  const hrefs = await marks.evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''))
  const here = hrefs.indexOf(`/backupSessions/${id}`)
  expect(here).toBeGreaterThan(0)
  const previousRun = panel.getByRole('link', { name: /^← Previous run/ })

  // One Tab into the strip lands on this run's mark; the next leaves it.
  await panel.getByRole('button', { name: 'Keyboard shortcuts' }).focus()
  await page.keyboard.press('Tab')
  await expect(currentIn(strip)).toBeFocused()
  await expect(currentIn(strip)).toHaveAccessibleDescription(/arrow keys/)
  await page.keyboard.press('Tab')
  await expect(previousRun).toBeFocused()
  await page.keyboard.press('Shift+Tab')
  await expect(currentIn(strip)).toBeFocused()

  // Left and right step one run, stopping at the ends; Home and End go to the oldest and newest.
  await page.keyboard.press('ArrowLeft')
  await expect(marks.nth(here - 1)).toBeFocused()
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowRight')
  await expect(marks.nth(here + 1)).toBeFocused()
  await page.keyboard.press('End')
  await expect(marks.last()).toBeFocused()
  await page.keyboard.press('ArrowRight')
  await expect(marks.last()).toBeFocused()
  await page.keyboard.press('Home')
  await expect(marks.first()).toBeFocused()
  // Still one tab stop, now the mark focused last: out and back comes to it.
  await page.keyboard.press('Tab')
  await expect(previousRun).toBeFocused()
  await page.keyboard.press('Shift+Tab')
  await expect(marks.first()).toBeFocused()
  await expect(strip.locator('[tabindex="0"]')).toHaveCount(1)

  // Each mark is a link: Enter opens that run.
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(`${BASE_URL}${hrefs[0]}`)
  await expect(currentIn(strip)).toHaveAttribute('href', hrefs[0] ?? '')
})

test('the job’s runs: previous and next by link and by the [ ] keys, listed under Keyboard shortcuts', async ({
  page,
  request,
}) => {
  const demo = await control.demo()
  const id = demo.backupFailedJobSessionId
  const runs = await api<JobRuns>(request, `/backupSessions/${id}/runs`)
  const previous = runs.previous
  const next = runs.next
  if (!previous || !next) throw new Error('the demo run has runs before and after it')
  await page.goto(`/backupSessions/${id}`)

  const panel = page.getByRole('region', { name: `Recent runs of ${runs.jobName}` })
  const strip = panel.getByRole('list', { name: 'Runs of this job, oldest first' })
  await expect(strip.getByRole('link')).toHaveCount(runs.items.length)
  await expect(currentIn(strip)).toHaveAttribute('aria-label', /^Failed run, .*, this run$/)
  const around = panel.getByRole('navigation', { name: 'Previous and next run' })
  const previousLink = around.getByRole('link', { name: /^← Previous run/ })
  const nextLink = around.getByRole('link', { name: /^Next run →/ })
  await expect(previousLink).toHaveAttribute('href', `/backupSessions/${previous.id}`)
  await expect(previousLink).toHaveAttribute('aria-keyshortcuts', '[')
  await expect(nextLink).toHaveAttribute('href', `/backupSessions/${next.id}`)
  await expect(nextLink).toHaveAttribute('aria-keyshortcuts', ']')
  await expectAccessible(page, 'job session page with its runs')

  // ] and [ step through the runs; the strip follows.
  await page.keyboard.press(']')
  await expect(page).toHaveURL(`${BASE_URL}/backupSessions/${next.id}`)
  await expect(page).toHaveTitle(`${next.name} · backup job session`)
  await expect(currentIn(strip)).toHaveAttribute('href', `/backupSessions/${next.id}`)
  await page.keyboard.press('[')
  await expect(page).toHaveURL(`${BASE_URL}/backupSessions/${id}`)
  await expect(currentIn(strip)).toHaveAttribute('href', `/backupSessions/${id}`)
  await page.keyboard.press('[')
  await expect(page).toHaveURL(`${BASE_URL}/backupSessions/${previous.id}`)
  await expect(page).toHaveTitle(`${previous.name} · backup job session`)
  await page.goBack()
  await expect(page).toHaveURL(`${BASE_URL}/backupSessions/${id}`)
  await nextLink.click()
  await expect(page).toHaveURL(`${BASE_URL}/backupSessions/${next.id}`)
  await page.goBack()
  await expect(page).toHaveURL(`${BASE_URL}/backupSessions/${id}`)
  await expect(currentIn(strip)).toHaveAttribute('href', `/backupSessions/${id}`)

  // Not while typing: the key goes into the field.
  const field = page
    .getByRole('search', { name: 'Open by ID' })
    .getByRole('textbox', { name: 'Session ID or URL' })
  await field.click()
  await page.keyboard.press(']')
  await expect(field).toHaveValue(']')
  await expect(page).toHaveURL(`${BASE_URL}/backupSessions/${id}`)
  await field.fill('')
  await page.getByRole('heading', { level: 1 }).click()

  // The keys, listed in a popover: from its button and from ?.
  const button = panel.getByRole('button', { name: 'Keyboard shortcuts' })
  await expect(button).toHaveAttribute('aria-expanded', 'false')
  await button.click()
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(dialog).toBeVisible()
  await expect(dialog).toBeFocused()
  await expect(button).toHaveAttribute('aria-expanded', 'true')
  for (const [key, description] of [
    ['[', 'Previous run of this job'],
    [']', 'Next run of this job'],
    ['?', 'Show or hide these shortcuts'],
    ['← →', 'Older or newer run, in the strip of runs'],
  ]) {
    await expect(dialog.getByRole('term').filter({ hasText: key ?? '' })).toBeVisible()
    await expect(dialog.getByRole('definition').filter({ hasText: description ?? '' })).toBeVisible()
  }
  await expectAccessible(page, 'Keyboard shortcuts popover')
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  await expect(button).toBeFocused()
  await page.keyboard.press('?')
  await expect(dialog).toBeVisible()
  await page.keyboard.press('?')
  await expect(dialog).toHaveCount(0)
  await expect(page).toHaveURL(`${BASE_URL}/backupSessions/${id}`)

  // The job's newest run has nothing after it, said as plainly (and as readably) as the links.
  const newest = runs.items.reduce((a, b) => ((a.creationTime ?? '') >= (b.creationTime ?? '') ? a : b))
  expect((await api<JobRuns>(request, `/backupSessions/${newest.id}/runs`)).next).toBeNull()
  await page.goto(`/backupSessions/${newest.id}`)
  await expect(currentIn(strip)).toHaveAttribute('href', `/backupSessions/${newest.id}`)
  await expect(around.getByText('No later run yet')).toBeVisible()
  await expect(around.getByRole('link', { name: /^← Previous run/ })).toBeVisible()
  await expectAccessible(page, 'job session page of the newest run')

  // Stepping through the runs keeps the table as narrowed and sorted: one run's failed machines after another's.
  await page.goto(`/backupSessions/${id}?sort=vm&result=Failed`)
  await expect(currentIn(strip)).toHaveAttribute('href', `/backupSessions/${id}?sort=vm&result=Failed`)
  await page.keyboard.press(']')
  await expect(page).toHaveURL(`${BASE_URL}/backupSessions/${next.id}?sort=vm&result=Failed`)
  await previousLink.click()
  await expect(page).toHaveURL(`${BASE_URL}/backupSessions/${id}?sort=vm&result=Failed`)
})

/** A job session's place in "failures first" order, from what its row says. */
function outcomeRank(row: string): number {
  if (row.includes('Result: Failed')) return 0
  if (row.includes('Result: Warning')) return 1
  if (row.includes('State: ')) return 2
  if (row.includes('Result: Success')) return 3
  return 4
}

test('a backup server’s job sessions: failures first, over 24 hours or 7 days', async ({ page, request }) => {
  const demo = await control.demo()
  const serverId = demo.backupServerIds[0] ?? ''
  const server = await api<{ name: string }>(request, `/backupServers/${serverId}`)
  await page.goto(`/backupServers/${serverId}`)
  const panel = page.getByRole('region', { name: 'Job sessions on this server' })
  await expect(panel.getByRole('radio', { name: 'Last 24 hours' })).toBeChecked()
  const summary = panel.getByText(/^\d+ job sessions?: \d+ failed, \d+ warnings?, \d+ running, \d+ succeeded/)
  await expect(summary).toBeVisible()
  const list = panel.getByRole('list', { name: 'Job sessions, failures first' })
  const rows = await list.getByRole('listitem').allTextContents()
  expect(rows.length).toBeGreaterThan(1)
  const ranks = rows.map(outcomeRank)
  expect(ranks, 'failures, then warnings, running and successes').toEqual([...ranks].sort((a, b) => a - b))
  expect(ranks[0]).toBe(0)
  await expectAccessible(page, 'backup server page with its job sessions')

  const dayTotal = Number(/^\d+/.exec((await summary.textContent()) ?? '')?.[0])
  await panel.getByRole('radio', { name: 'Last 7 days' }).check()
  await expect(page).toHaveURL(`${BASE_URL}/backupServers/${serverId}?days=7`)
  await expect
    .poll(async () => Number(/^\d+/.exec((await summary.textContent()) ?? '')?.[0]))
    .toBeGreaterThan(dayTotal)

  await list.getByRole('link').first().click()
  await expect(page).toHaveURL(/\/(backup|replica)Sessions\/[0-9a-f-]{36}$/)
  await expect(
    page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: server.name }),
  ).toBeVisible()
})

test('a backup server’s job sessions narrowed to failures and one job, and the link shows the same', async ({
  page,
}) => {
  const demo = await control.demo()
  const serverId = demo.backupServerIds[0] ?? ''
  const path = `/backupServers/${serverId}`
  await page.goto(`${path}?days=7`)
  const panel = page.getByRole('region', { name: 'Job sessions on this server' })
  const list = panel.getByRole('list', { name: 'Job sessions, failures first' })
  const counts = panel.getByRole('group', { name: /^Job sessions by outcome/ })
  const summary = panel.getByText(/^\d+ job sessions?: \d+ failed, \d+ warnings?, \d+ running, \d+ succeeded/)
  const [total = 0, failed = 0] =
    /^(\d+) job sessions?: (\d+) failed/
      .exec((await summary.textContent()) ?? '')
      ?.slice(1)
      .map(Number) ?? []
  expect(failed).toBeGreaterThan(0)
  expect(failed).toBeLessThan(total)
  const failedButton = counts.getByRole('button', { name: `${failed} failed` })
  await expect(failedButton).toHaveAttribute('aria-pressed', 'false')

  await failedButton.click()
  await expect(failedButton).toHaveAttribute('aria-pressed', 'true')
  await expect(page).toHaveURL((url) => url.pathname === path && url.search === '?days=7&result=failed')
  await expect(panel.getByText(`${failed} of ${total} job sessions`)).toBeVisible()
  const failedRows = await list.getByRole('listitem').allTextContents()
  expect(failedRows).toHaveLength(failed)
  for (const row of failedRows) expect(row).toContain('Result: Failed')

  // One job's failures: its name, typed in any case, narrows the failed ones further, into the link too.
  const jobName = /Result: Failed\s*(.+?)@/.exec(failedRows[0] ?? '')?.[1]?.trim() ?? ''
  expect(jobName).not.toBe('')
  const ofJob = failedRows.filter((row) => row.toLowerCase().includes(jobName.toLowerCase()))
  const box = panel.getByRole('searchbox', { name: 'Filter job sessions by job name or message' })
  await box.fill(jobName.toUpperCase())
  await expect(page).toHaveURL(
    (url) =>
      url.searchParams.get('q') === jobName.toUpperCase() && url.searchParams.get('result') === 'failed',
  )
  await expect(list.getByRole('listitem')).toHaveCount(ofJob.length)
  await expect(panel.getByText(`${ofJob.length} of ${total} job sessions`)).toBeVisible()

  // Shared, the link opens the same narrowed list; a text nothing has says so, and clearing it all shows all.
  const shared = page.url()
  await page.goto(`${path}?days=7`)
  await expect(failedButton).toHaveAttribute('aria-pressed', 'false')
  await page.goto(shared)
  await expect(failedButton).toHaveAttribute('aria-pressed', 'true')
  await expect(box).toHaveValue(jobName.toUpperCase())
  await expect(list.getByRole('listitem')).toHaveCount(ofJob.length)
  await box.fill('no job is called this')
  await expect(
    panel.getByText("No failed job session's name or message contains “no job is called this”."),
  ).toBeVisible()
  await box.fill('')
  await failedButton.click()
  await expect(page).toHaveURL((url) => url.pathname === path && url.search === '?days=7')
  // Everything again (the live job may have started a run meanwhile).
  await expect.poll(() => list.getByRole('listitem').count()).toBeGreaterThanOrEqual(total)
  await expectAccessible(page, 'backup server page with its job sessions narrowed')

  // A link with a window or outcome the page does not know falls back to the defaults, the outcome taken as the
  // counts read it; the address bar then shows what the page shows.
  await page.goto(`${path}?days=30&result=Succeeded`)
  await expect(page).toHaveURL((url) => url.pathname === path && url.search === '?result=success')
  await expect(panel.getByRole('radio', { name: 'Last 24 hours' })).toBeChecked()
  await expect(counts.getByRole('button', { name: /succeeded$/ })).toHaveAttribute('aria-pressed', 'true')
  await page.goto('/?days=30')
  await expect(page).toHaveURL(`${BASE_URL}/`)
  await expect(
    page.getByRole('region', { name: 'Needs attention' }).getByRole('radio', { name: 'Last 24 hours' }),
  ).toBeChecked()
  await expect(page.getByText('Error code: invalid_request')).toHaveCount(0)
})

/** A token of the simulator's administrator, to run a copied curl command as the user would with theirs. */
async function emToken(): Promise<string> {
  const auth = `Basic ${Buffer.from(`${E2E.username}:${E2E.password}`).toString('base64')}`
  const logon = await fetch(`${SIM_URL}/api/sessionMngr/?v=latest`, {
    method: 'POST',
    headers: { Authorization: auth },
  })
  expect(logon.status).toBe(201)
  return logon.headers.get('x-restsvcsessionid') ?? ''
}

test('Raw EM answer, Copy as curl (which works against EM) and Copy summary', async ({
  page,
  context,
  request,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  const demo = await control.demo()
  const id = demo.backupFailedTaskSessionId
  const task = await api<Session>(request, `/backupTaskSessions/${id}`)
  const raw = await api<RawAnswer>(request, `/backupTaskSessions/${id}/raw`)
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText())
  await page.goto(`/backupTaskSessions/${id}`)

  const rawButton = page.getByRole('button', { name: 'Raw EM answer' })
  await expect(rawButton).toHaveAttribute('aria-expanded', 'false')
  // The page's actions stand in one row: "Copy link" level with the tools beside it.
  const linkBox = await page.getByRole('button', { name: 'Copy link' }).boundingBox()
  expect(linkBox?.y).toBeCloseTo((await rawButton.boundingBox())?.y ?? -1, 0)
  await rawButton.click()
  await expect(rawButton).toHaveAttribute('aria-expanded', 'true')
  const rawPanel = page.getByRole('region', { name: 'Raw EM answer' })
  await expect(rawPanel).toContainText(`GET ${SIM_URL}/api/backupTaskSessions/${id}`)
  await expect(rawPanel).toContainText('HTTP 200')
  const body = rawPanel.getByRole('region', { name: "EM's answer" })
  await expect(body).toContainText(`UID="urn:veeam:BackupTaskSession:${id}"`)
  // EM's long lines scroll inside the answer's box, under the header: the page keeps its width.
  const [scrollWidth, clientWidth] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ])
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth ?? 0)
  // Opening it moved nothing: the row of actions is where it was.
  const openLinkBox = await page.getByRole('button', { name: 'Copy link' }).boundingBox()
  expect(openLinkBox).toEqual(linkBox)
  expect(openLinkBox?.y).toBeCloseTo((await rawButton.boundingBox())?.y ?? -1, 0)
  expect((await body.boundingBox())?.y).toBeGreaterThan((openLinkBox?.y ?? 0) + (openLinkBox?.height ?? 0))
  // The tab order follows what is seen: Copy link, the tools, then the answer below them.
  await page.getByRole('button', { name: 'Copy link' }).focus()
  await page.keyboard.press('Tab')
  await expect(rawButton).toBeFocused()
  await page.getByRole('button', { name: 'Copy summary' }).focus()
  await page.keyboard.press('Tab')
  expect(await rawPanel.evaluate((panel) => panel.contains(document.activeElement))).toBe(true)
  await expectAccessible(page, 'task session page with the raw EM answer')
  await rawPanel.getByRole('button', { name: 'Copy answer' }).click()
  await expect(page.getByRole('status').filter({ hasText: "Copied EM's answer." })).toBeVisible()
  expect(await clipboard()).toBe(raw.body)

  await page.getByRole('button', { name: 'Copy as curl' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Copied. Replace <token>' })).toBeVisible()
  const curl = await clipboard()
  expect(curl).toContain("'X-RestSvcSessionId: <token>'")
  expect(curl).toContain(`'${raw.url}'`)
  // With a token of their own in place of the placeholder, the command gets EM's answer as the page showed it
  // (which the BFF pretty-prints: the same document, up to the spacing of empty tags).
  const token = await emToken()
  const output = execFileSync('sh', ['-c', curl.replace('<token>', token)], { encoding: 'utf8' })
  const normalized = (xml: string) => xml.replace(/\s+\/>/g, '/>').trim()
  expect(normalized(output)).toBe(normalized(raw.body))

  await page.getByRole('button', { name: 'Copy summary' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Copied the summary as Markdown.' })).toBeVisible()
  const summary = await clipboard()
  expect(summary).toContain('(backup task session)')
  expect(summary).toContain(`- Machine: ${task.vmDisplayName}`)
  expect(summary).toContain('- Result: Failed')
  expect(summary).toContain('- Reason: ')
  expect(summary).toContain(`- Link: <${BASE_URL}/backupTaskSessions/${id}>`)

  // A job session page has them too; a backup server page has no summary to copy.
  await page.goto(`/backupSessions/${task.jobSessionId}`)
  await page.getByRole('button', { name: 'Raw EM answer' }).click()
  await expect(page.getByRole('region', { name: 'Raw EM answer' })).toContainText(
    `GET ${SIM_URL}/api/backupSessions/${task.jobSessionId}`,
  )
  // Once its task list is in, the job's summary names the machines that failed, with their reasons.
  await expect(page.getByRole('table', { name: /^Task sessions of / })).toBeVisible()
  await page.getByRole('button', { name: 'Copy summary' }).click()
  const jobSummary = await clipboard()
  expect(jobSummary).toContain('(backup job session)')
  expect(jobSummary).toMatch(/^- Machines: \d+ \(\d+ failed/m)
  expect(task.reason?.length).toBeGreaterThan(10)
  expect(jobSummary).toContain(`  - ${task.vmDisplayName} (Failed): ${task.reason?.slice(0, 40)}`)
  await page.goto(`/backupServers/${demo.backupServerIds[0]}`)
  await expect(page.getByRole('button', { name: 'Raw EM answer' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Copy summary' })).toHaveCount(0)
})
