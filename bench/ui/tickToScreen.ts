// Benchmark 4a: tick-to-screen latency through serve mode. A C process attaches to (or
// detaches from) one of our segments; we time until the segments table in Chromium shows
// the new nattch. Both clocks are this machine's wall clock (Date.now in Node and page).
import type { Page } from 'playwright-core'
import { createSegments, startAttachers, stopChild } from '../lib/fixtures'
import { log, median, round } from '../lib/stats'

export interface TickToScreenResult {
  medianMs: number
  maxMs: number
  samplesMs: number[]
  method: string
}

/** In the page: the nattch cell text of the row whose shmid cell equals `shmid`. */
const READ_NATTCH = `(shmid) => {
  const rows = [...document.querySelectorAll('tr, [role="row"]')]
  const cellsOf = (r) => [...r.querySelectorAll('td, th, [role="cell"], [role="gridcell"], [role="columnheader"]')]
  const header = rows.find((r) => cellsOf(r).some((c) => /^\\s*nattch/i.test(c.textContent || '')))
  const col = header ? cellsOf(header).findIndex((c) => /^\\s*nattch/i.test(c.textContent || '')) : -1
  const row = rows.find((r) => cellsOf(r).some((c) => (c.textContent || '').trim() === String(shmid)))
  if (!row || col < 0) return null
  const cell = cellsOf(row)[col]
  return cell ? (cell.textContent || '').trim() : null
}`

/** Resolve with the page's Date.now() when the row shows `expected` (polls every frame). */
async function seenAt(page: Page, shmid: number, expected: number, timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction(
    `(() => { const v = (${READ_NATTCH})(${shmid}); return v !== null && parseInt(v, 10) === ${expected} ? Date.now() : false })()`,
    undefined,
    { polling: 'raf', timeout: timeoutMs }
  )
  return (await handle.jsonValue()) as number
}

export async function benchTickToScreen(page: Page, trials: number): Promise<TickToScreenResult> {
  const set = await createSegments(1, 4096)
  const shmid = set.shmids[0] as number
  try {
    // The segment must be on screen first (nattch 0).
    await seenAt(page, shmid, 0, 20_000)
    const samples: number[] = []
    for (let i = 0; i < trials; i++) {
      // Random phase against the poll interval, so the median is not an artefact of sync.
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 400))
      const [att] = await startAttachers([shmid], 1, 1)
      const tAttach = Date.now()
      samples.push((await seenAt(page, shmid, 1, 10_000)) - tAttach)
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 400))
      const tDetachStart = Date.now()
      if (att) await stopChild(att)
      // The process is gone (and detached) by the time stopChild resolves; time from its start.
      samples.push((await seenAt(page, shmid, 0, 10_000)) - tDetachStart)
    }
    log(`  tick-to-screen samples: ${samples.join(', ')} ms`)
    return {
      medianMs: round(median(samples), 0),
      maxMs: Math.max(...samples),
      samplesMs: samples,
      method: 'nattch of a segment in the segments table: a C process attaches/detaches, Chromium polls the cell every frame'
    }
  } finally {
    await set.release()
  }
}
