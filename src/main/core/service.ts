// ShmscopeService: the one implementation of ShmscopeApi. Each tick takes a snapshot, diffs it
// into events, appends to history, samples the payload watches and pushes one compact delta to
// every subscriber (DESIGN.md §7). The same class runs in Electron, the CLI and serve mode.
import { homedir, hostname } from 'node:os'
import { join, resolve as resolvePath } from 'node:path'
import type {
  CompileResult,
  ConnectionInfo,
  RemoteTarget,
  DemoScenarioInfo,
  DemoStatus,
  EventQuery,
  HistoryQuery,
  HistoryResult,
  MonitorStatus,
  RecordingInfo,
  Result,
  SavedLayout,
  ServerInfo,
  Settings,
  ShmscopeApi,
  TickDelta,
  Unsubscribe,
  WatchInfo,
  WatchRequest,
  WatchSample
} from '../../shared/api'
import type { ShmEvent } from '../../shared/events'
import type { Abi } from '../../shared/layout'
import type { ReadResult } from '../../shared/payload'
import type { Snapshot, SysvSegment, Target } from '../../shared/snapshot'
import { applyDelta } from '../../shared/delta'
import { readOnce } from './attach/reader'
import { createCollector, type Collector } from './collector'
import { parseTarget } from './target'
import { hostAbi, LayoutError, layoutOf } from './layout/index'
import { LayoutCache } from './monitor/layoutCache'
import { diffSnapshots, appNattch, type Reported } from './monitor/diff'
import { EventLog, objectIdOf } from './monitor/eventLog'
import { History } from './monitor/history'
import { HandlePool } from './monitor/handlePool'
import { LayoutStore } from './monitor/layoutStore'
import { changedObjects, recordObjects } from './monitor/objects'
import { PollLoop } from './monitor/pollLoop'
import { listRecordingFiles, readRecording, Recorder } from './monitor/recording'
import { PayloadWatch } from './monitor/watch'

declare const __SHMSCOPE_VERSION__: string | undefined
const VERSION = typeof __SHMSCOPE_VERSION__ === 'string' ? __SHMSCOPE_VERSION__ : '0.1.0'

export const DEFAULT_INTERVAL_MS = 500
export const DEFAULT_HISTORY_BYTES = 64 * 1024 * 1024
/** Largest readPayload, whatever the transport allowed. */
const READ_CAP_BYTES = 16 * 1024 * 1024
const MAX_WATCHES = 256

/** The demo, as the service drives it (src/demo implements it). */
export interface DemoController {
  listScenarios(): DemoScenarioInfo[]
  start(name: string): Promise<Result<DemoStatus>>
  stop(): Promise<DemoStatus>
  status(): DemoStatus
}

export interface ServiceOptions {
  intervalMs?: number
  historyBudgetBytes?: number
  /** Shown by getInfo(); 'electron' or 'serve'. */
  transport?: string
  /** Where layouts and recordings live; default $SHMSCOPE_DATA_DIR or ~/.local/share/shmscope. */
  dataDir?: string
  /** Keep layouts and recordings in memory only (tests, one-shot CLI use). */
  ephemeral?: boolean
  demo?: DemoController
  /**
   * Where snapshots come from (default: an incremental collector, which rereads the
   * process maps only when the kernel's table says attachments moved, or every 2 s).
   */
  collect?: (excludePids: number[]) => Promise<Snapshot>
}

/** The view a page sees: live, or a recording loaded for replay. */
interface View {
  snapshot: Snapshot | undefined
  history: History
  events: EventLog
}

const ok = <T>(value: T): Result<T> => ({ ok: true, value })
const err = <T>(error: string): Result<T> => ({ ok: false, error })
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? 'failed'

export function defaultDataDir(): string {
  if (process.env['SHMSCOPE_DATA_DIR']) return process.env['SHMSCOPE_DATA_DIR']
  const xdg = process.env['XDG_DATA_HOME']
  return join(xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.local', 'share'), 'shmscope')
}

export class ShmscopeService implements ShmscopeApi {
  private readonly loop: PollLoop
  private readonly live: View
  private replayView: (View & { info: RecordingInfo }) | undefined
  private readonly pool = new HandlePool()
  private readonly watches = new Map<string, PayloadWatch>()
  private readonly listeners = new Set<(tick: TickDelta) => void>()
  private readonly layouts: LayoutStore
  private readonly layoutCache = new LayoutCache()
  private readonly dataDir: string | undefined
  private readonly collect: (excludePids: number[]) => Promise<Snapshot>
  private collector: Collector | undefined
  private prevSelf = new Map<number, number>()
  private readonly reported = new Map<number, Reported>()
  private latest: WatchSample[] = []
  private recorder: Recorder | undefined
  private seq = 0
  private nextWatch = 1
  private disposed = false
  private bindingsDirty = true

  constructor(private readonly options: ServiceOptions = {}) {
    const budget = options.historyBudgetBytes ?? DEFAULT_HISTORY_BYTES
    this.live = { snapshot: undefined, history: new History(budget), events: new EventLog() }
    this.loop = new PollLoop(() => this.tick(), options.intervalMs ?? DEFAULT_INTERVAL_MS)
    this.dataDir = options.ephemeral ? undefined : (options.dataDir ?? defaultDataDir())
    this.layouts = new LayoutStore(this.dataDir)
    if (options.collect) this.collect = options.collect
    else {
      const collector = createCollector({ excludePids: [process.pid] })
      this.collector = collector
      this.collect = () => collector.collect()
    }
  }

  /** Start polling (the first tick runs at once). */
  async start(): Promise<void> {
    if (this.disposed) throw new Error('the service was disposed')
    this.loop.start()
    await this.loop.idle()
  }

  /** Stop polling, let go of every attachment, finish a recording, stop the demo. */
  async dispose(): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    this.loop.stop()
    await this.loop.idle()
    for (const w of this.watches.values()) w.close()
    this.watches.clear()
    this.pool.closeAll()
    this.collector?.close()
    this.listeners.clear()
    await this.recorder?.stop().catch(() => undefined)
    this.recorder = undefined
    await this.options.demo?.stop().catch(() => undefined)
  }

  /** Run one tick now and wait for it (tests and the CLI use this instead of the timer). */
  async tickNow(): Promise<void> {
    await this.loop.idle()
    this.loop.fire()
    await this.loop.idle()
  }

  /** The newest sample of every watch (for /metrics). */
  latestSamples(): WatchSample[] {
    return this.latest
  }

  private get view(): View {
    return this.replayView ?? this.live
  }

  private async tick(): Promise<void> {
    // What the monitor holds while this snapshot is taken: watches only attach and detach
    // after the snapshot (below), so this is exact for the whole of collect().
    const selfNow = new Map<number, number>()
    for (const w of this.watches.values()) {
      const id = w.boundObjectId
      if (id?.startsWith('sysv:')) selfNow.set(Number(id.slice(5)), this.pool.attachesOn(Number(id.slice(5))))
    }
    const snapshot = await this.collect([process.pid])
    if (this.disposed) return
    for (const s of snapshot.sysv) {
      const mine = selfNow.get(s.shmid)
      if (mine) s.monitorAttaches = mine
    }
    const t = snapshot.takenAtMs
    const prev = this.live.snapshot
    const selfBefore = this.prevSelf
    const events: ShmEvent[] = prev
      ? diffSnapshots(prev, snapshot, { tMs: t, selfPid: process.pid, selfBefore: (id) => selfBefore.get(id) ?? 0, reported: this.reported })
      : []
    this.prevSelf = selfNow
    const changed = changedObjects(prev, snapshot)
    this.live.snapshot = snapshot
    recordObjects(this.live.history, snapshot, changed.removed, (s: SysvSegment) => appNattch(s, (id) => selfNow.get(id) ?? 0))
    this.live.events.append(events)

    if (this.bindingsDirty) await this.syncBindings()
    const samples = this.sampleWatches(snapshot, selfNow)
    this.latest = samples

    const tick: TickDelta = {
      seq: ++this.seq,
      tMs: t,
      durationMs: Date.now() - t,
      skippedTicks: this.loop.skipped,
      upserted: changed.upserted,
      removed: changed.removed,
      usage: snapshot.usage,
      events,
      samples
    }
    this.recorder?.add(tick, snapshot)
    if (!this.replayView) this.publish(tick)
  }

  private publish(tick: TickDelta): void {
    for (const l of this.listeners) {
      try {
        l(tick)
      } catch {
        // A listener's failure is its own; the loop and the other listeners go on.
      }
    }
  }

  private sampleWatches(snapshot: Snapshot, selfNow: Map<number, number>): WatchSample[] {
    const out: WatchSample[] = []
    for (const w of this.watches.values()) {
      const { object, why } = w.follow(snapshot)
      const sample = w.sample(snapshot.takenAtMs, object, why)
      if (object && 'shmid' in object) {
        sample.nattchKernel = object.nattch
        sample.nattch = appNattch(object, (id) => selfNow.get(id) ?? 0)
      } else if (object) sample.nattch = new Set(object.attachments.map((a) => a.pid)).size
      if (sample.error === undefined && w.fieldNames.length > 0) {
        this.live.history.record(`fields:${w.boundObjectId ?? w.objectId}`, w.fieldNames, sample.takenAtMs, w.numeric, false)
      }
      out.push(sample)
    }
    return out
  }

  // ---- ShmscopeApi ----

  async getInfo(): Promise<ServerInfo> {
    return { version: VERSION, hostname: hostname(), pid: process.pid, transport: this.options.transport ?? 'serve', readOnly: true, abi: hostAbi() }
  }

  async getSnapshot(): Promise<Snapshot> {
    const view = this.view
    if (view.snapshot) return view.snapshot
    await this.loop.idle()
    if (!this.live.snapshot) this.live.snapshot = await this.collect([process.pid])
    return this.view.snapshot as Snapshot
  }

  subscribe(listener: (tick: TickDelta) => void): Unsubscribe {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  async readPayload(target: Target, offset: number, length: number): Promise<ReadResult> {
    if (length > READ_CAP_BYTES) return { ok: false, code: 'too-large', message: `at most ${READ_CAP_BYTES} bytes per read` }
    // Never attach while a snapshot is being read: it would count as an application's attach.
    await this.loop.idle()
    // Our own open of a POSIX object is no sign that an application mapped it.
    if (target.kind === 'posix') this.collector?.ignoreOpensOf(target.name)
    // A key is resolved from the last snapshot (the reader would otherwise read the table itself).
    if (target.kind === 'sysv-key' && this.live.snapshot) {
      const found = this.live.snapshot.sysv.filter((s) => s.key === target.key && !s.dest)
      if (found.length === 1) return readOnce({ kind: 'sysv', shmid: (found[0] as SysvSegment).shmid }, offset, length)
    }
    return readOnce(target, offset, length)
  }

  async queryHistory(query: HistoryQuery): Promise<HistoryResult> {
    const view = this.view
    const fields = query.series.filter((s) => s.startsWith('field:'))
    const meta = query.series.filter((s) => !s.startsWith('field:'))
    const trackId = fields.length > 0 && meta.length === 0 ? `fields:${query.objectId}` : query.objectId
    const names = trackId === query.objectId ? meta : fields
    const w = view.history.query(trackId, names, query.fromMs, query.toMs, query.maxPoints)
    const marks = view.events
      .query({ objectId: query.objectId, fromMs: query.fromMs, limit: 2000 })
      .filter((e) => e.tMs <= (query.toMs ?? Infinity))
      .map((e) => (e.pid === undefined ? { tMs: e.tMs, type: e.type } : { tMs: e.tMs, type: e.type, pid: e.pid }))
    for (const n of query.series) if (!(n in w.series)) w.series[n] = w.tMs.map(() => null)
    return { objectId: query.objectId, tMs: w.tMs, series: w.series, marks, rawPoints: w.rawPoints }
  }

  async listEvents(query: EventQuery): Promise<ShmEvent[]> {
    return this.view.events.query(query)
  }

  async compileLayout(source: string, typeName: string | undefined, abi: Abi | undefined): Promise<CompileResult> {
    try {
      const header = await this.layoutCache.compile(source)
      const types = header.typeNames()
      if (typeName === undefined || typeName.trim() === '') return { ok: true, types }
      return { ok: true, types, layout: layoutOf(header, typeName, abi ?? hostAbi()).json }
    } catch (e) {
      if (e instanceof LayoutError) {
        const types = await this.layoutCache
          .compile(source)
          .then((h) => h.typeNames())
          .catch(() => undefined)
        return types ? { ok: false, error: e.info, types } : { ok: false, error: e.info }
      }
      return { ok: false, error: { message: message(e) } }
    }
  }

  async startWatch(request: WatchRequest): Promise<Result<WatchInfo>> {
    if (this.disposed) return err('the monitor has stopped')
    if (this.watches.size >= MAX_WATCHES) return err(`at most ${MAX_WATCHES} watches at once`)
    if (request.target.kind === 'sysv-key' && request.target.key === 0) return err('key 0 is IPC_PRIVATE (shared by many segments): watch the shmid instead')
    let layout
    try {
      layout = layoutOf(await this.layoutCache.compile(request.source), request.typeName, request.abi ?? hostAbi())
    } catch (e) {
      return err(e instanceof LayoutError ? `layout error: ${e.message}` : message(e))
    }
    await this.loop.idle()
    const snapshot = this.live.snapshot ?? (await this.getSnapshot())
    if (request.target.kind === 'sysv' && !snapshot.sysv.some((s) => s.shmid === (request.target as { shmid: number }).shmid)) {
      return err(`no System V segment ${request.target.shmid}`)
    }
    const watchId = `w${this.nextWatch++}`
    const watch = new PayloadWatch(watchId, request.target, layout, request.includeBytes === true, Date.now(), this.pool)
    // Attach now (between snapshots) so that a refusal is answered at once, not a tick later.
    const { object, why } = watch.follow(snapshot)
    if (object && why) {
      watch.close()
      return err(why)
    }
    this.watches.set(watchId, watch)
    return ok(watch.info())
  }

  async stopWatch(watchId: string): Promise<void> {
    const w = this.watches.get(watchId)
    if (!w) return
    await this.loop.idle()
    w.close()
    this.watches.delete(watchId)
  }

  async listWatches(): Promise<WatchInfo[]> {
    return [...this.watches.values()].map((w) => w.info())
  }

  async listLayouts(): Promise<SavedLayout[]> {
    return this.layouts.list()
  }

  async saveLayout(layout: Omit<SavedLayout, 'id' | 'updatedAtMs'> & { id?: string }): Promise<Result<SavedLayout>> {
    if (layout.bindTo !== undefined) {
      const t = parseTarget(layout.bindTo)
      if (!t || t.kind === 'sysv' || (t.kind === 'sysv-key' && t.key === 0)) return err('a layout binds to a key (key:0x…) or a POSIX name (/name), not to a shmid')
    }
    const compiled = await this.compileLayout(layout.source, layout.typeName, layout.abi)
    if (!compiled.ok) return err(`layout error: ${compiled.error.message}`)
    try {
      const saved = await this.layouts.save(layout)
      this.bindingsDirty = true
      return ok(saved)
    } catch (e) {
      return err(message(e))
    }
  }

  async deleteLayout(id: string): Promise<void> {
    await this.layouts.remove(id)
    this.bindingsDirty = true
  }

  /** One watch per saved layout with a binding; stale ones stop. */
  private async syncBindings(): Promise<void> {
    this.bindingsDirty = false
    const layouts = (await this.layouts.list()).filter((l) => l.bindTo !== undefined)
    const wanted = new Map(layouts.map((l) => [l.id, l]))
    for (const w of [...this.watches.values()]) {
      const l = w.boundLayoutId === undefined ? undefined : wanted.get(w.boundLayoutId)
      if (w.boundLayoutId === undefined) continue
      if (!l || l.updatedAtMs > w.startedAtMs) {
        w.close()
        this.watches.delete(w.watchId)
      } else wanted.delete(l.id)
    }
    for (const l of wanted.values()) {
      const target = parseTarget(l.bindTo as string)
      if (!target) continue
      const watchId = `w${this.nextWatch++}`
      try {
        const layout = layoutOf(await this.layoutCache.compile(l.source), l.typeName, l.abi)
        const watch = new PayloadWatch(watchId, target, layout, false, Date.now(), this.pool)
        watch.boundLayoutId = l.id
        this.watches.set(watchId, watch)
      } catch {
        // A saved layout that no longer compiles stays saved; it just does not watch.
      }
    }
  }

  async getStatus(): Promise<MonitorStatus> {
    return {
      settings: this.settings(),
      ticks: this.loop.ticks,
      skippedTicks: this.loop.skipped,
      lastTickMs: this.loop.lastTickMs,
      lastDurationMs: Math.round(this.loop.lastDurationMs * 100) / 100,
      recording: this.recorder ? this.recorder.info() : null,
      replay: this.replayView ? this.replayView.info : null,
      historyBytes: this.live.history.bytes,
      lastError: this.loop.lastError,
      attachments: this.pool.size
    }
  }

  private settings(): Settings {
    return { intervalMs: this.loop.intervalMs, paused: this.loop.paused, historyBudgetBytes: this.live.history.budget }
  }

  async setSettings(patch: Partial<Settings>): Promise<Result<Settings>> {
    if (patch.intervalMs !== undefined) {
      if (!Number.isInteger(patch.intervalMs) || patch.intervalMs < 50 || patch.intervalMs > 10_000) return err('intervalMs must be an integer from 50 to 10000')
      this.loop.setIntervalMs(patch.intervalMs)
    }
    if (patch.historyBudgetBytes !== undefined) {
      if (!Number.isInteger(patch.historyBudgetBytes) || patch.historyBudgetBytes < 1 << 20) return err('historyBudgetBytes must be at least 1 MiB')
      this.live.history.setBudget(patch.historyBudgetBytes)
    }
    if (patch.paused !== undefined && !this.disposed) this.loop.setPaused(patch.paused)
    return ok(this.settings())
  }

  private get recordingsDir(): string | undefined {
    return this.dataDir === undefined ? undefined : join(this.dataDir, 'recordings')
  }

  async startRecording(): Promise<Result<RecordingInfo>> {
    const dir = this.recordingsDir
    if (!dir) return err('recordings are off: this monitor keeps nothing on disk')
    if (this.recorder) return ok(this.recorder.info())
    try {
      this.recorder = await Recorder.start(dir, this.loop.intervalMs)
      return ok(this.recorder.info())
    } catch (e) {
      return err(`cannot start a recording in ${dir}: ${message(e)}`)
    }
  }

  async stopRecording(): Promise<Result<RecordingInfo>> {
    const r = this.recorder
    if (!r) return err('no recording is running')
    this.recorder = undefined
    const info = await r.stop()
    return r.error ? err(`the recording failed: ${r.error}`) : ok(info)
  }

  async listRecordings(): Promise<RecordingInfo[]> {
    const dir = this.recordingsDir
    return dir ? listRecordingFiles(dir) : []
  }

  async loadRecording(path: string | undefined): Promise<Result<RecordingInfo | null>> {
    if (path === undefined) {
      this.replayView = undefined
      this.announceGap()
      return ok(null)
    }
    const dir = this.recordingsDir
    const full = resolvePath(dir ?? '/', path)
    // Only files of the recordings folder: a page never names an arbitrary file.
    if (!dir || !full.startsWith(resolvePath(dir) + '/')) return err('not a recording of this monitor (see listRecordings)')
    try {
      this.replayView = await buildReplay(full, this.live.history.budget)
      this.announceGap()
      return ok(this.replayView.info)
    } catch (e) {
      return err(`cannot load ${path}: ${message(e)}`)
    }
  }

  /** Skip a sequence number: subscribers see a gap and fetch the snapshot again. */
  private announceGap(): void {
    this.seq += 1
    const s = this.view.snapshot
    if (!s) return
    this.publish({
      seq: ++this.seq,
      tMs: s.takenAtMs,
      durationMs: 0,
      skippedTicks: this.loop.skipped,
      upserted: { sysv: [], posix: [] },
      removed: { sysv: [], posix: [] },
      usage: s.usage,
      events: [],
      samples: []
    })
  }

  async listDemoScenarios(): Promise<DemoScenarioInfo[]> {
    return this.options.demo?.listScenarios() ?? []
  }

  async startDemo(scenario: string): Promise<Result<DemoStatus>> {
    if (!this.options.demo) return err('the demo is not available here')
    return this.options.demo.start(scenario)
  }

  async stopDemo(): Promise<DemoStatus> {
    return this.options.demo ? this.options.demo.stop() : { running: false, processes: [], headers: [] }
  }

  async getDemoStatus(): Promise<DemoStatus> {
    return this.options.demo ? this.options.demo.status() : { running: false, processes: [], headers: [] }
  }

  /** The service itself is always this machine; the transports' switch (src/main/remote) adds remotes. */
  async connectRemote(target: RemoteTarget | null): Promise<Result<ConnectionInfo>> {
    return target === null ? ok(await this.getConnection()) : err('this monitor cannot watch another machine')
  }

  async getConnection(): Promise<ConnectionInfo> {
    return { mode: 'local', state: 'open' }
  }
}

/** A recording turned into a view: its last state, its events and its history. */
async function buildReplay(path: string, budgetBytes: number): Promise<View & { info: RecordingInfo }> {
  const { lines } = await readRecording(path)
  const view: View = { snapshot: undefined, history: new History(budgetBytes), events: new EventLog() }
  let ticks = 0
  let first: number | undefined
  for (const line of lines) {
    if (line.type === 'header') continue
    const prev = view.snapshot
    if (line.type === 'tick') view.events.append(line.tick.events)
    const next = line.type === 'snapshot' ? line.snapshot : prev ? applyDelta(prev, line.tick) : undefined
    if (!next) continue
    const removed = line.type === 'tick' ? line.tick.removed : changedObjects(prev, next).removed
    recordObjects(view.history, next, removed, (s) => s.nattch)
    view.snapshot = next
    first ??= next.takenAtMs
    ticks++
  }
  if (!view.snapshot) throw new Error('the recording holds no snapshot')
  return { ...view, info: { path, startedAtMs: first ?? 0, endedAtMs: view.snapshot.takenAtMs, ticks, bytes: 0 } }
}

export { objectIdOf }
