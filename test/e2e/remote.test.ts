// The remote view in the real UI: a serve started with --remote-view switches, from the toolbar, to
// another serve that wants a token; the toolbar shows where the page looks and the link's state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanupAll } from '../helpers/native'
import { haveChromium, haveRenderer, openBrowser, screenshot, startServe, type Browser, type Serve } from './harness'

const skip = !haveChromium || !haveRenderer
const TOKEN = 'e2e-remote-token-7'

describe.skipIf(skip)(`remote view in Chromium${skip ? ' — SKIPPED: no Chromium or no built renderer' : ''}`, () => {
  let a: Serve
  let b: Serve
  let browser: Browser

  beforeAll(async () => {
    a = await startServe(['--remote-view'])
    b = await startServe(['--token', TOKEN])
    browser = await openBrowser()
    await browser.page.goto(a.url)
    await browser.page.getByTestId('remote-button').waitFor({ timeout: 20_000 })
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await Promise.all([a?.stop(), b?.stop()])
    await cleanupAll()
  })

  it('connects to another serve with its token, says so, and comes back', { timeout: 90_000 }, async () => {
    const { page } = browser
    const button = page.getByTestId('remote-button')
    expect(await button.textContent()).toBe('This machine')
    await button.click()
    await page.getByLabel('Remote host').fill('127.0.0.1')
    await page.getByLabel('Remote port').fill(new URL(b.url).port)
    await page.getByLabel('Remote token').fill('not-the-token')
    await page.getByRole('button', { name: 'Connect' }).click()
    await expect.poll(() => page.getByRole('alert').filter({ hasText: /token/ }).count(), { timeout: 15_000 }).toBeGreaterThan(0)
    await page.getByLabel('Remote token').fill(TOKEN)
    await page.getByRole('button', { name: 'Connect' }).click()
    await expect.poll(() => button.textContent(), { timeout: 15_000 }).toMatch(new RegExp(`127\\.0\\.0\\.1:${new URL(b.url).port} · connected`))
    await screenshot(page, '10-remote')
    await button.click()
    await page.getByRole('button', { name: 'Back to this machine' }).click()
    await expect.poll(() => button.textContent(), { timeout: 10_000 }).toBe('This machine')
    expect(browser.problems).toEqual([])
  })
})
