// Benchmark 4: the UI in Chromium — chart update time, tick-to-screen latency through
// serve mode, renderer heap and main-process RSS after an hour of simulated history.
import type { Results } from '../lib/results'
import { log, round } from '../lib/stats'
import { launchChromium } from './browser'
import { benchChart } from './chart'
import { benchHourOfHistory } from './history'
import { rssMb, startServe } from './serve'
import { benchTickToScreen } from './tickToScreen'

export interface UiBenchOptions {
  quick: boolean
}

const firstLine = (e: unknown): string => ((e as Error).message ?? String(e)).split('\n')[0] ?? ''

export async function benchUi(opts: UiBenchOptions, notes: string[]): Promise<Results['ui']> {
  const ui: Results['ui'] = { tickToScreenMs: null, chart8x2000UpdateMs: null, rendererHeapMbAfterHour: null, mainRssMbAfterHour: null, details: {} }
  const details = ui.details as Record<string, unknown>
  try {
    const chart = await benchChart(opts.quick ? 5 : 15)
    ui.chart8x2000UpdateMs = chart.updateMs
    details.chart = chart
    log(`  chart 8x2000: ${chart.updateMs} ms to screen (commit ${chart.commitMs} ms); 8x500: ${chart.updateMsAt500Points} ms`)
  } catch (e) {
    notes.push(`ui chart: failed: ${firstLine(e)}`)
  }

  let serve: Awaited<ReturnType<typeof startServe>> | undefined
  try {
    log('ui: starting serve mode')
    serve = await startServe(['--interval-ms', '500'])
  } catch (e) {
    notes.push(`ui: serve mode not available (${firstLine(e)}): tick-to-screen and heap not measured`)
    return ui
  }
  const browser = await launchChromium()
  try {
    // bypassCSP: the timing probes are evaluated in the page, which the UI's CSP (no eval) would refuse.
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, bypassCSP: true })
    await page.goto(serve.url, { timeout: 30_000 })
    try {
      const t = await benchTickToScreen(page, opts.quick ? 3 : 8)
      ui.tickToScreenMs = t.medianMs
      details.tickToScreen = t
      log(`  tick-to-screen at 500 ms: median ${t.medianMs} ms, max ${t.maxMs} ms`)
    } catch (e) {
      notes.push(`ui tick-to-screen: failed: ${firstLine(e)}`)
    }
    try {
      const h = await benchHourOfHistory(page, serve, opts.quick)
      ui.rendererHeapMbAfterHour = h.rendererHeapMb
      ui.mainRssMbAfterHour = h.mainRssMb
      details.history = h
    } catch (e) {
      notes.push(`ui hour of history: failed: ${firstLine(e)}`)
      const cdp = await page.context().newCDPSession(page)
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
      details.rendererHeapMbLive = round(heap.usedSize / 2 ** 20, 1)
      details.serveRssMbLive = round(await rssMb(serve.pid), 1)
    }
  } finally {
    await browser.close()
    await serve.stop()
  }
  return ui
}
