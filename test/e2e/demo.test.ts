// The Start-demo button in the real UI: real demo processes appear, the interesting segment is
// selected and opened, and Stop demo leaves nothing behind on the machine.
import { readdirSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanupAll } from '../helpers/native'
import { haveChromium, haveRenderer, openBrowser, screenshot, startServe, type Browser, type Serve } from './harness'

const skip = !haveChromium || !haveRenderer
const demoKeys = (): string[] =>
  readFileSync('/proc/sysvipc/shm', 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/)[0] as string)

describe.skipIf(skip)(`Start demo in Chromium${skip ? ' — SKIPPED: no Chromium or no built renderer' : ''}`, () => {
  let serve: Serve
  let browser: Browser

  beforeAll(async () => {
    serve = await startServe()
    browser = await openBrowser()
    await browser.page.goto(serve.url)
    await browser.page.getByRole('button', { name: 'Start demo' }).first().waitFor({ timeout: 20_000 })
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await serve?.stop()
    await cleanupAll()
  })

  it('starts the demo, opens its producer segment, and stops it without leaving anything', { timeout: 120_000 }, async () => {
    const { page } = browser
    const before = new Set(demoKeys())
    await page.getByRole('button', { name: 'Start demo' }).first().click()
    // The demo's producer segment is selected and its detail opened by itself.
    await expect.poll(() => page.getByRole('tab', { selected: true }).textContent(), { timeout: 60_000 }).toMatch(/Detail/)
    await expect.poll(() => page.getByTestId('attached-table').locator('tbody tr').count(), { timeout: 20_000 }).toBe(3)
    await screenshot(page, '11-demo-detail')
    await page.keyboard.press('1')
    await expect.poll(() => page.locator('tr[data-object-id^="sysv:"]').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(8)
    await screenshot(page, '12-demo-segments')
    const during = demoKeys().filter((k) => !before.has(k))
    expect(during.length).toBeGreaterThanOrEqual(8)
    expect(readdirSync('/dev/shm').some((n) => n.startsWith('shmscope-demo-'))).toBe(true)
    await page.getByRole('button', { name: /Stop demo/ }).first().click()
    await expect.poll(() => demoKeys().filter((k) => during.includes(k)).length, { timeout: 30_000 }).toBe(0)
    expect(readdirSync('/dev/shm').filter((n) => n.startsWith('shmscope-demo-'))).toEqual([])
    expect(browser.problems).toEqual([])
  })
})
