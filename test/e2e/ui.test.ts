// The real UI in Chromium against a real `shmscope serve`, with real segments made by real processes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attacherBin, creatorBin, producerBin, SENSOR_HEADER } from './programs'
import { cleanupAll, spawnTracked, trackShmid, waitForLine } from '../helpers/native'
import { haveChromium, haveRenderer, nattchCell, openBrowser, screenshot, startServe, type Browser, type PageDocument, type Serve } from './harness'
import type { ChildProcess } from 'node:child_process'

declare const document: PageDocument

const INTERVAL_MS = 500
const skip = !haveChromium || !haveRenderer
const why = !haveChromium ? 'no Chromium at /usr/bin/chromium' : 'out/renderer is not built (npm run build)'
// A key unique to this run, so nothing else on the machine is touched.
const KEY = `0x5e${((process.pid & 0xffff) | 0x10000).toString(16).slice(-4)}${Math.floor(Math.random() * 0xff).toString(16).padStart(2, '0')}`

const stopChild = (c: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve()
    c.once('exit', () => resolve())
    c.kill('SIGTERM')
  })

describe.skipIf(skip)(`UI in Chromium via serve mode${skip ? ` — SKIPPED: ${why}` : ''}`, () => {
  let serve: Serve
  let browser: Browser
  let producer: ChildProcess
  let shmid: number

  beforeAll(async () => {
    const [prod] = await Promise.all([producerBin(), attacherBin(), creatorBin()])
    producer = spawnTracked(prod, [KEY])
    shmid = trackShmid(Number((await waitForLine(producer, /shmid (\d+)/))[1]))
    serve = await startServe(['--interval-ms', String(INTERVAL_MS)])
    browser = await openBrowser()
    await browser.page.goto(serve.url)
    await browser.page.waitForSelector(`tr[data-object-id="sysv:${shmid}"]`, { timeout: 20_000 })
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await serve?.stop()
    await cleanupAll()
  })

  it('a new segment appears in the table within two intervals', async () => {
    const { page } = browser
    const creator = spawnTracked(await creatorBin())
    const id = trackShmid(Number((await waitForLine(creator, /shmid (\d+)/))[1]))
    const t0 = Date.now()
    await page.waitForFunction((oid) => document.querySelector(`tr[data-object-id="${oid}"]`) !== null, `sysv:${id}`, { polling: 'raf', timeout: 10_000 })
    const elapsedMs = Date.now() - t0
    // Two poll intervals, plus a little for the WebSocket hop and the browser's frame.
    expect(elapsedMs).toBeLessThanOrEqual(2 * INTERVAL_MS + 300)
    expect(await nattchCell(page, `sysv:${id}`)).toBe('1')
    await screenshot(page, '01-segments')
    await stopChild(creator)
  })

  it('the detail chart follows nattch 1 -> 3 -> 1 as processes attach and detach', async () => {
    const { page } = browser
    await page.locator(`tr[data-object-id="sysv:${shmid}"]`).dblclick()
    const chart = page.getByTestId('chart-nattch')
    const lastValue = (v: string): Promise<unknown> =>
      page.waitForFunction((want) => document.querySelector('[data-testid="chart-nattch"]')?.getAttribute('data-last-value') === want, v, { timeout: 10_000 })
    await lastValue('1')
    const attacher = await attacherBin()
    const a = [spawnTracked(attacher, [String(shmid)]), spawnTracked(attacher, [String(shmid)])]
    await Promise.all(a.map((c) => waitForLine(c, /attached/)))
    await lastValue('3')
    await expect.poll(() => page.getByTestId('detail-nattch').textContent(), { timeout: 5000 }).toBe('3')
    await expect.poll(() => page.getByTestId('attached-table').locator('tbody tr').count(), { timeout: 5000 }).toBe(3)
    await Promise.all(a.map(stopChild))
    await lastValue('1')
    // The line really went through 3: the drawn series holds all three levels.
    const points = Number(await chart.getAttribute('data-points'))
    expect(points).toBeGreaterThan(2)
    // The applications' line and the kernel's count (dashed; the same here: shmscope is not attached).
    expect(await chart.locator('.recharts-line-curve').count()).toBe(2)
    await page.getByRole('button', { name: 'Follow live' }).click()
    await page.waitForFunction(() => (document.querySelector('.hex-bytes .chg') ?? null) !== null, undefined, { timeout: 10_000 })
    await page.setViewportSize({ width: 1400, height: 1500 })
    await screenshot(page, '02-detail')
    await page.getByRole('button', { name: 'Stop following' }).click()
    await page.setViewportSize({ width: 1400, height: 900 })
  })

  it("a pasted header shows the producer's live values", async () => {
    const { page } = browser
    await page.keyboard.press('3')
    await page.getByLabel('Object to decode').selectOption(`sysv:${shmid}`)
    await page.getByLabel('C header source').fill(SENSOR_HEADER)
    await expect.poll(() => page.getByLabel('Type', { exact: true }).inputValue(), { timeout: 10_000 }).toMatch(/SensorData/)
    await page.getByRole('button', { name: 'Decode live' }).click({ timeout: 10_000 })
    await expect.poll(() => page.getByTestId('value-sensor_id').textContent(), { timeout: 10_000 }).toBe('4242')
    expect(await page.getByTestId('value-status').textContent()).toBe('"RUNNING"')
    const first = Number(await page.getByTestId('value-counter').textContent())
    await expect.poll(async () => Number(await page.getByTestId('value-counter').textContent()), { timeout: 5000 }).toBeGreaterThan(first)
    // value = counter * 0.5 in the producer: both come from the same sample.
    const counter = Number(await page.getByTestId('value-counter').textContent())
    const value = Number(await page.getByTestId('value-value').textContent())
    expect(Math.abs(value - counter * 0.5)).toBeLessThan(1e-9)
    await page.getByLabel('Chart value', { exact: true }).check()
    await page.getByLabel('Chart counter', { exact: true }).check()
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="field-chart"]')?.getAttribute('data-points') ?? 0) >= 4, undefined, { timeout: 10_000 })
    await screenshot(page, '03-decode')
  })

  it('a malformed header shows its error at the right line', async () => {
    const { page } = browser
    await page.getByLabel('C header source').fill('#include <stdint.h>\nstruct Broken {\n    int ok;\n    floot bad;\n};\n')
    const err = page.getByTestId('layout-error')
    await expect.poll(() => err.getAttribute('data-line'), { timeout: 10_000 }).toBe('4')
    expect(await err.textContent()).toMatch(/Line 4.*floot/)
    expect(await page.locator('.gutter-error').getAttribute('data-line')).toBe('4')
    await screenshot(page, '04-decode-error')
    await page.getByRole('button', { name: /Stop decoding/ }).click()
  })

  it('opening a header together with the project header it includes gives one header that lays out', async () => {
    const { page } = browser
    await page.locator('.header-editor input[type="file"]').setInputFiles([
      { name: 'shape.h', mimeType: 'text/plain', buffer: Buffer.from('#include "common.h"\nstruct shape { point_t pts[NPTS]; unsigned char kind; };\n') },
      { name: 'common.h', mimeType: 'text/plain', buffer: Buffer.from('#include <stdint.h>\n#define NPTS 4\ntypedef struct { uint16_t x, y; } point_t;\n') }
    ])
    await expect.poll(() => page.getByLabel('C header source').inputValue(), { timeout: 5000 }).toMatch(/---- common\.h ----[\s\S]*point_t;[\s\S]*struct shape/)
    await expect.poll(() => page.getByLabel('Type', { exact: true }).locator('option').allTextContents(), { timeout: 10_000 }).toContain('struct shape')
    await page.getByLabel('Type', { exact: true }).selectOption('struct shape')
    await expect.poll(() => page.getByText(/struct shape: 18 bytes/).count(), { timeout: 10_000 }).toBe(1)
    expect(await page.getByTestId('layout-error').count()).toBe(0)
    await screenshot(page, '13-decode-two-files')
  })

  it('the event log shows the attach and detach events, filterable by pid', async () => {
    const { page } = browser
    await page.keyboard.press('Escape')
    await page.keyboard.press('4')
    await page.getByTestId('events-table').waitFor({ timeout: 10_000 })
    const text = await page.getByTestId('events-table').textContent()
    expect(text).toMatch(/attached/)
    expect(text).toMatch(/detached/)
    await page.getByLabel('Filter by object').selectOption(`sysv:${shmid}`)
    await screenshot(page, '05-events')
  })

  it('themes, presentation mode and the shortcuts sheet', async () => {
    const { page } = browser
    await page.keyboard.press('1')
    await page.locator(`tr[data-object-id="sysv:${shmid}"]`).click()
    await page.keyboard.press('t')
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('light')
    await screenshot(page, '06-segments-light')
    await page.keyboard.press('2')
    await page.keyboard.press('f')
    expect(await page.evaluate(() => document.documentElement.classList.contains('presentation'))).toBe(true)
    await screenshot(page, '07-detail-presentation-light')
    await page.keyboard.press('f')
    await page.keyboard.press('t')
    await page.keyboard.press('?')
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor()
    await screenshot(page, '08-shortcuts')
    await page.keyboard.press('Escape')
  })

  it('arrow keys move the selection in the table and Enter opens the detail', async () => {
    const { page } = browser
    await page.keyboard.press('1')
    await page.getByTestId('segments-table').focus()
    await page.keyboard.press('Home')
    const first = await page.locator('tr[aria-selected="true"]').getAttribute('data-object-id')
    await page.keyboard.press('ArrowDown')
    const second = await page.locator('tr[aria-selected="true"]').getAttribute('data-object-id')
    expect(second).not.toBe(first)
    await page.keyboard.press('Enter')
    expect(await page.getByRole('tab', { selected: true }).textContent()).toMatch(/Detail/)
  })

  it('records a session and replays it, then goes back to live', async () => {
    const { page } = browser
    await page.keyboard.press('1')
    await page.getByRole('button', { name: 'Record' }).click()
    const status = page.getByTestId('connection')
    await page.waitForTimeout(1500)
    await page.getByRole('button', { name: /Stop recording|Recording/ }).click()
    const replay = page.getByLabel('Replay a recording')
    await replay.focus()
    await expect.poll(() => replay.locator('option').count(), { timeout: 5000 }).toBe(2)
    expect(await replay.locator('option').nth(1).textContent()).toMatch(/[1-9]\d* ticks/)
    await replay.selectOption({ index: 1 })
    await expect.poll(() => status.textContent(), { timeout: 5000 }).toMatch(/^replay/)
    await expect.poll(() => page.locator(`tr[data-object-id="sysv:${shmid}"]`).count(), { timeout: 5000 }).toBe(1)
    await screenshot(page, '09-replay')
    await replay.selectOption({ index: 0 })
    await expect.poll(() => status.textContent(), { timeout: 5000 }).toMatch(/^live/)
  })

  it('raised no page errors and no CSP violations', () => {
    expect(browser.problems).toEqual([])
  })
})
