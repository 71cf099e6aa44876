// Benchmark 4c: memory after an hour of simulated history — renderer heap (CDP
// Runtime.getHeapUsage after a forced GC) and the serve process's RSS, sampled along the way
// to get a slope. "Simulated": a serve polls at 50 ms, so one minute holds as many ticks as
// ten minutes at the default 500 ms; an hour of ticks (7,200) takes 6 minutes (--quick: 2).
// The page shows the detail of one of our segments (its charts query history every tick),
// 500 segments are polled, 50 processes attached to them, and one process attaches to and
// detaches from 300 of them all the time (so their history grows every tick).
import type { Page } from 'playwright-core'
import { createSegments, startAttachers, startFlapper, stopChild } from '../lib/fixtures'
import { log, round } from '../lib/stats'
import { rssMb, startServe, type ServeHandle } from './serve'

export interface HistoryResult {
  rendererHeapMb: number | null
  mainRssMb: number | null
  method: string
  points: { simulatedMinutes: number; rendererHeapMb?: number; mainRssMb?: number; heapUsedMb?: number; historyMb?: number }[]
  rssSlopeMbPerHour?: number
  heapSlopeMbPerHour?: number
}

const INTERVAL_MS = 50
const SPEEDUP = 500 / INTERVAL_MS

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length
  const mx = xs.reduce((a, b) => a + b, 0) / n
  const my = ys.reduce((a, b) => a + b, 0) / n
  let num = 0
  let den = 0
  for (let i = 0; i < n; i++) {
    num += ((xs[i] as number) - mx) * ((ys[i] as number) - my)
    den += ((xs[i] as number) - mx) ** 2
  }
  return den === 0 ? 0 : num / den
}

/** A gauge of shmscope's /metrics, in bytes. */
async function metric(serve: ServeHandle, name: string): Promise<number | undefined> {
  const text = await (await fetch(new URL('/metrics', serve.url))).text()
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text)
  return m ? Number(m[1]) : undefined
}

export async function benchHourOfHistory(_page: Page, _serve: ServeHandle, quick: boolean): Promise<HistoryResult> {
  const wallMinutes = quick ? 2 : 6
  const set = await createSegments(500, 4096)
  const attachers = await startAttachers(set.shmids.slice(0, 100), 50, 2)
  // 300 segments whose nattch moves every 120 ms: their step tracks store a point almost every
  // tick, so the history fills its 64 MiB budget within the simulated hour.
  attachers.push(await startFlapper(set.shmids.slice(100, 400), 120))
  const serve = await startServe(['--interval-ms', String(INTERVAL_MS)])
  const page = _page
  const points: HistoryResult['points'] = []
  try {
    await page.goto(serve.url, { timeout: 30_000 })
    const shmid = set.shmids[0] as number
    const row = page.locator(`tr[data-object-id="sysv:${shmid}"]`)
    await row.waitFor({ timeout: 20_000 })
    await row.dblclick()
    const cdp = await page.context().newCDPSession(page)
    const started = Date.now()
    const everyMs = quick ? 15_000 : 30_000
    log(`ui: an hour of simulated history (${wallMinutes} min at ${INTERVAL_MS} ms, 500 segments, the detail open)`)
    for (;;) {
      await cdp.send('HeapProfiler.collectGarbage')
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
      const simulatedMinutes = ((Date.now() - started) / 60_000) * SPEEDUP
      const historyBytes = await metric(serve, 'shmscope_monitor_history_bytes')
      const p = {
        simulatedMinutes: round(simulatedMinutes, 1),
        rendererHeapMb: round(heap.usedSize / 2 ** 20, 1),
        mainRssMb: round(await rssMb(serve.pid), 1),
        historyMb: historyBytes === undefined ? undefined : round(historyBytes / 2 ** 20, 1)
      }
      points.push(p)
      log(`  ${p.simulatedMinutes} simulated min: renderer heap ${p.rendererHeapMb} MB, serve RSS ${p.mainRssMb} MB, history ${p.historyMb ?? '?'} MB`)
      if (Date.now() - started >= wallMinutes * 60_000) break
      await new Promise((r) => setTimeout(r, everyMs))
    }
    // Slopes over the second half: after the start-up, where "flat" is what the goal asks.
    const late = points.slice(Math.floor(points.length / 2))
    const hours = late.map((p) => p.simulatedMinutes / 60)
    const last = points[points.length - 1]
    return {
      rendererHeapMb: last?.rendererHeapMb ?? null,
      mainRssMb: last?.mainRssMb ?? null,
      method: `serve at ${INTERVAL_MS} ms (${SPEEDUP}x the default rate) for ${wallMinutes} min with 500 segments (300 of them attached and detached every 120 ms) and the detail of one open in Chromium; heap after a forced GC; RSS of the serve process (main-process equivalent); slopes over the second half, per simulated hour`,
      points,
      rssSlopeMbPerHour: round(slope(hours, late.map((p) => p.mainRssMb as number)), 1),
      heapSlopeMbPerHour: round(slope(hours, late.map((p) => p.rendererHeapMb as number)), 1)
    }
  } finally {
    await serve.stop()
    for (const p of attachers) await stopChild(p)
    await set.release()
  }
}
