// Every kind of EM session: backup task and job sessions (VM, agent, file share) next to the replica ones, and a
// bare GUID of any kind opened from the home page. Against the dashboard with the service account.
import type { APIRequestContext, Page } from '@playwright/test'
import { E2E } from '../ports.ts'
import { control, expect, expectAccessible, test } from './fixtures.ts'

test.afterEach(async () => {
  await control.clearFaults()
})

type Link = { rel: string; kind: string | null; id: string | null; name: string | null }
type TaskSession = {
  id: string
  name: string
  vmDisplayName: string
  vmUid: string | null
  result: string
  reason: string
  jobSessionId: string
  links: Link[]
}
type JobSession = {
  id: string
  name: string
  jobName: string
  jobType: string
  result: string
  failureMessage: string | null
}

/** The BFF's answer for a resource: what the page should show, straight from the contract. */
async function api<T>(request: APIRequestContext, path: string): Promise<T> {
  const res = await request.get(`/api${path}`)
  expect(res.status(), `GET /api${path}`).toBe(200)
  return (await res.json()) as T
}

/** The value next to a term in a page's details card (`<dt>` term, `<dd>` value). */
function detail(page: Page, term: string) {
  return page
    .getByRole('term')
    .filter({ hasText: new RegExp(`^${term}$`) })
    .locator('xpath=following-sibling::dd[1]')
}

/** What the page says it is, above its title ("Backup job session · Agent backup"). */
function kindLine(page: Page, text: string) {
  return page.getByRole('main').getByText(text, { exact: true })
}

const breadcrumb = (page: Page) => page.getByRole('navigation', { name: 'Breadcrumb' })

test('a backup task session: its kind, the reason first, the VM UID, and up to its job session', async ({
  page,
  request,
}) => {
  const demo = await control.demo()
  const task = await api<TaskSession>(request, `/backupTaskSessions/${demo.backupFailedTaskSessionId}`)
  const job = await api<JobSession>(request, `/backupSessions/${task.jobSessionId}`)
  expect(task.vmUid).not.toBeNull()
  await page.goto(`/backupTaskSessions/${task.id}`)

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(task.vmDisplayName)
  await expect(kindLine(page, 'Backup task session')).toBeVisible()
  await expect(page).toHaveTitle(`${task.vmDisplayName} · backup task session`)
  await expect(page.getByText('State: Completed')).toBeVisible()
  await expect(page.getByText('Result: Failed')).toBeVisible()

  // The reason first: above the details.
  const reason = page.getByRole('region', { name: 'Why it failed' })
  await expect(reason).toContainText(task.reason)
  const details = page.getByRole('term').filter({ hasText: /^Name$/ })
  const [reasonBox, detailsBox] = [await reason.boundingBox(), await details.boundingBox()]
  expect(reasonBox?.y ?? Number.POSITIVE_INFINITY).toBeLessThan(detailsBox?.y ?? 0)
  await expect(page.getByRole('button', { name: 'Copy reason' })).toBeVisible()

  await expect(detail(page, 'UID')).toContainText(`urn:veeam:BackupTaskSession:${task.id}`)
  await expect(detail(page, 'VM UID')).toContainText(task.vmUid ?? '')
  await expect(detail(page, 'VM UID').getByRole('button', { name: 'Copy VM UID' })).toBeVisible()
  await expect(detail(page, 'Job session').getByRole('link')).toHaveText(job.name)
  await expectAccessible(page, 'backup task session page')

  // The breadcrumb: backup server › job session › this machine.
  const trail = breadcrumb(page)
  await expect(trail.getByRole('link')).toHaveCount(2)
  await expect(trail.locator('[aria-current="page"]')).toHaveText(task.vmDisplayName)
  await trail.getByRole('link', { name: job.name }).click()

  await expect(page).toHaveURL(new RegExp(`/backupSessions/${job.id}$`))
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(job.jobName)
  await expect(kindLine(page, 'Backup job session')).toBeVisible()
  await expect(page).toHaveTitle(`${job.name} · backup job session`)
  await expect(detail(page, 'Job type')).toHaveText('Backup')
  await expect(detail(page, 'Job')).toHaveText(job.jobName)
  const table = page.getByRole('table', { name: `Task sessions of ${job.name}` })
  await expect(table.getByRole('link', { name: task.vmDisplayName })).toBeVisible()
  // Every task of the run that went wrong or not: the three demo tasks are in it.
  for (const id of [demo.backupCompletedTaskSessionId, demo.backupWarningTaskSessionId]) {
    const other = await api<TaskSession>(request, `/backupTaskSessions/${id}`)
    await expect(table.getByRole('link', { name: other.vmDisplayName })).toBeVisible()
  }
  const timeline = page.getByRole('figure', { name: 'Task session timeline' })
  await expect(timeline.getByRole('link').first()).toBeVisible()
  await expectAccessible(page, 'backup job session page')

  // And down again, from the table, to the task that warned.
  const warning = await api<TaskSession>(request, `/backupTaskSessions/${demo.backupWarningTaskSessionId}`)
  await table.getByRole('link', { name: warning.vmDisplayName }).click()
  await expect(page).toHaveURL(new RegExp(`/backupTaskSessions/${warning.id}$`))
  await expect(page.getByRole('region', { name: 'Why it warned' })).toContainText(warning.reason)
})

test('agent backup: the job, one machine’s child session with its parent in the breadcrumb, and its task', async ({
  page,
  context,
  request,
}) => {
  const demo = await control.demo()
  const parent = await api<JobSession>(request, `/backupSessions/${demo.agentBackupJobSessionId}`)
  const child = await api<JobSession>(request, `/backupSessions/${demo.agentManagementJobSessionId}`)
  const task = await api<TaskSession>(request, `/backupTaskSessions/${demo.agentTaskSessionId}`)

  await page.goto(`/backupTaskSessions/${task.id}`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(task.vmDisplayName)
  await expect(kindLine(page, 'Backup task session')).toBeVisible()
  // A physical machine has no VM UID.
  await expect(detail(page, 'VM UID')).toHaveText('—')
  await breadcrumb(page).getByRole('link', { name: child.name }).click()

  await expect(page).toHaveURL(new RegExp(`/backupSessions/${child.id}$`))
  await expect(kindLine(page, 'Backup job session · Agent backup (one machine)')).toBeVisible()
  await expect(detail(page, 'Job type')).toHaveText('Agent backup (one machine) (AgentManagement)')
  await expect(page).toHaveTitle(`${child.name} · backup job session`)
  // backup server › parent session › this session
  const trail = breadcrumb(page)
  await expect(trail.getByRole('link')).toHaveCount(2)
  await expect(trail.getByRole('link').nth(1)).toHaveText('Parent session')
  await expect(trail.locator('[aria-current="page"]')).toHaveText(child.name)
  await expect(
    page.getByRole('table', { name: `Task sessions of ${child.name}` }).getByRole('link', {
      name: task.vmDisplayName,
    }),
  ).toBeVisible()
  await expectAccessible(page, 'agent backup child job session page')

  await detail(page, 'Parent session').getByRole('link').click()
  await expect(page).toHaveURL(new RegExp(`/backupSessions/${parent.id}$`))
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(parent.jobName)
  await expect(kindLine(page, 'Backup job session · Agent backup')).toBeVisible()
  await expect(detail(page, 'Job type')).toHaveText('Agent backup (AgentBackup)')
  await expect(page).toHaveTitle(`${parent.name} · backup job session`)
  // The parent itself is no one's child; its children are the computers it backed up.
  await expect(page.getByRole('term').filter({ hasText: /^Parent session$/ })).toHaveCount(0)
  const computers = page
    .getByRole('region', { name: 'Computers in this agent backup' })
    .getByRole('list', { name: 'Computer sessions' })
  const childLink = computers.getByRole('link').and(page.locator(`[href="/backupSessions/${child.id}"]`))
  await expect(childLink).toHaveText(task.vmDisplayName)
  // The computers that failed come first, and a failed run without EM's message points at them.
  const children = await api<{ items: JobSession[] }>(
    request,
    `/backupSessions/${parent.id}/agentManagementSessions`,
  )
  // The demo's agent backup failed on one computer, and EM gave the run no message of its own.
  expect(children.items.filter((c) => c.result === 'Failed').length).toBeGreaterThan(0)
  expect(children.items[0]?.result).not.toBe('Failed')
  expect([parent.result, parent.failureMessage]).toEqual(['Failed', null])
  await expect(computers.getByRole('listitem').first()).toContainText('Result: Failed')
  // With why: EM gave the computer's session no message, so the reason is its task session's.
  const failedChild = children.items.find((c) => c.result === 'Failed')
  const failedTasks = await api<{ items: TaskSession[] }>(
    request,
    `/backupSessions/${failedChild?.id}/taskSessions`,
  )
  const failedReason = failedTasks.items.find((t) => t.result === 'Failed')?.reason ?? ''
  expect(failedReason.length).toBeGreaterThan(10)
  await expect(computers.getByRole('listitem').first()).toContainText(failedReason)
  // Within a result, by computer name: among hundreds, the one looked for is where its name says.
  const rows = await computers.getByRole('listitem').evaluateAll((items) =>
    items.map((item) => ({
      succeeded: item.textContent?.includes('Result: Success') ?? false,
      name: item.querySelector('a')?.textContent ?? '',
    })),
  )
  const succeeded = rows.filter((row) => row.succeeded).map((row) => row.name)
  expect(succeeded.length).toBeGreaterThan(1)
  expect(succeeded).toEqual(
    [...succeeded].sort(new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' }).compare),
  )
  await expect(
    page.getByText("EM gave no message; each computer's session, listed below, carries its own."),
  ).toBeVisible()
  // No timeline of its own (its computers' sessions are its machines); the task list says where they are.
  await expect(page.getByText("Each computer's task session is in its own session")).toBeVisible()
  await expect(page.getByRole('region', { name: 'Timeline' })).toHaveCount(0)
  await expectAccessible(page, 'agent backup job session page')
  // A ticket from this page names the computer that failed, and why.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.getByRole('button', { name: 'Copy summary' }).click()
  const summary = await page.evaluate(() => navigator.clipboard.readText())
  const failedName = (await computers.getByRole('listitem').first().getByRole('link').textContent()) ?? ''
  expect(summary).toMatch(/^- Machines: \d+ \(1 failed/m)
  expect(summary).toContain(`  - ${failedName} (Failed): ${failedReason.slice(0, 30)}`)
  await childLink.click()
  await expect(page).toHaveURL(new RegExp(`/backupSessions/${child.id}$`))
  await expect(kindLine(page, 'Backup job session · Agent backup (one machine)')).toBeVisible()
})

test('a file share backup job session shows its job type and its shares', async ({ page, request }) => {
  const demo = await control.demo()
  const job = await api<JobSession>(request, `/backupSessions/${demo.nasBackupJobSessionId}`)
  const { items } = await api<{ items: TaskSession[] }>(request, `/backupSessions/${job.id}/taskSessions`)
  expect(items.length).toBeGreaterThan(0)

  await page.goto(`/backupSessions/${job.id}`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(job.jobName)
  await expect(kindLine(page, 'Backup job session · File share backup')).toBeVisible()
  await expect(detail(page, 'Job type')).toHaveText('File share backup (NasBackup)')
  await expect(page).toHaveTitle(`${job.name} · backup job session`)
  const table = page.getByRole('table', { name: `Task sessions of ${job.name}` })
  for (const share of items) {
    await expect(table.getByRole('link', { name: share.vmDisplayName })).toBeVisible()
  }
  await expectAccessible(page, 'file share backup job session page')
})

test('a bare GUID of each kind, from the home page, opens its page', async ({ page }) => {
  const demo = await control.demo()
  const kinds = [
    { id: demo.completedTaskSessionId, segment: 'replicaTaskSessions', label: 'replication task session' },
    { id: demo.completedJobSessionId, segment: 'replicaSessions', label: 'replication job session' },
    { id: demo.backupCompletedTaskSessionId, segment: 'backupTaskSessions', label: 'backup task session' },
    { id: demo.backupCompletedJobSessionId, segment: 'backupSessions', label: 'backup job session' },
    // No session has a backup server's GUID: it is asked for last.
    { id: demo.backupServerIds[0] ?? '', segment: 'backupServers', label: 'backup server' },
  ]
  for (const { id, segment, label } of kinds) {
    await page.goto('/')
    await page.getByRole('textbox', { name: 'Session ID or URL' }).fill(id)
    await page.getByRole('button', { name: 'Open' }).click()
    await expect(page, label).toHaveURL(new RegExp(`/${segment}/${id}$`))
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await expect(page).toHaveTitle(new RegExp(` · ${label}$`))
    const eyebrow = label.charAt(0).toUpperCase() + label.slice(1)
    await expect(page.getByRole('main').getByText(new RegExp(`^${eyebrow}`))).toBeVisible()
    // The resolving page replaced itself: Back goes home, not to /sessions/.
    await page.goBack()
    await expect(page).toHaveURL(/\/$/)
  }

  // From the header's form too, upper case, and as a shared /sessions/ link.
  await page.goto(`/replicaTaskSessions/${demo.completedTaskSessionId}`)
  const header = page.getByRole('search', { name: 'Open by ID' })
  await header
    .getByRole('textbox', { name: 'Session ID or URL' })
    .fill(demo.backupFailedJobSessionId.toUpperCase())
  await header.getByRole('button', { name: 'Open' }).click()
  await expect(page).toHaveURL(new RegExp(`/backupSessions/${demo.backupFailedJobSessionId}$`))
  await expect(page).toHaveTitle(/ · backup job session$/)

  await page.goto(`/sessions/${demo.agentTaskSessionId}`)
  await expect(page).toHaveURL(new RegExp(`/backupTaskSessions/${demo.agentTaskSessionId}$`))
  await expect(page).toHaveTitle(/ · backup task session$/)
})

test('an unknown GUID: a not-found panel that says every kind was asked', async ({
  page,
  consoleProblems,
}) => {
  consoleProblems.allowFailedRequests(404)
  const unknown = '00000000-0000-4000-8000-000000000000'
  await page.goto('/')
  await page.getByRole('textbox', { name: 'Session ID or URL' }).fill(unknown)
  await page.getByRole('button', { name: 'Open' }).click()
  await expect(page).toHaveURL(new RegExp(`/sessions/${unknown}$`))
  const alert = page.getByRole('alert')
  await expect(alert.getByRole('heading', { level: 1 })).toHaveText('No session with this ID')
  await expect(alert).toContainText('the dashboard asked for each')
  await expect(alert).toContainText('Error code: not_found · HTTP 404')
  await expect(alert).toContainText(unknown)
  await expect(alert.getByRole('button', { name: 'Retry' })).toHaveCount(0)
  await expect(page).toHaveTitle('No session with this ID · EM Session Explorer')
  await expectAccessible(page, 'unknown-session panel')
  await alert.getByRole('link', { name: 'Open another ID' }).click()
  await expect(page).toHaveURL(/\/$/)

  // Of a known kind: that kind's wording.
  await page.goto(`/backupSessions/${unknown}`)
  await expect(page.getByRole('alert').getByRole('heading', { level: 1 })).toHaveText(
    'Backup job session not found',
  )
  await page.goto(`/backupTaskSessions/${unknown}`)
  await expect(page.getByRole('alert').getByRole('heading', { level: 1 })).toHaveText(
    'Backup task session not found',
  )
  await expect(page).toHaveTitle('Backup task session not found · EM Session Explorer')
})

test('an ID at the page of another kind: a URN goes to the page it names; a GUID can be looked up as any session', async ({
  page,
  consoleProblems,
}) => {
  consoleProblems.allowFailedRequests(404)
  const demo = await control.demo()
  // A job session's URN in a task session's link: the URN says what it is.
  await page.goto(`/replicaTaskSessions/urn:veeam:ReplicaJobSession:${demo.completedJobSessionId}`)
  await expect(page).toHaveURL(new RegExp(`/replicaSessions/${demo.completedJobSessionId}$`))
  await expect(page).toHaveTitle(/ · replication job session$/)

  // A task session's bare GUID in a job session's link: EM has no such job session, but the session exists.
  await page.goto(`/replicaSessions/${demo.failedTaskSessionId}`)
  const alert = page.getByRole('alert')
  await expect(alert.getByRole('heading', { level: 1 })).toHaveText('Replication job session not found')
  await expect(alert).toContainText('another kind of session')
  await expectAccessible(page, 'wrong-kind panel')
  await alert.getByRole('link', { name: 'Look it up as any session' }).click()
  await expect(page).toHaveURL(new RegExp(`/replicaTaskSessions/${demo.failedTaskSessionId}$`))
  await expect(page.getByText('Result: Failed')).toBeVisible()
})

test('a job session with hundreds of machines: the table renders the rows in view and scrolls to the rest', async ({
  page,
  request,
}) => {
  const demo = await control.demo()
  const id = demo.extraJobSessionIds[0] ?? ''
  const job = await api<JobSession>(request, `/replicaSessions/${id}`)
  const { items } = await api<{ items: TaskSession[] }>(request, `/replicaSessions/${id}/replicaTaskSessions`)
  expect(items).toHaveLength(E2E.bigJobTasks)
  // Zero-padded names: every collation orders them alike.
  const names = items.map((t) => t.vmDisplayName).sort()
  const [first, last] = [names[0] ?? '', names.at(-1) ?? '']

  await page.goto(`/replicaSessions/${id}?sort=vm&dir=asc`)
  const table = page.getByRole('table', { name: `Task sessions of ${job.name}` })
  await expect(table).toHaveAttribute('aria-rowcount', String(E2E.bigJobTasks + 1))
  await expect(page.getByRole('heading', { name: `Task sessions (${E2E.bigJobTasks})` })).toBeVisible()
  await expect(table.getByRole('link', { name: first, exact: true })).toBeVisible()
  const rendered = await table.getByRole('link').count()
  expect(rendered).toBeGreaterThan(0)
  expect(rendered).toBeLessThan(E2E.bigJobTasks / 2)
  await expect(table.getByRole('link', { name: last, exact: true })).toHaveCount(0)

  // To the end of the page: the last rows are there, with their place in the whole table.
  await page.keyboard.press('End')
  const lastLink = table.getByRole('link', { name: last, exact: true })
  await expect(lastLink).toBeVisible()
  const lastRow = table.getByRole('row').filter({ has: page.getByRole('link', { name: last, exact: true }) })
  await expect(lastRow).toHaveAttribute('aria-rowindex', String(E2E.bigJobTasks + 1))
  await expect(table.getByRole('link', { name: first, exact: true })).toHaveCount(0)
  await expect(page.getByRole('figure', { name: 'Task session timeline' })).toBeAttached()
  await expectAccessible(page, 'job session page with a virtualized table')

  await lastLink.click()
  await expect(page).toHaveURL(/\/replicaTaskSessions\/[0-9a-f-]{36}$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(last)
})

test('a job session with hundreds of machines: a filter finds one by name or reason, and the link keeps it', async ({
  page,
  request,
}) => {
  const demo = await control.demo()
  const id = demo.extraJobSessionIds[0] ?? ''
  const job = await api<JobSession>(request, `/replicaSessions/${id}`)
  const { items } = await api<{ items: TaskSession[] }>(request, `/replicaSessions/${id}/replicaTaskSessions`)
  // The last machine by name: never among the first rows the virtualized table renders.
  const target = [...items].sort((a, b) => (a.vmDisplayName < b.vmDisplayName ? -1 : 1)).at(-1)
  const name = target?.vmDisplayName ?? ''
  // The filter ignores case, in names and reasons alike.
  const matches = (text: string) =>
    items.filter((t) => `${t.vmDisplayName}\n${t.reason}`.toLowerCase().includes(text.toLowerCase())).length
  const matching = matches(name)

  await page.goto(`/replicaSessions/${id}?sort=vm&dir=asc`)
  const table = page.getByRole('table', { name: `Task sessions of ${job.name}` })
  await expect(table.getByRole('link', { name, exact: true })).toHaveCount(0)
  await page.getByRole('searchbox', { name: 'Filter machines by name or reason' }).fill(name.toUpperCase())
  await expect(table.getByRole('link', { name, exact: true })).toBeVisible()
  await expect(table).toHaveAttribute('aria-rowcount', String(matching + 1))
  await expect(page.getByText(`${matching} of ${E2E.bigJobTasks} machines`)).toBeVisible()
  // In the URL with the sort: a reload, or a colleague opening the link, sees the same rows.
  await expect(page).toHaveURL(new RegExp(`sort=vm&dir=asc&q=${name.toUpperCase()}$`))
  await page.reload()
  await expect(page.getByRole('searchbox', { name: 'Filter machines by name or reason' })).toHaveValue(
    name.toUpperCase(),
  )
  await expect(table.getByRole('link', { name, exact: true })).toBeVisible()
  await expectAccessible(page, 'job session page with a filtered table')

  // A reason finds every machine that failed for it; nothing matching says so.
  const reason = items.find((t) => t.result === 'Failed')?.reason.split('\n')[0] ?? ''
  const search = page.getByRole('searchbox', { name: 'Filter machines by name or reason' })
  await search.fill(reason)
  await expect(table).toHaveAttribute('aria-rowcount', String(matches(reason) + 1))
  await search.fill('no machine is called this')
  await expect(
    page.getByText("No machine's name or reason contains “no machine is called this”."),
  ).toBeVisible()
  await search.fill('')
  await expect(table).toHaveAttribute('aria-rowcount', String(E2E.bigJobTasks + 1))
  await expect(page).toHaveURL(/sort=vm&dir=asc$/)
})
