// A job session page and its task list: the session (state, result, why it failed, its runs) is on screen while
// EM's task list, which for thousands of machines takes seconds, is still on its way; and a run older than EM lists
// task sessions for says so instead of "no task sessions".
import type { APIRequestContext } from '@playwright/test'
import { control, expect, findLiveJobSessionWaiting, test } from './fixtures.ts'

/** The demo's first big replica job session (hundreds of machines): its page and its task table's name. */
async function bigJob(request: APIRequestContext) {
  const id = (await control.demo()).extraJobSessionIds[0] ?? ''
  const job = (await (await request.get(`/api/replicaSessions/${id}`)).json()) as { name: string }
  return { path: `/replicaSessions/${id}`, tableName: `Task sessions of ${job.name}` }
}

test('a job session shows at once; its task table comes when the task list does', async ({
  page,
  request,
}) => {
  const { path, tableName } = await bigJob(request)

  // The task list is held in the browser until the page has been checked without it.
  let release = () => {}
  const held = new Promise<void>((resolve) => {
    release = resolve
  })
  await page.route('**/api/replicaSessions/*/replicaTaskSessions', async (route) => {
    await held
    await route.continue()
  })

  await page.goto(path)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expect(page.getByRole('main').getByText('Loading task sessions…')).toBeAttached()
  const table = page.getByRole('table', { name: tableName })
  await expect(table).toHaveCount(0)

  release()
  await expect(table.getByRole('row').nth(1)).toBeVisible()
})

test('a run older than EM lists task sessions for says so, instead of having none', async ({ page }) => {
  const demo = await control.demo()
  await page.goto(`/replicaSessions/${demo.oldJobSessionId}`)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  const note =
    'Enterprise Manager lists the task sessions of a run only for 30 days after it started, and this run is older.'
  await expect(page.getByText(note, { exact: false }).first()).toBeVisible()
  await expect(page.getByText('This job session has no task sessions.')).toHaveCount(0)
})

test('a big job’s task filter reads plainly in the URL (?q=123), and a link in the old quoted form still opens it', async ({
  page,
  request,
}) => {
  const { path, tableName } = await bigJob(request)
  const table = page.getByRole('table', { name: tableName })
  const filter = page.getByRole('searchbox', { name: 'Filter machines by name or reason' })
  // Only sql0123 of the job's machines (app0001 … mq0400) has "123" in its name.
  const onlyMatch = async () => {
    await expect(table.getByRole('row')).toHaveCount(2)
    await expect(table.getByRole('row').nth(1).getByRole('rowheader')).toHaveText('sql0123')
  }

  await page.goto(path)
  await filter.fill('123')
  await expect(page).toHaveURL((url) => url.pathname === path && url.search === '?q=123')
  await onlyMatch()
  // Sorting keeps the filter as it was typed.
  await table.getByRole('button', { name: /^VM/ }).click()
  await expect(page).toHaveURL((url) => url.searchParams.get('sort') === 'vm')
  expect(new URL(page.url()).search).toMatch(/[?&]q=123(&|$)/)

  // A shared link, as this dashboard writes it now and as it wrote it before (JSON-quoted).
  for (const search of ['?q=123', '?q=%22123%22']) {
    await page.goto(`${path}${search}`)
    await expect(filter, search).toHaveValue('123')
    await onlyMatch()
    await expect(page).toHaveURL((url) => url.search === '?q=123')
  }
})

test('a running job’s timeline says Pending for a machine waiting its turn and Running for one in progress, as its table does', async ({
  page,
}) => {
  await page.goto(`/replicaSessions/${await findLiveJobSessionWaiting()}`)
  const timeline = page.getByRole('figure', { name: 'Task session timeline' })
  await expect(timeline.getByRole('link').first()).toBeVisible()
  // One snapshot of the page (it refreshes as the live job goes on): each unfinished row's state and its bar's name.
  const snapshot = () =>
    page.evaluate(() => {
      const bars = [...document.querySelectorAll('figure a[aria-label]')].map((a) =>
        a.getAttribute('aria-label'),
      )
      return [...document.querySelectorAll('table tbody tr')].flatMap((row) => {
        const vm = row.querySelector('th')?.textContent?.trim() ?? ''
        const state = row.querySelector('td')?.textContent?.replace('State:', '').trim() ?? ''
        if (state === 'Completed') return []
        const bar = bars.find((name) => name?.startsWith(`${vm}: `)) ?? ''
        return [{ state, bar: bar.slice(vm.length + 2).split(',')[0] }]
      })
    })
  await expect
    .poll(async () => {
      const rows = await snapshot()
      const wrong = rows.filter((r) => r.bar !== (r.state === 'Pending' ? 'Pending' : 'Running'))
      return { pending: rows.some((r) => r.state === 'Pending'), wrong }
    })
    .toEqual({ pending: true, wrong: [] })
})

test('a big job’s failed machines are one click away: the Failed count narrows the table, in the link too', async ({
  page,
  request,
}) => {
  const { path, tableName } = await bigJob(request)
  const id = path.split('/').pop()
  const { items } = (await (await request.get(`/api/replicaSessions/${id}/replicaTaskSessions`)).json()) as {
    items: { result: string; state: string; vmDisplayName: string }[]
  }
  const failed = items.filter((t) => t.state === 'Completed' && t.result === 'Failed')
  expect(failed.length).toBeGreaterThan(0)
  expect(failed.length).toBeLessThan(items.length)
  const table = page.getByRole('table', { name: tableName })
  const counts = page.getByRole('group', { name: /^Machines by result/ })
  const failedButton = counts.getByRole('button', { name: `${failed.length.toLocaleString()} Failed` })

  await page.goto(path)
  await expect(failedButton).toHaveAttribute('aria-pressed', 'false')
  await failedButton.click()
  await expect(failedButton).toHaveAttribute('aria-pressed', 'true')
  await expect(page).toHaveURL((url) => url.search === '?result=Failed')
  await expect(
    page.getByText(`${failed.length.toLocaleString()} of ${items.length.toLocaleString()} machines`),
  ).toBeVisible()
  // Every row the table shows is a failed machine (a long list renders the rows in view).
  const results = await table
    .locator('tbody tr')
    .evaluateAll((rows) => rows.filter((r) => r.querySelector('th')).map((r) => r.textContent ?? ''))
  expect(results.length).toBeGreaterThan(0)
  for (const row of results) expect(row).toContain('Result: Failed')
  // Shared, the link shows the same rows (typed in any case); one naming no outcome narrows nothing.
  await page.goto(`${path}?result=failed`)
  await expect(failedButton).toHaveAttribute('aria-pressed', 'true')
  await page.goto(`${path}?result=Bogus`)
  await expect(failedButton).toHaveAttribute('aria-pressed', 'false')
  await expect(counts.getByRole('button', { pressed: true })).toHaveCount(0)
  await expect(counts.getByRole('button')).toHaveCount(new Set(items.map((t) => t.result)).size)
  // Clicking the count again shows every machine.
  await page.goto(`${path}?result=Failed`)
  await expect(failedButton).toHaveAttribute('aria-pressed', 'true')
  await failedButton.click()
  await expect(page).toHaveURL((url) => url.pathname === path && url.search === '')
  await expect(failedButton).toHaveAttribute('aria-pressed', 'false')
})

test('a failure message naming many machines is cut to a few lines until “Show all”, and copied whole', async ({
  page,
  request,
  context,
}) => {
  const { path } = await bigJob(request)
  const id = path.split('/').pop()
  const job = (await (await request.get(`/api/replicaSessions/${id}`)).json()) as { failureMessage: string }
  // As EM words it for a run that failed on 200 machines (the demo's big run fails on fewer).
  const names = Array.from({ length: 200 }, (_, i) => `app${String(i).padStart(4, '0')}`).join(', ')
  const message = `Failed to process 200 of 400 VMs (${names}). Error: snapshot failed`
  await page.route(`**/api/replicaSessions/${id}`, (route) =>
    route.fulfill({ json: { ...job, failureMessage: message } }),
  )
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.goto(path)
  const callout = page.getByRole('region', { name: 'Failure message' })
  const showAll = callout.getByRole('button', { name: /^Show all \([\d,]+ characters\)$/ })
  await expect(showAll).toHaveAttribute('aria-expanded', 'false')
  const clamped = (await callout.boundingBox())?.height ?? 0
  await showAll.click()
  await expect(callout.getByRole('button', { name: 'Show less' })).toHaveAttribute('aria-expanded', 'true')
  expect((await callout.boundingBox())?.height ?? 0).toBeGreaterThan(clamped)
  await callout.getByRole('button', { name: 'Copy failure message' }).click()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(message)

  // Long, but six lines hold it at this width: shown whole, with nothing to click.
  const fits = `Failed to process 20 of 400 VMs (${names.slice(0, 560)}). Error: snapshot failed`
  expect(fits.length).toBeGreaterThan(600)
  await page.unroute(`**/api/replicaSessions/${id}`)
  await page.route(`**/api/replicaSessions/${id}`, (route) =>
    route.fulfill({ json: { ...job, failureMessage: fits } }),
  )
  await page.reload()
  await expect(callout).toContainText('Error: snapshot failed')
  await expect(callout.getByRole('button', { name: /^Show all/ })).toHaveCount(0)
})

test('a small job narrowed to its failed machines says how many of them are shown', async ({
  page,
  request,
}) => {
  const id = (await control.demo()).backupFailedJobSessionId
  const { items } = (await (await request.get(`/api/backupSessions/${id}/taskSessions`)).json()) as {
    items: { result: string }[]
  }
  const failed = items.filter((t) => t.result === 'Failed').length
  expect(items.length).toBeLessThanOrEqual(10)
  expect(failed).toBeGreaterThan(0)
  await page.goto(`/backupSessions/${id}`)
  await page
    .getByRole('group', { name: /^Machines by result/ })
    .getByRole('button', { name: `${failed} Failed` })
    .click()
  await expect(page.getByText(`${failed} of ${items.length} machines`)).toBeVisible()
})
