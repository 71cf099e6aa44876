// Benchmark 1: one snapshot with N System V segments and 50 attached processes —
// shmscope's in-process takeSnapshot vs `lsipc -m --json` as a process vs the /proc floor.
import { readdirSync } from 'node:fs'
import { createSegments, freeSegmentSlots, startAttachers, stopChild } from './lib/fixtures'
import { FloorWorker, readFloor, readFloorSync, readShmTableSync } from './lib/floor'
import { runLsipc, countLsipcSegments } from './lib/lsipc'
import { loadSnapshot } from './lib/core'
import { referenceSnapshot } from './lib/referenceSnapshot'
import { createCollector } from '../src/main/core/collector'
import type { SnapshotRow } from './lib/results'
import { log, median, round, timeMs } from './lib/stats'

export interface SnapshotBenchOptions {
  sizes: number[]
  attachedProcesses: number
  segmentsPerProcess: number
  /** Repetitions per size (each one runs A, B and C once, interleaved). */
  repetitions: number
  /** Stop repeating a size after this long even if repetitions remain. */
  maxSecondsPerSize: number
}

const countPids = (): number => readdirSync('/proc').filter((e) => /^\d+$/.test(e)).length

export async function benchSnapshot(opts: SnapshotBenchOptions, notes: string[]): Promise<SnapshotRow[]> {
  const { mod, error } = await loadSnapshot()
  if (!mod) {
    notes.push(`snapshot: src/main/core/snapshot.ts not loadable (${error}); shmscope column missing`)
  }
  const rows: SnapshotRow[] = []
  for (const requested of opts.sizes) {
    const slots = freeSegmentSlots()
    const room = Math.max(0, slots.free - 50)
    const count = Math.min(requested, room)
    let clampedReason: string | undefined
    if (count < requested) {
      clampedReason = `SHMMNI ${slots.shmmni}, ${slots.existing} segments already present: created ${count} (free - 50) instead of ${requested}`
      notes.push(`snapshot: ${clampedReason}`)
    }
    log(`snapshot: ${count} segments, ${opts.attachedProcesses} attached processes`)
    const set = await createSegments(count, 4096)
    const attachers = await startAttachers(set.shmids, opts.attachedProcesses, opts.segmentsPerProcess)
    const worker = new FloorWorker()
    // The poll loop's snapshot: the incremental collector in its steady state (maps reread
    // only on a change or every 2 s), as each tick of the monitor gets it.
    const collector = createCollector({ excludePids: [process.pid] })
    try {
      const mine = new Set(set.shmids)
      // Sanity, untimed: both tools see our segments, and ours finds the attachments.
      const lsipcCount = await countLsipcSegments()
      if (lsipcCount < count) throw new Error(`lsipc saw ${lsipcCount} segments, expected at least ${count}`)
      let found: number | undefined
      if (mod) {
        const snap = await mod.takeSnapshot()
        const ours = snap.sysv.filter((s) => mine.has(s.shmid))
        if (ours.length !== count) throw new Error(`takeSnapshot saw ${ours.length} of our ${count} segments`)
        found = ours.reduce((n, s) => n + s.attachments.length, 0)
      }
      const ref = await referenceSnapshot()
      const refFound = ref.sysv.filter((s) => mine.has(s.shmid)).reduce((n, s) => n + s.attachments.length, 0)
      // Warm up each contender twice (JIT, page cache of the lsipc binary).
      for (let i = 0; i < 2; i++) {
        if (mod) await mod.takeSnapshot()
        await runLsipc()
        await readFloor()
        readFloorSync()
        await referenceSnapshot()
        await referenceSnapshot({ sync: true })
        await worker.read()
        await collector.collect()
      }
      const a: number[] = []
      const b: number[] = []
      const c: number[] = []
      const d: number[] = []
      const e: number[] = []
      const f: number[] = []
      const g: number[] = []
      const w: number[] = []
      const p: number[] = []
      const t0 = Date.now()
      for (let rep = 0; rep < opts.repetitions && Date.now() - t0 < opts.maxSecondsPerSize * 1000; rep++) {
        if (mod) a.push(await timeMs(() => mod.takeSnapshot()))
        b.push(await timeMs(() => runLsipc()))
        c.push(await timeMs(() => readFloor()))
        d.push(await timeMs(async () => readFloorSync()))
        e.push(await timeMs(async () => readShmTableSync()))
        f.push(await timeMs(() => referenceSnapshot()))
        g.push(await timeMs(() => referenceSnapshot({ sync: true })))
        w.push(await timeMs(() => worker.read()))
        p.push(await timeMs(() => collector.collect()))
      }
      const ours = mod ? median(a) : Number.NaN
      const lsipc = median(b)
      const floor = median(c)
      const row: SnapshotRow = {
        segments: count,
        attachedProcesses: attachers.length,
        shmscopeMs: round(ours, 3),
        lsipcMs: round(lsipc, 3),
        floorMs: round(floor, 3),
        vsLsipc: round(lsipc / ours, 2),
        vsFloor: round(ours / floor, 2),
        floorSyncMs: round(median(d), 3),
        shmTableOnlyMs: round(median(e), 3),
        floorWorkerMs: round(median(w), 3),
        referenceMs: round(median(f), 3),
        referenceSyncMs: round(median(g), 3),
        referenceAttachmentsFound: refFound,
        pollCollectMs: round(median(p), 3),
        pollVsLsipc: round(lsipc / median(p), 2),
        pollCollects: { ...collector.stats },
        maxPossibleVsLsipc: round(lsipc / median(e), 2),
        repetitions: b.length,
        processesOnMachine: countPids(),
        requestedSegments: requested,
        expectedAttachments: attachers.length * Math.min(opts.segmentsPerProcess, count)
      }
      if (found !== undefined) row.ourAttachmentsFound = found
      if (clampedReason) row.clampedReason = clampedReason
      rows.push(row)
      log(`  ours ${row.shmscopeMs} ms, lsipc ${row.lsipcMs} ms, floor ${row.floorMs} ms, floor sync ${row.floorSyncMs} ms, floor in a worker ${row.floorWorkerMs} ms, table only ${row.shmTableOnlyMs} ms, poll collect ${row.pollCollectMs} ms, lean reference ${row.referenceMs} ms (sync ${row.referenceSyncMs}) (n=${b.length})`)
    } finally {
      collector.close()
      await worker.close()
      for (const p of attachers) await stopChild(p)
      await set.release()
    }
  }
  return rows
}
