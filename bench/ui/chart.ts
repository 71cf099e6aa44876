// Benchmark 4b: update time of a recharts chart with 8 series x 2,000 points, in a
// standalone page built with Vite and measured in headless Chromium.
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import react from '@vitejs/plugin-react'
import { launchChromium, serveStatic } from './browser'
import { log, median, round } from '../lib/stats'

const PAGE_DIR = fileURLToPath(new URL('./chartPage/', import.meta.url))
const OUT_DIR = fileURLToPath(new URL('../tmp/chart-page/', import.meta.url))

export interface ChartResult {
  updateMs: number
  commitMs: number
  /** The same chart with 8 x 500 points (what an LTTB point budget of ~500 would hand it). */
  updateMsAt500Points: number
  updates: number
  component: string
}

interface UpdateSample {
  commitMs: number
  screenMs: number
  frames: number
  paths: number
  changed: boolean
}

/** Build the page around `componentPath` (a module exporting Chart, SERIES, POINTS). */
async function buildPage(componentPath: string): Promise<void> {
  await build({
    root: PAGE_DIR,
    base: './',
    configFile: false,
    logLevel: 'warn',
    plugins: [react()],
    resolve: { alias: { 'bench-chart': componentPath } },
    build: { outDir: OUT_DIR, emptyOutDir: true, minify: true, chunkSizeWarningLimit: 10_000 }
  })
}

export async function benchChart(updates: number): Promise<ChartResult> {
  const component = fileURLToPath(new URL('./chartPage/plainChart.mjs', import.meta.url))
  log('ui: building the chart page')
  await buildPage(component)
  const server = await serveStatic(OUT_DIR)
  const browser = await launchChromium()
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 500 } })
    await page.goto(server.url, { timeout: 30_000 })
    await page.waitForFunction('window.__ready === true', undefined, { timeout: 30_000 })
    const samples: UpdateSample[] = []
    const small: UpdateSample[] = []
    // Interleaved: 2,000 points, then 500, then 2,000 ... (the first three of each are warm-up).
    for (let i = 0; i < updates + 3; i++) {
      for (const points of [2000, 500]) {
        const s = (await page.evaluate(`window.__update(${i * 7}, ${points})`)) as UpdateSample
        if (!s.changed || s.paths !== 8) throw new Error(`chart did not update as expected: ${JSON.stringify(s)}`)
        if (i >= 3) (points === 2000 ? samples : small).push(s)
      }
    }
    return {
      updateMs: round(median(samples.map((s) => s.screenMs)), 1),
      commitMs: round(median(samples.map((s) => s.commitMs)), 1),
      updateMsAt500Points: round(median(small.map((s) => s.screenMs)), 1),
      updates: samples.length,
      component: 'bench/ui/chartPage/plainChart.mjs (recharts LineChart, animation off)'
    }
  } finally {
    await browser.close()
    await server.close()
  }
}
