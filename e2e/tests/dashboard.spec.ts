import { BASE_URL } from '../ports.ts'
import {
  control,
  expect,
  expectAccessible,
  findLiveJobSessionWaiting,
  findRunningTaskSession,
  test,
} from './fixtures.ts'

test.afterEach(async () => {
  await control.clearFaults()
})

test('a deep link to a task session shows its fields', async ({ page }) => {
  const demo = await control.demo()
  const data = `/api/replicaTaskSessions/${demo.failedTaskSessionId}`
  const fetched: string[] = []
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === data) fetched.push(request.url())
  })
  const document = await page.goto(`/replicaTaskSessions/${demo.failedTaskSessionId}`)
  const title = page.getByRole('heading', { level: 1 })
  await expect(title).toBeVisible()
  // The document has the browser fetch the session while it still loads the SPA, and the page's own request
  // takes that answer: one request, not two.
  expect(document?.headers().link).toContain(`<${data}>; rel=preload; as=fetch; crossorigin`)
  expect(fetched).toHaveLength(1)
  const vm = (await title.textContent())?.trim() ?? ''
  expect(vm.length).toBeGreaterThan(0)
  await expect(page).toHaveTitle(`${vm} · replication task session`)
  await expect(page.getByText('State: Completed')).toBeVisible()
  await expect(page.getByText('Result: Failed')).toBeVisible()
  // The reason comes first, prominent and copyable.
  const reason = page.getByRole('region', { name: 'Why it failed' })
  await expect(reason).toBeVisible()
  await expect(reason).not.toBeEmpty()
  await expect(page.getByRole('button', { name: 'Copy reason' })).toBeVisible()
  await expect(page.getByText(`urn:veeam:ReplicaTaskSession:${demo.failedTaskSessionId}`)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Copy UID' })).toBeVisible()
  await expect(page.getByText(/\d+(\.\d+)? (GiB|TiB|MiB)/).first()).toBeVisible()
  await expect(page.getByText(/\d+ (s|min|h)/).first()).toBeVisible()
  const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' })
  await expect(breadcrumb.getByRole('link')).toHaveCount(2)
  await expect(breadcrumb.locator('[aria-current="page"]')).toHaveText(vm)
  await expectAccessible(page, 'task session page')
})

test.describe('in another time zone', () => {
  test.use({ timezoneId: 'Asia/Kolkata', locale: 'en-US' })

  test('times say their time zone, so a colleague elsewhere reads the same instant', async ({ page }) => {
    const demo = await control.demo()
    await page.goto(`/replicaTaskSessions/${demo.failedTaskSessionId}`)
    for (const term of ['Started', 'Ended']) {
      const value = page
        .getByRole('term')
        .filter({ hasText: new RegExp(`^${term}$`) })
        .locator('xpath=following-sibling::dd[1]')
      // Shaped like EM's session names, on a 24-hour clock, whatever the browser's language.
      await expect(value).toContainText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\+5:30/)
    }
    const history = page.getByRole('region', { name: 'Recent runs of this machine' })
    await expect(history.getByText(/ across jobs, newest first .*· times in UTC\+5:30$/)).toBeVisible()
  })

  test('a list of times names the zone once, in its header, on a 24-hour clock', async ({ page }) => {
    const demo = await control.demo()
    await page.goto(`/replicaSessions/${demo.completedJobSessionId}`)
    const table = page.getByRole('table', { name: /^Task sessions of / })
    await expect(table.getByRole('columnheader', { name: 'Started UTC+5:30' })).toBeVisible()
    const started = table.getByRole('row').nth(1).getByRole('cell').nth(2)
    await expect(started).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    const history = page.getByRole('region', { name: /^Recent runs of / })
    await expect(history).toContainText('Times in UTC+5:30.')
    await expect(page.getByRole('main')).not.toContainText(/\d:\d\d(:\d\d)? ?[AP]M\b/)
  })
})

test('breadcrumb click-through to the job session and the backup server, and back with browser history', async ({
  page,
}) => {
  const demo = await control.demo()
  const taskUrl = `/replicaTaskSessions/${demo.completedTaskSessionId}`
  await page.goto(taskUrl)
  const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' })
  // allTextContents does not wait: let the trail render first.
  await expect(breadcrumb.getByRole('link')).toHaveCount(2)
  const [serverName, jobName] = await breadcrumb.getByRole('link').allTextContents()
  const vm = (await page.getByRole('heading', { level: 1 }).textContent())?.trim() ?? ''

  await breadcrumb.getByRole('link', { name: jobName }).click()
  await expect(page).toHaveURL(/\/replicaSessions\/[0-9a-f-]{36}$/)
  await expect(
    page.getByRole('navigation', { name: 'Breadcrumb' }).locator('[aria-current="page"]'),
  ).toHaveText(jobName ?? '')
  await expect(page).toHaveTitle(`${jobName} · replication job session`)
  const table = page.getByRole('table', { name: `Task sessions of ${jobName}` })
  await expect(table.getByRole('link', { name: vm })).toBeVisible()
  await expect(page.getByRole('progressbar', { name: 'Progress' })).toBeVisible()
  await expect(
    page.getByRole('figure', { name: 'Task session timeline' }).getByRole('link').first(),
  ).toBeVisible()
  await expectAccessible(page, 'job session page')

  // Sorting is in the URL: reloading keeps it.
  await table.getByRole('button', { name: 'Size' }).click()
  await expect(page).toHaveURL(/sort=size/)
  await page.reload()
  await expect(page.getByRole('columnheader', { name: 'Size' })).toHaveAttribute(
    'aria-sort',
    /ascending|descending/,
  )

  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: serverName }).click()
  await expect(page).toHaveURL(/\/backupServers\/[0-9a-f-]{36}$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(serverName ?? '')
  await expect(page).toHaveTitle(`${serverName} · backup server`)
  await expect(page.getByText('9392')).toBeVisible()
  await expect(
    page.getByRole('navigation', { name: 'Breadcrumb' }).locator('[aria-current="page"]'),
  ).toHaveText(serverName ?? '')
  await expectAccessible(page, 'backup server page')

  // Sorting replaces the history entry rather than adding one: back goes to the job session, then the task.
  await page.goBack()
  await expect(page).toHaveURL(/\/replicaSessions\/[0-9a-f-]{36}\?sort=size/)
  await expect(page.getByRole('table')).toBeVisible()
  await page.goBack()
  await expect(page).toHaveURL(new RegExp(`${taskUrl}$`))
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(vm)
})

test('open by GUID, by URN, by a pasted EM URL and by an ID inside pasted text, from the home page and the header', async ({
  page,
}) => {
  const demo = await control.demo()
  await page.goto('/')
  await expect(page).toHaveTitle('EM Session Explorer')
  await expectAccessible(page, 'home page')
  const input = page.getByRole('textbox', { name: 'Session ID or URL' })

  await input.fill(`  ${demo.completedTaskSessionId.toUpperCase()}  `)
  await page.getByRole('button', { name: 'Open' }).click()
  await expect(page).toHaveURL(new RegExp(`/replicaTaskSessions/${demo.completedTaskSessionId}$`))
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()

  const header = page.getByRole('search', { name: 'Open by ID' })
  await header
    .getByRole('textbox', { name: 'Session ID or URL' })
    .fill(`urn:veeam:ReplicaJobSession:${demo.completedJobSessionId}`)
  await header.getByRole('button', { name: 'Open' }).click()
  await expect(page).toHaveURL(new RegExp(`/replicaSessions/${demo.completedJobSessionId}`))
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()

  await header
    .getByRole('textbox', { name: 'Session ID or URL' })
    .fill(`https://em.example.com:9398/api/repicaTaskSessions/${demo.warningTaskSessionId}?format=Entity`)
  await header.getByRole('textbox', { name: 'Session ID or URL' }).press('Enter')
  await expect(page).toHaveURL(new RegExp(`/replicaTaskSessions/${demo.warningTaskSessionId}$`))
  await expect(page.getByText('Result: Warning')).toBeVisible()
  await expect(page.getByRole('region', { name: 'Why it warned' })).toBeVisible()

  // As alerts and logs put it: a Windows-style {GUID} inside quotes and a sentence.
  await header
    .getByRole('textbox', { name: 'Session ID or URL' })
    .fill(`Task session "{${demo.failedTaskSessionId.toUpperCase()}}" finished with Failed.`)
  await header.getByRole('button', { name: 'Open' }).click()
  await expect(page).toHaveURL(new RegExp(`/replicaTaskSessions/${demo.failedTaskSessionId}$`))
  await expect(page.getByText('Result: Failed')).toBeVisible()

  // A colleague's link to this dashboard opens as it was shared, with its window and filters.
  const serverPage = `/backupServers/${demo.backupServerIds[0]}?days=7&result=failed`
  await header.getByRole('textbox', { name: 'Session ID or URL' }).fill(`${BASE_URL}${serverPage}`)
  await header.getByRole('button', { name: 'Open' }).click()
  await expect(page).toHaveURL(`${BASE_URL}${serverPage}`)
  await expect(page.getByRole('button', { name: /\d+ failed$/ })).toHaveAttribute('aria-pressed', 'true')

  // The home page lists what was opened, with its state.
  await page.goto('/')
  const recent = page.getByRole('list', { name: 'Recently opened sessions' })
  await expect(recent.getByRole('link')).toHaveCount(5)
  await expect(recent.getByText('Result: Warning')).toBeVisible()
})

test('input it cannot read gets an inline message and no request', async ({ page }) => {
  await page.goto('/')
  let apiCalls = 0
  page.on('request', (r) => {
    // Lookups of what was typed: a resolve or a resource. (A page load also asks who is signed in, and the
    // home page's Needs attention asks for its list; neither is about the input.)
    const path = new URL(r.url()).pathname
    if (
      /^\/api\/(resolve|replicaTaskSessions|replicaSessions|backupTaskSessions|backupSessions|backupServers)\//.test(
        path,
      )
    )
      apiCalls++
  })
  const input = page.getByRole('textbox', { name: 'Session ID or URL' })
  const job = 'That is a job, not one of its runs'
  for (const [bad, why] of [
    ['srv04', 'This is not an ID the dashboard can open.'],
    ['https://em:9398/api/jobs/x', 'This is not an ID the dashboard can open.'],
    // A job's URN or EM link says it is a job; two IDs, that there are two.
    ['urn:veeam:Job:24590151-20cd-4e57-8a2f-8b65869a1879', job],
    ['https://em:9398/api/jobs/24590151-20cd-4e57-8a2f-8b65869a1879?format=Entity', job],
    [
      '24590151-20cd-4e57-8a2f-8b65869a1879 b18e2c3f-a750-489c-bbcb-23f68f4bbd33',
      'This names 2 different IDs',
    ],
  ]) {
    await input.fill(bad ?? '')
    await page.getByRole('button', { name: 'Open' }).click()
    await expect(input).toHaveAttribute('aria-invalid', 'true')
    await expect(page.getByText(why ?? '')).toBeVisible()
    // The accepted forms, named in the message: a bare GUID of any kind, a URN, an EM or dashboard URL.
    await expect(page.getByText(/urn:veeam:BackupTaskSession:/).first()).toBeVisible()
    await expect(page).toHaveURL(/\/$/)
  }
  expect(apiCalls).toBe(0)
  await expectAccessible(page, 'home page with an invalid input')

  // An unreadable ID in a URL: the invalid-ID panel, and no request either.
  await page.goto('/replicaTaskSessions/not-a-session')
  await expect(page.getByRole('alert')).toBeVisible()
  await expect(page.getByRole('alert')).toContainText('invalid_id')
  await expect(page.getByRole('alert').getByRole('button', { name: 'Retry' })).toHaveCount(0)
  expect(apiCalls).toBe(0)

  // The count does see lookups: a readable ID makes one.
  const header = page.getByRole('search', { name: 'Open by ID' })
  await header
    .getByRole('textbox', { name: 'Session ID or URL' })
    .fill((await control.demo()).completedTaskSessionId)
  await header.getByRole('button', { name: 'Open' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  expect(apiCalls).toBeGreaterThan(0)
})

test('an unknown ID shows the not-found message', async ({ page, consoleProblems }) => {
  consoleProblems.allowFailedRequests()
  await page.goto('/replicaTaskSessions/00000000-0000-4000-8000-000000000000')
  const alert = page.getByRole('alert')
  await expect(alert).toBeVisible()
  await expect(alert).toContainText('not_found')
  await expect(alert).toContainText(/limited time/)
  await expect(alert.getByRole('link', { name: 'Open another ID' })).toBeVisible()
  await expectAccessible(page, 'not-found panel')

  await page.goto('/no/such/page')
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible()
  await page.getByRole('link', { name: 'Go to the home page' }).click()
  await expect(page).toHaveURL(/\/$/)
})

test('a path that still names a session goes to its page: EM’s task list href, EM’s docs’ spelling', async ({
  page,
}) => {
  const demo = await control.demo()
  await page.goto(`/replicaSessions/${demo.completedJobSessionId}/replicaTaskSessions`)
  await expect(page).toHaveURL(new RegExp(`/replicaSessions/${demo.completedJobSessionId}$`))
  await expect(page).toHaveTitle(/ · replication job session$/)
  await page.goto(`/repicaTaskSessions/${demo.failedTaskSessionId.toUpperCase()}`)
  await expect(page).toHaveURL(new RegExp(`/replicaTaskSessions/${demo.failedTaskSessionId}$`))
  await expect(page.getByText('Result: Failed')).toBeVisible()
  // Back does not return to the address that named no page.
  await page.goBack()
  await expect(page).toHaveURL(new RegExp(`/replicaSessions/${demo.completedJobSessionId}$`))
})

test('EM down shows the error panel, and retry succeeds once EM is back', async ({
  page,
  consoleProblems,
}) => {
  consoleProblems.allowFailedRequests()
  const demo = await control.demo()
  await control.setFaults({ down: 'refuse' })
  await page.goto(`/replicaSessions/${demo.runningJobSessionId}`)
  const alert = page.getByRole('alert')
  await expect(alert).toBeVisible({ timeout: 15_000 })
  await expect(alert).toContainText('em_unavailable')
  await expectAccessible(page, 'EM-down panel')
  await control.clearFaults()
  await alert.getByRole('button', { name: 'Retry' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expect(page.getByRole('alert')).toHaveCount(0)
})

test('a slow EM: the page says how long it has waited for EM, then shows the session', async ({ page }) => {
  const demo = await control.demo()
  // A session no other test opens: not in the BFF's cache, so the page really waits for EM. Opened from the home
  // page (a deep link's document would have the browser fetch it while the SPA starts, hiding part of the wait).
  await page.goto('/')
  await expect(
    page.getByRole('region', { name: 'Needs attention' }).getByRole('heading').first(),
  ).toBeVisible()
  await control.setFaults({ latencyMs: 2000 })
  const search = page.getByRole('search', { name: 'Open by ID' })
  await search.getByRole('textbox').fill(`urn:veeam:ReplicaTaskSession:${demo.oldTaskSessionId}`)
  await search.getByRole('button', { name: 'Open' }).click()
  await expect(page.getByText(/^Waiting for Enterprise Manager to answer: \d+ s$/)).toBeVisible()
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 10_000 })
  await expect(page.getByText(/Waiting for Enterprise Manager/)).toHaveCount(0)
})

test('a running session turns Completed on screen without a reload', async ({ page }) => {
  test.setTimeout(120_000)
  // A task still waiting to run, so it cannot finish before the page is up; the live tasks of the e2e
  // simulator take a few seconds each, and the page refreshes every 5 s.
  const id = await findRunningTaskSession('Pending')
  await page.goto(`/replicaTaskSessions/${id}`)
  await expect(page.getByText(/State: (Pending|In progress)/)).toBeVisible()
  await expect(page.getByText('Live', { exact: true })).toBeVisible()
  await expect(page.getByText(/updated \d+ s ago/)).toBeVisible()
  let navigations = 0
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) navigations++
  })
  await expect(page.getByText('State: Completed')).toBeVisible({ timeout: 90_000 })
  const result = page.getByText(/^Result: (Success|Warning|Failed)$/).first()
  await expect(result).toBeVisible()
  const outcome = ((await result.textContent()) ?? '').replace('Result: ', '')
  await expect(page.getByText('Live', { exact: true })).toHaveCount(0)
  // The machine's recent runs, read while it ran, say how this run ended too (not "Running" under "Completed").
  const thisRun = page
    .getByRole('region', { name: 'Recent runs of this machine' })
    .getByRole('listitem')
    .filter({ hasText: 'This run' })
  await expect(thisRun).toContainText(outcome)
  await expect(thisRun).not.toContainText('Running')
  expect(navigations).toBe(0)
  await expectAccessible(page, 'task session that just completed')
})

test('a running job session counts its unfinished machines as running or pending, not as the result None', async ({
  page,
}) => {
  await page.goto(`/replicaSessions/${await findLiveJobSessionWaiting()}`)
  const tasks = page.getByRole('region', { name: /^Task sessions \(\d+\)$/ })
  // Machines waiting their turn are pending; one in progress, if any just now, is running.
  await expect(tasks.getByText(/\b\d+ pending\b/)).toBeVisible()
  await expect(tasks.getByText(/\b\d+ None\b/)).toHaveCount(0)
  // A pending machine's duration is its wait, said as such, not a run time.
  const pendingRow = tasks.getByRole('row').filter({ hasText: 'State: Pending' }).first()
  await expect(pendingRow).toContainText(/waiting \d/)
})

test('a task waiting its turn says so: queued at, waiting to start, not started and running', async ({
  page,
}) => {
  await page.goto(`/replicaTaskSessions/${await findRunningTaskSession('Pending')}`)
  const details = page.getByLabel('Task session details')
  await expect(details.getByText('Queued', { exact: true })).toBeVisible()
  await expect(details.getByText('(waiting to start)')).toBeVisible()
  await expect(details.getByText('Started', { exact: true })).toHaveCount(0)
  await expect(details.getByText('(running)')).toHaveCount(0)
})

test('a running session whose refresh fails says it is not updating, not Live, until EM is back', async ({
  page,
  consoleProblems,
}) => {
  consoleProblems.allowFailedRequests(502)
  // A task still waiting to run: it stays running for the length of the test.
  await page.goto(`/replicaTaskSessions/${await findRunningTaskSession('Pending')}`)
  await expect(page.getByText('Live', { exact: true })).toBeVisible()
  await control.setFaults({ down: 'refuse' })
  await expect(page.getByText('Not updating', { exact: true })).toBeVisible({ timeout: 20_000 })
  await expect(page.getByText('Live', { exact: true })).toHaveCount(0)
  await expect(page.getByText(/Couldn't refresh/)).toBeVisible()
  await control.clearFaults()
  await page.getByRole('button', { name: 'Refresh now' }).click()
  await expect(page.getByText('Not updating', { exact: true })).toHaveCount(0)
  await expect(page.getByText(/Couldn't refresh/)).toHaveCount(0)
})

test('an EM session expiry in the middle goes unnoticed', async ({ page }) => {
  // A running session's pages are never cached by the BFF, so the next click really reaches EM.
  await page.goto(`/replicaTaskSessions/${await findRunningTaskSession()}`)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  const before = (await control.counters()).logons
  await control.expireSessions()
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link').nth(1).click()
  await expect(page).toHaveURL(/\/replicaSessions\//)
  await expect(page.getByRole('table')).toBeVisible()
  await expect(page.getByRole('alert')).toHaveCount(0)
  expect((await control.counters()).logons).toBe(before + 1)
})

test('copy link puts the current URL on the clipboard', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  const demo = await control.demo()
  await page.goto(`/replicaSessions/${demo.completedJobSessionId}?sort=duration&dir=desc`)
  await page.getByRole('button', { name: 'Copy link' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible()
  const copied = await page.evaluate(() => navigator.clipboard.readText())
  expect(copied).toBe(page.url())
  expect(copied).toContain('sort=duration')

  // Pasted into another browser context: the same view.
  const other = await context.browser()?.newContext()
  const second = await other?.newPage()
  if (!second || !other) throw new Error('no second context')
  await second.goto(copied)
  await expect(second.getByRole('columnheader', { name: 'Duration' })).toHaveAttribute(
    'aria-sort',
    'descending',
  )
  await expect(second.getByRole('heading', { level: 1 })).toHaveText(
    (await page.getByRole('heading', { level: 1 }).textContent()) ?? '',
  )
  await other.close()
})

test('a dark-theme page, usable at 375 px', async ({ browser }) => {
  const demo = await control.demo()
  const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 375, height: 800 } })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  await page.goto(`/replicaSessions/${demo.retryJobSessionId}`)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  // The body's colour as the browser paints it (Tailwind's oklch colours, converted through a canvas).
  const [r, g, b] = await page.evaluate(() => {
    const canvas = document.createElement('canvas')
    canvas.width = 1
    canvas.height = 1
    const ctx = canvas.getContext('2d')
    if (!ctx) return [255, 255, 255]
    ctx.fillStyle = getComputedStyle(document.body).backgroundColor
    ctx.fillRect(0, 0, 1, 1)
    return [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)]
  })
  expect((r ?? 255) + (g ?? 255) + (b ?? 255)).toBeLessThan(150)
  // Nothing wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
  // State and result right under the title, before the row of buttons, which wraps below them.
  const result = await page
    .getByRole('main')
    .getByText(/^Result: [\w ]+$/)
    .first()
    .boundingBox()
  const firstAction = await page.getByRole('button', { name: 'Raw EM answer' }).boundingBox()
  expect(result && firstAction && result.y + result.height <= firstAction.y).toBe(true)
  await expectAccessible(page, 'job session page, dark, 375 px')
  // Keyboard: the skip link is the first stop, and it has a visible focus ring.
  await page.keyboard.press('Tab')
  const focused = page.getByRole('link', { name: 'Skip to main content' })
  await expect(focused).toBeFocused()
  expect(errors).toEqual([])
  await context.close()
})
