// Child process of the poll-CPU benchmark: runs shmscope's poll loop alone in a fresh
// Node process and reports its own CPU time (process.cpuUsage) over a measured wall window.
// Config: one JSON argument (PollChildConfig). Output: one line `result {json}`.
import { performance } from 'node:perf_hooks'
import { loadLayout, loadReader, loadService, loadSnapshot } from './lib/core'
import { FloorWorker, readFloor, readFloorSync, readShmTableSync } from './lib/floor'
import { IncrementalReference, referenceSnapshot } from './lib/referenceSnapshot'
import { wideHeader } from './lib/headers'
import { sleep } from './lib/stats'

export interface PollChildConfig {
  mode: 'idle' | 'watch'
  intervalMs: number
  warmupSeconds: number
  windowSeconds: number
  /** Segments to watch (mode 'watch'). */
  shmids: number[]
  /**
   * 'service' uses ShmscopeService (its incremental collector); 'service-full' the same with a
   * full takeSnapshot per tick (what the service did before the collector); 'loop' a hand loop over takeSnapshot/openPayload/decoder;
   * 'floor' and 'floor-sync' only do the floor's reads each tick (what a full rescan costs
   * at least); 'floor-worker' does them synchronously in a worker thread; 'table-sync' reads
   * /proc/sysvipc/shm only; 'reference' runs bench/lib/referenceSnapshot.ts each tick; 'incremental'
   * its IncrementalReference (maps only on nattch changes plus a full rescan every 2 s).
   */
  via: 'service' | 'service-full' | 'loop' | 'floor' | 'floor-sync' | 'floor-worker' | 'table-sync' | 'reference' | 'reference-sync' | 'incremental'
}

export interface PollChildResult {
  via: string
  cpuPct: number
  wallMs: number
  cpuUserMs: number
  cpuSystemMs: number
  ticks: number
  samples: number
  rssMb: number
}

type AnyFn = (...args: unknown[]) => unknown
const asFn = (v: unknown): AnyFn | undefined => (typeof v === 'function' ? (v as AnyFn) : undefined)

interface Runner {
  stop(): Promise<void>
  counts(): { ticks: number; samples: number }
}

async function viaService(cfg: PollChildConfig): Promise<Runner> {
  const { mod, error } = await loadService()
  const Ctor = mod?.ShmscopeService as (new (o: { intervalMs: number; ephemeral: boolean; collect?: (pids: number[]) => Promise<unknown> }) => Record<string, unknown>) | undefined
  if (!Ctor) throw new Error(`ShmscopeService not loadable: ${error ?? 'no export'}`)
  let collect: ((pids: number[]) => Promise<unknown>) | undefined
  if (cfg.via === 'service-full') {
    const snap = (await loadSnapshot()).mod
    if (!snap) throw new Error('takeSnapshot not loadable')
    collect = (excludePids) => snap.takeSnapshot({ excludePids })
  }
  const service = new Ctor({ intervalMs: cfg.intervalMs, ephemeral: true, collect })
  let ticks = 0
  let samples = 0
  const unsubscribe = asFn(service.subscribe)?.call(service, (tick: { samples?: unknown[] }) => {
    ticks++
    samples += tick.samples?.length ?? 0
  }) as (() => void) | undefined
  await asFn(service.start)?.call(service)
  if (cfg.mode === 'watch') {
    const source = wideHeader()
    for (const shmid of cfg.shmids) {
      const r = (await asFn(service.startWatch)?.call(service, { target: { kind: 'sysv', shmid }, source, typeName: 'wide_t' })) as { ok?: boolean; error?: unknown } | undefined
      if (r && r.ok === false) throw new Error(`startWatch(${shmid}) failed: ${JSON.stringify(r.error ?? r)}`)
    }
  }
  return {
    counts: () => ({ ticks, samples }),
    stop: async () => {
      unsubscribe?.()
      await asFn(service.dispose)?.call(service)
    }
  }
}

async function viaLoop(cfg: PollChildConfig): Promise<Runner> {
  const snap = (await loadSnapshot()).mod
  if (!snap) throw new Error('takeSnapshot not loadable')
  const readers: { read: (o: number, l: number) => unknown }[] = []
  let decode: ((b: Uint8Array) => unknown) | undefined
  if (cfg.mode === 'watch') {
    const reader = (await loadReader()).mod
    const layout = (await loadLayout()).mod
    const open = asFn(reader?.openPayload)
    if (!open || !layout) throw new Error('openPayload or layout module not loadable')
    decode = layout.createDecoder(layout.layoutOf(await layout.compileHeader(wideHeader()), 'wide_t', 'x86_64'))
    for (const shmid of cfg.shmids) {
      const h = (await open({ kind: 'sysv', shmid })) as Record<string, unknown>
      // openPayload may return the handle or a result value wrapping it.
      const handle = (h.ok === true && h.value ? h.value : h) as { read: (o: number, l: number) => unknown }
      if (typeof handle.read !== 'function') throw new Error(`openPayload(${shmid}) gave no handle: ${JSON.stringify(h)}`)
      readers.push(handle)
    }
  }
  let ticks = 0
  let samples = 0
  let running = false
  const timer = setInterval(() => {
    if (running) return // a tick still running makes the next one skip (DESIGN.md 7)
    running = true
    void (async () => {
      await snap.takeSnapshot({ excludePids: [process.pid] })
      for (const r of readers) {
        const res = (await r.read(0, 4096)) as { ok?: boolean; bytes?: Uint8Array }
        if (res.ok && res.bytes && decode) {
          decode(res.bytes)
          samples++
        }
      }
      ticks++
    })().finally(() => {
      running = false
    })
  }, cfg.intervalMs)
  return {
    counts: () => ({ ticks, samples }),
    stop: async () => {
      clearInterval(timer)
      for (const r of readers) await asFn((r as unknown as Record<string, unknown>).close)?.call(r)
    }
  }
}

/** A poll loop that only does `work` each tick, skipping a tick while one still runs. */
function viaWork(cfg: PollChildConfig, work: () => Promise<unknown>): Runner {
  let ticks = 0
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    void work().finally(() => {
      running = false
      ticks++
    })
  }, cfg.intervalMs)
  return { counts: () => ({ ticks, samples: 0 }), stop: async () => clearInterval(timer) }
}

async function makeRunner(cfg: PollChildConfig): Promise<Runner> {
  switch (cfg.via) {
    case 'service':
    case 'service-full':
      return viaService(cfg)
    case 'loop':
      return viaLoop(cfg)
    case 'floor':
      return viaWork(cfg, readFloor)
    case 'floor-sync':
      return viaWork(cfg, async () => readFloorSync())
    case 'floor-worker': {
      const w = new FloorWorker()
      const r = viaWork(cfg, () => w.read())
      return { counts: r.counts, stop: async () => (await r.stop(), void (await w.close())) }
    }
    case 'table-sync':
      return viaWork(cfg, async () => readShmTableSync())
    case 'reference':
      return viaWork(cfg, () => referenceSnapshot())
    case 'reference-sync':
      return viaWork(cfg, () => referenceSnapshot({ sync: true }))
    case 'incremental': {
      const inc = new IncrementalReference(20)
      return viaWork(cfg, () => inc.poll())
    }
  }
}

async function main(): Promise<void> {
  const cfg = JSON.parse(process.argv[2] ?? '{}') as PollChildConfig
  const runner = await makeRunner(cfg)
  try {
    await sleep(cfg.warmupSeconds * 1000)
    const c0 = runner.counts()
    const u0 = process.cpuUsage()
    const t0 = performance.now()
    await sleep(cfg.windowSeconds * 1000)
    const u = process.cpuUsage(u0)
    const wallMs = performance.now() - t0
    const c1 = runner.counts()
    const result: PollChildResult = {
      via: cfg.via,
      cpuPct: ((u.user + u.system) / 1000 / wallMs) * 100,
      wallMs,
      cpuUserMs: u.user / 1000,
      cpuSystemMs: u.system / 1000,
      ticks: c1.ticks - c0.ticks,
      samples: c1.samples - c0.samples,
      rssMb: process.memoryUsage.rss() / 2 ** 20
    }
    process.stdout.write(`result ${JSON.stringify(result)}\n`)
  } finally {
    await runner.stop()
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`pollChild: ${(e as Error).stack ?? String(e)}\n`)
    process.exit(1)
  }
)
