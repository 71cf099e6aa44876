// Benchmark 4: the UI in Chromium — chart update time, tick-to-screen latency through
// serve mode, renderer heap and main-process RSS after an hour of simulated history.
import type { Results } from '../lib/results'
import { log } from '../lib/stats'
import { benchChart } from './chart'

export interface UiBenchOptions {
  quick: boolean
}

export async function benchUi(opts: UiBenchOptions, notes: string[]): Promise<Results['ui']> {
  const ui: Results['ui'] = { tickToScreenMs: null, chart8x2000UpdateMs: null, rendererHeapMbAfterHour: null, mainRssMbAfterHour: null, details: {} }
  const details = ui.details as Record<string, unknown>
  try {
    const chart = await benchChart(opts.quick ? 5 : 15)
    ui.chart8x2000UpdateMs = chart.updateMs
    details.chart = chart
    log(`  chart 8x2000: ${chart.updateMs} ms to screen (commit ${chart.commitMs} ms)`)
  } catch (e) {
    notes.push(`ui chart: failed: ${(e as Error).message.split('\n')[0]}`)
  }
  return ui
}
