// An EM link pasted with only its host changed to the dashboard's opens the page of what it names.
import { control, expect, test } from './fixtures.ts'

test("an EM href with the dashboard's host opens the session's page, not its JSON", async ({ page }) => {
  const demo = await control.demo()
  await page.goto(`/api/replicaTaskSessions/${demo.failedTaskSessionId}?format=Entity`)
  await expect(page).toHaveURL(new RegExp(`/replicaTaskSessions/${demo.failedTaskSessionId}$`))
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
})
