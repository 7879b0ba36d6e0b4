// Sign in with your own EM account: the dashboard with AUTH=em (serve.ts), each test in a fresh browser context
// (so signed out) and from a client address of its own (the BFF limits failed sign-ins per address).
import type { Page, Response } from '@playwright/test'
import { BASE_URL, EM_AUTH_URL, USERS } from '../ports.ts'
import { control, expect, expectAccessible, signIn, test, useOwnAddress } from './fixtures.ts'

test.use({ baseURL: EM_AUTH_URL })

test.beforeEach(async ({ page }) => {
  await useOwnAddress(page)
})

test.afterEach(async () => {
  await control.clearFaults()
})

const signInHeading = (page: Page) => page.getByRole('heading', { level: 1, name: 'Sign in' })
const signInButton = (page: Page) => page.getByRole('button', { name: 'Sign in', exact: true })
const passwordField = (page: Page) => page.getByLabel('Password', { exact: true })

/** The BFF's answer to the sign-in form's next submission. */
function nextSignInAnswer(page: Page): Promise<Response> {
  return page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/api/session' && r.request().method() === 'POST',
  )
}

/** Where the sign-in page will go afterwards (its `redirect` search parameter). */
function redirectParam(page: Page): string | null {
  return new URL(page.url()).searchParams.get('redirect')
}

/** "Signed in as <name>" in the header, and its Sign out button. */
function accountMenu(page: Page) {
  return page.getByRole('banner').getByRole('button', { name: 'Sign out' })
}

test('a deep link opened signed out goes through the sign-in form to that session', async ({
  page,
  context,
  consoleProblems,
}) => {
  // GET /api/session answers 401 while nobody is signed in.
  consoleProblems.allowFailedRequests(401)
  const demo = await control.demo()
  const path = `/backupTaskSessions/${demo.backupFailedTaskSessionId}`
  await page.goto(path)

  await expect(signInHeading(page)).toBeVisible()
  await expect(page).toHaveURL(/\/sign-in\?/)
  expect(redirectParam(page)).toBe(path)
  await expect(page).toHaveTitle('Sign in · EM Session Explorer')
  await expect(page.getByText(`Then the dashboard opens ${path}.`)).toBeVisible()
  // Nothing to open and nobody to sign out while signed out.
  await expect(page.getByRole('search', { name: 'Open by ID' })).toHaveCount(0)
  await expect(accountMenu(page)).toHaveCount(0)
  await expect(page.getByRole('textbox', { name: 'User name' })).toBeFocused()
  await expectAccessible(page, 'sign-in page')

  await signIn(page, USERS.viewer)
  await expect(page).toHaveURL(`${EM_AUTH_URL}${path}`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('sql-reporting01')
  await expect(page.getByText('Backup task session', { exact: true })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Why it failed' })).toBeVisible()
  await expect(page).toHaveTitle('sql-reporting01 · backup task session')

  // The BFF's session cookie: without the __Host- prefix (COOKIE_SECURE=false), out of reach of scripts.
  const cookie = (await context.cookies()).find((c) => c.name === 'ese_session')
  expect(cookie?.httpOnly).toBe(true)
  expect(cookie?.sameSite).toBe('Lax')
  expect(await page.evaluate(() => document.cookie)).not.toContain('ese_session')
})

test('the header names the signed-in user, after a reload too', async ({ page, consoleProblems }) => {
  consoleProblems.allowFailedRequests(401)
  await page.goto('/')
  await expect(page).toHaveURL(/\/sign-in$/)
  await signIn(page, USERS.viewer)
  await expect(page).toHaveURL(`${EM_AUTH_URL}/`)
  await expect(page.getByRole('heading', { level: 1, name: 'Open a session' })).toBeVisible()

  const banner = page.getByRole('banner')
  // EM names the account with its domain (SIMULATOR\e2e-viewer).
  const name = /^(?:\S+\\)?e2e-viewer$/
  await expect(banner.getByText(name)).toBeVisible()
  await expect(accountMenu(page)).toHaveAccessibleDescription(/^Signed in as (?:\S+\\)?e2e-viewer$/)
  // The footer's "read with the dashboard's service account" is for AUTH=service only.
  await expect(page.getByRole('contentinfo')).not.toContainText('service account')

  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: 'Open a session' })).toBeVisible()
  await expect(banner.getByText(name)).toBeVisible()
  // Signed in, the sign-in page has nothing to do and goes on to where it would have sent the user.
  await page.goto('/sign-in')
  await expect(page).toHaveURL(`${EM_AUTH_URL}/`)
})

test('a sign-in link cannot send the user to another site afterwards', async ({ page, consoleProblems }) => {
  consoleProblems.allowFailedRequests(401)
  for (const target of ['https://evil.example/', '//evil.example/x']) {
    await page.context().clearCookies()
    await page.goto(`/sign-in?redirect=${encodeURIComponent(target)}`)
    await expect(page.getByText(/Then the dashboard opens/)).toHaveCount(0)
    await signIn(page, USERS.viewer)
    await expect(page, target).toHaveURL(`${EM_AUTH_URL}/`)
    await expect(page.getByRole('heading', { level: 1, name: 'Open a session' })).toBeVisible()
  }
})

test('a wrong password: the message for invalid credentials, still on the form; then the right one', async ({
  page,
  consoleProblems,
}) => {
  consoleProblems.allowFailedRequests(401)
  const account = USERS.mistyper
  const before = await control.userCounters(account.username)
  await page.goto('/')
  await expect(signInHeading(page)).toBeVisible()

  // Empty fields are caught in the page, before any request.
  let posts = 0
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/session' && r.method() === 'POST') posts++
  })
  await signInButton(page).click()
  await expect(page.getByText('Enter your user name.')).toBeVisible()
  await expect(page.getByRole('textbox', { name: 'User name' })).toBeFocused()
  expect(posts).toBe(0)

  const answer = nextSignInAnswer(page)
  await signIn(page, { username: account.username, password: 'Not-The-Passw0rd!' })
  expect((await answer).status()).toBe(401)
  const alert = page.getByRole('alert')
  await expect(alert).toContainText('Wrong user name or password')
  await expect(alert).toContainText('Enterprise Manager did not accept them')
  await expect(page).toHaveURL(/\/sign-in$/)
  await expect(signInHeading(page)).toBeVisible()
  // The user name stays; the password is cleared and focused for the next try.
  await expect(page.getByRole('textbox', { name: 'User name' })).toHaveValue(account.username)
  await expect(passwordField(page)).toHaveValue('')
  await expect(passwordField(page)).toBeFocused()
  await expectAccessible(page, 'sign-in page after a wrong password')
  expect(await control.userCounters(account.username)).toEqual({
    ...before,
    failedLogons: before.failedLogons + 1,
  })

  await passwordField(page).fill(account.password)
  await signInButton(page).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Open a session' })).toBeVisible()
  expect((await control.userCounters(account.username)).logons).toBe(before.logons + 1)
})

/** The wait as the sign-in form words it: "1 min", "59 s", "1 min 5 s". */
function waitText(seconds: number): string {
  const minutes = Math.floor(seconds / 60)
  const rest = seconds % 60
  if (minutes === 0) return `${rest} s`
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`
}

test('too many wrong passwords: the wait, and even the right password is refused', async ({
  page,
  consoleProblems,
}) => {
  consoleProblems.allowFailedRequests(401, 429)
  const account = USERS.lockout
  const before = await control.userCounters(account.username)
  await page.goto('/')
  await expect(signInHeading(page)).toBeVisible()
  await page.getByRole('textbox', { name: 'User name' }).fill(account.username)

  async function attempt(password: string): Promise<Response> {
    await passwordField(page).fill(password)
    const answer = nextSignInAnswer(page)
    await signInButton(page).click()
    return answer
  }

  for (let i = 1; i <= 5; i++) {
    expect((await attempt(`Wrong-Passw0rd-${i}`)).status(), `wrong password ${i}`).toBe(401)
    await expect(page.getByRole('alert')).toContainText('Wrong user name or password')
  }
  expect((await control.userCounters(account.username)).failedLogons).toBe(before.failedLogons + 5)

  const refused = await attempt('Wrong-Passw0rd-6')
  expect(refused.status()).toBe(429)
  const retryAfter = Number(refused.headers()['retry-after'])
  expect(retryAfter).toBeGreaterThan(0)
  expect(retryAfter).toBeLessThanOrEqual(60)
  const alert = page.getByRole('alert')
  await expect(alert).toContainText('Too many sign-in attempts')
  await expect(alert).toContainText(
    new RegExp(`Wait ${waitText(retryAfter)} \\(until \\d\\d:\\d\\d(:\\d\\d)?\\) before trying again\\.`),
  )
  await expectAccessible(page, 'sign-in page when locked out')

  const right = await attempt(account.password)
  expect(right.status()).toBe(429)
  await expect(alert).toContainText('Too many sign-in attempts')
  await expect(page).toHaveURL(/\/sign-in$/)
  await expect(signInHeading(page)).toBeVisible()

  // Not locked per address after five: a colleague at the same address still reaches EM (here with a typo).
  await page.getByRole('textbox', { name: 'User name' }).fill(USERS.viewer.username)
  const viewerBefore = await control.userCounters(USERS.viewer.username)
  expect((await attempt('Wrong-Passw0rd-colleague')).status()).toBe(401)
  expect(await control.userCounters(USERS.viewer.username)).toEqual({
    ...viewerBefore,
    failedLogons: viewerBefore.failedLogons + 1,
  })

  // Locked per user name: from another address the account is still refused.
  await useOwnAddress(page)
  await page.getByRole('textbox', { name: 'User name' }).fill(account.username)
  expect((await attempt(account.password)).status()).toBe(429)
  await expect(alert).toContainText('Too many sign-in attempts')

  // EM saw the five wrong passwords and nothing after them.
  expect(await control.userCounters(account.username)).toEqual({
    ...before,
    failedLogons: before.failedLogons + 5,
  })
})

test('sign out: back to the sign-in form, and EM logged off', async ({ page, context, consoleProblems }) => {
  consoleProblems.allowFailedRequests(401)
  const account = USERS.leaver
  const demo = await control.demo()
  const path = `/backupSessions/${demo.backupCompletedJobSessionId}`
  await page.goto(path)
  await signIn(page, account)
  await expect(page).toHaveURL(`${EM_AUTH_URL}${path}`)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  const before = await control.userCounters(account.username)

  await accountMenu(page).click()
  await expect(signInHeading(page)).toBeVisible()
  // A plain sign-out does not bring the next person back to this page.
  await expect(page).toHaveURL(`${EM_AUTH_URL}/sign-in`)
  await expect(page.getByRole('textbox', { name: 'User name' })).toHaveValue('')
  await expect(accountMenu(page)).toHaveCount(0)
  await expect
    .poll(() => control.userCounters(account.username))
    .toEqual({ ...before, logoffs: before.logoffs + 1 })
  expect((await context.cookies()).find((c) => c.name === 'ese_session')).toBeUndefined()
  expect((await page.request.get('/api/session')).status()).toBe(401)

  // The page is out of reach until the next sign-in.
  await page.goto(path)
  await expect(signInHeading(page)).toBeVisible()
  expect(redirectParam(page)).toBe(path)
})

test('a Portal User outside their jobs: a panel saying their EM account has no access; inside: the page', async ({
  page,
  consoleProblems,
}) => {
  consoleProblems.allowFailedRequests(401, 403)
  const demo = await control.demo()
  const forbidden = `/backupTaskSessions/${demo.portalUserForbiddenBackupTaskSessionId}`
  await page.goto(forbidden)
  await signIn(page, USERS.portal)
  await expect(page).toHaveURL(`${EM_AUTH_URL}${forbidden}`)

  const panel = page.getByRole('alert')
  await expect(panel.getByRole('heading', { level: 1 })).toHaveText(
    'Your EM account has no access to this backup task session',
  )
  await expect(panel).toContainText(/You are signed in as (?:\S+\\)?portal\./)
  await expect(panel).toContainText('a Portal User reads only the jobs an EM administrator gave them')
  await expect(panel).toContainText('Error code: em_forbidden · HTTP 403')
  await expect(panel).toContainText(demo.portalUserForbiddenBackupTaskSessionId)
  // Trying again cannot help: EM's answer will be the same.
  await expect(panel.getByRole('button', { name: 'Retry' })).toHaveCount(0)
  await expect(panel.getByRole('button', { name: 'Sign in with another account' })).toBeVisible()
  await expect(page).toHaveTitle(
    'Your EM account has no access to this backup task session · EM Session Explorer',
  )
  await expectAccessible(page, 'access-denied panel')

  // Inside the Portal User's jobs, from the header's open form (a bare GUID: resolved as this user).
  const header = page.getByRole('search', { name: 'Open by ID' })
  await header
    .getByRole('textbox', { name: 'Session ID or URL' })
    .fill(demo.portalUserVisibleBackupTaskSessionId)
  await header.getByRole('button', { name: 'Open' }).click()
  await expect(page).toHaveURL(
    `${EM_AUTH_URL}/backupTaskSessions/${demo.portalUserVisibleBackupTaskSessionId}`,
  )
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expect(page.getByRole('alert')).toHaveCount(0)

  // A replication job session outside the scope, opened by bare GUID: the resolve page says it.
  await header.getByRole('textbox', { name: 'Session ID or URL' }).fill(demo.portalUserForbiddenJobSessionId)
  await header.getByRole('button', { name: 'Open' }).click()
  await expect(page).toHaveURL(`${EM_AUTH_URL}/sessions/${demo.portalUserForbiddenJobSessionId}`)
  await expect(page.getByRole('alert').getByRole('heading', { level: 1 })).toHaveText(
    'Your EM account has no access to this session',
  )

  // Another account (a Portal Administrator), and back on the same page, which it may read.
  await page.getByRole('button', { name: 'Sign in with another account' }).click()
  await expect(signInHeading(page)).toBeVisible()
  expect(redirectParam(page)).toBe(`/sessions/${demo.portalUserForbiddenJobSessionId}`)
  await signIn(page, USERS.viewer)
  await expect(page).toHaveURL(`${EM_AUTH_URL}/replicaSessions/${demo.portalUserForbiddenJobSessionId}`)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expect(page.getByRole('alert')).toHaveCount(0)
  await expect(page.getByRole('banner').getByText(/e2e-viewer$/)).toBeVisible()
})

test('a Restore Operator may read no session at all', async ({ page, consoleProblems }) => {
  consoleProblems.allowFailedRequests(401, 403)
  const demo = await control.demo()
  const path = `/replicaTaskSessions/${demo.portalUserVisibleTaskSessionId}`
  await page.goto(path)
  await signIn(page, USERS.operator)
  const panel = page.getByRole('alert')
  await expect(panel.getByRole('heading', { level: 1 })).toHaveText(
    'Your EM account has no access to this replication task session',
  )
  await expect(panel).toContainText('a Restore Operator reads no backup or replication session')
  await expect(panel).toContainText(/You are signed in as (?:\S+\\)?operator\./)
})

test('EM ends the session: the sign-in form says so, and signing in again comes back to the page', async ({
  page,
  consoleProblems,
}, testInfo) => {
  consoleProblems.allowFailedRequests(401)
  const account = USERS.expiry
  const demo = await control.demo()
  // A finished task session this account has not read yet (the BFF caches finished sessions per user, so a
  // read one would not reach EM); a repeated run takes the next.
  const streak = demo.failureStreak.failedTaskSessionIds
  const taskId = streak[(testInfo.repeatEachIndex + testInfo.retry) % streak.length] ?? ''
  const task = (await (await fetch(`${BASE_URL}/api/backupTaskSessions/${taskId}`)).json()) as {
    jobSessionId: string
  }
  const jobPath = `/backupSessions/${task.jobSessionId}`
  const taskPath = `/backupTaskSessions/${taskId}`

  await page.goto(jobPath)
  await signIn(page, account)
  await expect(page).toHaveURL(`${EM_AUTH_URL}${jobPath}`)
  const table = page.getByRole('table', { name: /^Task sessions of / })
  const link = table.getByRole('link', { name: demo.failureStreak.vmName })
  await expect(link).toBeVisible()
  const logons = (await control.userCounters(account.username)).logons

  await control.expireSessions()
  await link.click()
  await expect(signInHeading(page)).toBeVisible()
  await expect(
    page.getByRole('status').filter({ hasText: 'Your Enterprise Manager session ended' }),
  ).toHaveText('Your Enterprise Manager session ended; sign in again.')
  expect(redirectParam(page)).toBe(taskPath)
  expect(new URL(page.url()).searchParams.get('reason')).toBe('expired')
  await expectAccessible(page, 'sign-in page after EM ended the session')

  await signIn(page, account)
  await expect(page).toHaveURL(`${EM_AUTH_URL}${taskPath}`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(demo.failureStreak.vmName)
  await expect(page.getByRole('region', { name: 'Why it failed' })).toBeVisible()
  expect((await control.userCounters(account.username)).logons).toBe(logons + 1)
})

test('with the service account nobody signs in', async ({ page }) => {
  await page.goto(`${BASE_URL}/sign-in?redirect=%2FbackupServers%2Fx`)
  // No form: straight on to the target (here an invalid ID, so its panel).
  await expect(page).toHaveURL(`${BASE_URL}/backupServers/x`)
  await page.goto(`${BASE_URL}/`)
  await expect(page.getByRole('heading', { level: 1, name: 'Open a session' })).toBeVisible()
  await expect(page.getByRole('banner').getByRole('button', { name: 'Sign out' })).toHaveCount(0)
  await expect(page.getByRole('contentinfo')).toContainText("read with the dashboard's service account")
})
