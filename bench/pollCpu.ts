// Benchmark 2: CPU of the poll loop, measured in a fresh child process (pollChild.ts):
// 1,000 segments at 10 Hz, and 64 watched 4 KiB payloads decoded at 20 Hz.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createSegments, freeSegmentSlots, startAttachers, startFlapper, startWriter, stopChild } from './lib/fixtures'
import { loadService } from './lib/core'
import type { Results } from './lib/results'
import { log, round } from './lib/stats'
import type { PollChildConfig, PollChildResult } from './pollChild'

export interface PollBenchOptions {
  windowSeconds: number
}

const CHILD = fileURLToPath(new URL('./pollChild.ts', import.meta.url))

function runChild(cfg: PollChildConfig): Promise<PollChildResult> {
  const timeoutMs = (cfg.warmupSeconds + cfg.windowSeconds + 60) * 1000
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(cfg)], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const line = stdout.split('\n').find((l) => l.startsWith('result '))
      if (line) return resolve(JSON.parse(line.slice(7)) as PollChildResult)
      const why = (err?.message ?? 'no result').split('\n')[0]?.slice(0, 120)
      reject(new Error(`poll child (${cfg.via}) failed: ${stderr.trim().split('\n')[0] ?? ''} [${why}]`))
    })
  })
}

/** Run with the service when it exists; fall back to the hand loop and say so. */
async function runEitherWay(base: Omit<PollChildConfig, 'via'>, notes: string[]): Promise<PollChildResult> {
  const service = await loadService()
  if (service.mod?.ShmscopeService) {
    try {
      return await runChild({ ...base, via: 'service' })
    } catch (e) {
      notes.push(`poll ${base.mode}: ShmscopeService run failed, used the takeSnapshot/openPayload loop: ${(e as Error).message.split('\n')[0]}`)
    }
  } else {
    notes.push(`poll ${base.mode}: ShmscopeService not loadable (${service.error}); used the takeSnapshot/openPayload loop`)
  }
  return runChild({ ...base, via: 'loop' })
}

export async function benchPollCpu(opts: PollBenchOptions, notes: string[]): Promise<Results['pollCpu']> {
  const details: Record<string, unknown> = {}
  let idlePct: number | null = null
  let watchPct: number | null = null
  const vias: string[] = []

  const slots = freeSegmentSlots()
  const count = Math.min(1000, Math.max(0, slots.free - 50))
  if (count < 1000) notes.push(`poll idle: only ${count} segments created (SHMMNI ${slots.shmmni}, ${slots.existing} present)`)
  log(`poll: ${count} segments + 50 attached processes at 10 Hz for ${opts.windowSeconds} s`)
  const set = await createSegments(count, 4096)
  const attachers = await startAttachers(set.shmids, 50, 4)
  try {
    try {
      const r = await runEitherWay({ mode: 'idle', intervalMs: 100, warmupSeconds: 3, windowSeconds: opts.windowSeconds, shmids: [] }, notes)
      idlePct = round(r.cpuPct, 2)
      vias.push(`idle: ${r.via}`)
      details.idle = { ...r, segments: count, attachedProcesses: attachers.length, expectedTicks: Math.round(r.wallMs / 100) }
      log(`  idle: ${idlePct} % of one core (${r.ticks} ticks in ${round(r.wallMs, 0)} ms, via ${r.via})`)
    } catch (e) {
      notes.push(`poll idle: failed: ${(e as Error).message.split('\n')[0]}`)
    }
    // The same 10 Hz loop doing only the floor's reads: what any full rescan per tick costs.
    const compare: Record<string, number> = {}
    for (const via of ['service-full', 'floor', 'floor-sync', 'floor-worker', 'table-sync', 'reference', 'reference-sync', 'incremental'] as const) {
      const f = await runChild({ mode: 'idle', intervalMs: 100, warmupSeconds: 2, windowSeconds: Math.max(3, opts.windowSeconds / 2), shmids: [], via })
      compare[`${via}Pct`] = round(f.cpuPct, 2)
      log(`  ${via} at 10 Hz: ${round(f.cpuPct, 2)} %`)
    }
    details.idleComparisons = compare
    // Churn: one process attaches to and detaches from 10 of the segments every 120 ms, so
    // nattch moves on most ticks. The collector rereads the maps of the segments' lpid only.
    const flapper = await startFlapper(set.shmids.slice(0, 10), 120)
    try {
      const churn: Record<string, number> = {}
      for (const via of ['service', 'service-full'] as const) {
        const f = await runChild({ mode: 'idle', intervalMs: 100, warmupSeconds: 2, windowSeconds: Math.max(3, opts.windowSeconds / 2), shmids: [], via })
        churn[`${via}Pct`] = round(f.cpuPct, 2)
        log(`  with 10 segments flapping every 120 ms, ${via}: ${round(f.cpuPct, 2)} %`)
      }
      details.idleWithChurn = churn
    } finally {
      await stopChild(flapper)
    }
  } finally {
    for (const p of attachers) await stopChild(p)
    await set.release()
  }

  log(`poll: 64 watched 4 KiB payloads at 20 Hz for ${opts.windowSeconds} s`)
  const watched = await createSegments(64, 4096)
  const writer = await startWriter(watched.shmids, 10, opts.windowSeconds + 120)
  try {
    try {
      const r = await runEitherWay({ mode: 'watch', intervalMs: 50, warmupSeconds: 3, windowSeconds: opts.windowSeconds, shmids: watched.shmids }, notes)
      watchPct = round(r.cpuPct, 2)
      vias.push(`watch: ${r.via}`)
      details.watch = { ...r, watches: 64, expectedTicks: Math.round(r.wallMs / 50), expectedSamples: Math.round(r.wallMs / 50) * 64 }
      log(`  watch: ${watchPct} % of one core (${r.ticks} ticks, ${r.samples} samples, via ${r.via})`)
    } catch (e) {
      notes.push(`poll watch: failed: ${(e as Error).message.split('\n')[0]}`)
    }
    const f = await runChild({ mode: 'idle', intervalMs: 50, warmupSeconds: 2, windowSeconds: Math.max(3, opts.windowSeconds / 2), shmids: [], via: 'floor' })
    details.watchFloorAt20HzPct = round(f.cpuPct, 2)
    log(`  floor at 20 Hz (no decoding): ${round(f.cpuPct, 2)} %`)
  } finally {
    await stopChild(writer)
    await watched.release()
  }
  return { idle1000At10HzPct: idlePct, watch64At20HzPct: watchPct, via: vias.join('; '), details }
}
