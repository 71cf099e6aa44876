// Owns GET /metrics: the monitor's view as Prometheus text (prom-client), names prefixed
// `shmscope_`. Label cardinality is bounded: at most MAX_OBJECTS segments and objects get
// per-object series (the largest first; the rest are counted in shmscope_objects_not_exported),
// label values are cut to MAX_LABEL_CHARS, and decoded fields are exported only when opted in,
// at most MAX_FIELD_SERIES of them.
import { Counter, Gauge, Registry } from 'prom-client'
import type { WatchInfo, WatchSample } from '../../shared/api'
import type { DecodedValue } from '../../shared/layout'
import type { ApiService } from './rpc'

export const MAX_OBJECTS = 500
export const MAX_FIELD_SERIES = 200
const MAX_LABEL_CHARS = 120

export interface MetricsSource extends Pick<ApiService, 'getSnapshot' | 'getStatus' | 'listWatches'> {
  /** The newest sample of each watch (ShmscopeService has it). */
  latestSamples?(): WatchSample[]
}

export interface MetricsOptions {
  /** Export watched payloads' numeric fields as gauges (off by default: one series per field). */
  fields?: boolean
}

const cut = (s: string): string => (s.length > MAX_LABEL_CHARS ? `${s.slice(0, MAX_LABEL_CHARS - 1)}…` : s)
const num = (v: number | string): number => (typeof v === 'number' ? v : Number(v))

function numericLeaves(value: DecodedValue, path: string, out: [string, number][], limit: number): void {
  if (out.length >= limit) return
  if (typeof value === 'number') out.push([path, value])
  else if (typeof value === 'boolean') out.push([path, value ? 1 : 0])
  else if (Array.isArray(value)) value.forEach((v, i) => numericLeaves(v, `${path}[${i}]`, out, limit))
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) numericLeaves(v, path ? `${path}.${k}` : k, out, limit)
}

/** Prometheus text for GET /metrics. */
export async function renderMetrics(source: MetricsSource, options: MetricsOptions = {}): Promise<{ contentType: string; body: string }> {
  const [snapshot, status, watches] = await Promise.all([source.getSnapshot(), source.getStatus(), source.listWatches().catch(() => [] as WatchInfo[])])
  const reg = new Registry()
  const g = (name: string, help: string, labelNames: string[] = []): Gauge => new Gauge({ name: `shmscope_${name}`, help, labelNames, registers: [reg] })
  const nowS = snapshot.takenAtMs / 1000

  const seg = ['shmid', 'key', 'owner']
  const sysvNattch = g('sysv_nattch', 'Attach count as the kernel reports it (shmscope included while it watches).', seg)
  const sysvApps = g('sysv_nattch_apps', 'Attach count without shmscope itself.', seg)
  const sysvSize = g('sysv_size_bytes', 'Segment size.', seg)
  const sysvRss = g('sysv_rss_bytes', 'Resident bytes of the segment.', seg)
  const sysvSwap = g('sysv_swap_bytes', 'Swapped-out bytes of the segment.', seg)
  const sysvProcs = g('sysv_attached_processes', 'Distinct processes with the segment mapped (from /proc/<pid>/maps).', seg)
  const sinceAttach = g('sysv_seconds_since_attach', 'Seconds since the last shmat (absent when never).', seg)
  const sinceDetach = g('sysv_seconds_since_detach', 'Seconds since the last shmdt (absent when never).', seg)
  const dest = g('sysv_dest', '1 when marked for destruction (IPC_RMID) and waiting for its last detach.', seg)
  const orphaned = g('sysv_orphaned', '1 when nobody is attached and the creator is gone (a likely leak).', seg)
  const locked = g('sysv_locked', '1 when locked in memory (SHM_LOCK).', seg)

  const sysv = [...snapshot.sysv].sort((a, b) => b.sizeBytes - a.sizeBytes)
  const posix = [...snapshot.posix].sort((a, b) => b.sizeBytes - a.sizeBytes)
  const sysvShown = sysv.slice(0, MAX_OBJECTS)
  const posixShown = posix.slice(0, Math.max(0, MAX_OBJECTS - sysvShown.length))
  for (const s of sysvShown) {
    const l = { shmid: String(s.shmid), key: s.keyHex, owner: cut(s.owner) }
    const apps = s.nattch - (s.monitorAttaches ?? 0)
    sysvNattch.set(l, s.nattch)
    sysvApps.set(l, apps)
    sysvSize.set(l, s.sizeBytes)
    if (s.rssBytes !== null) sysvRss.set(l, s.rssBytes)
    if (s.swapBytes !== null) sysvSwap.set(l, s.swapBytes)
    sysvProcs.set(l, new Set(s.attachments.map((a) => a.pid)).size)
    if (s.atimeMs !== null) sinceAttach.set(l, Math.max(0, nowS - s.atimeMs / 1000))
    if (s.dtimeMs !== null) sinceDetach.set(l, Math.max(0, nowS - s.dtimeMs / 1000))
    dest.set(l, s.dest ? 1 : 0)
    orphaned.set(l, apps === 0 && s.creatorCommand === null ? 1 : 0)
    locked.set(l, s.locked ? 1 : 0)
  }
  const pl = ['name', 'kind']
  const posixSize = g('posix_size_bytes', 'Size of a /dev/shm object.', pl)
  const posixProcs = g('posix_attached_processes', 'Distinct processes with the object mapped.', pl)
  for (const o of posixShown) {
    const l = { name: cut(o.name), kind: o.kind }
    posixSize.set(l, o.sizeBytes)
    posixProcs.set(l, new Set(o.attachments.map((a) => a.pid)).size)
  }
  g('objects_not_exported', `Segments and objects left out of per-object series (only the ${MAX_OBJECTS} largest are exported).`).set(
    sysv.length + posix.length - sysvShown.length - posixShown.length
  )

  const pageSize = snapshot.limits.pageSizeBytes || 4096
  g('sysv_segments', 'System V segments present.').set(snapshot.sysv.length)
  g('sysv_segments_limit', 'SHMMNI: the most segments the kernel allows.').set(snapshot.limits.shmmni)
  g('sysv_pages', 'Pages of all System V segments (what SHMALL limits).').set(snapshot.sysv.reduce((n, s) => n + Math.ceil(s.sizeBytes / pageSize), 0))
  g('sysv_pages_limit', 'SHMALL: the most pages all segments may use.').set(num(snapshot.limits.shmallPages))
  g('sysv_max_segment_bytes', 'SHMMAX: the largest segment allowed.').set(num(snapshot.limits.shmmaxBytes))
  g('sysv_all_size_bytes', 'Bytes of all System V segments.').set(snapshot.usage.sizeBytes)
  g('sysv_all_rss_bytes', 'Resident bytes of all System V segments.').set(snapshot.usage.rssBytes)
  g('posix_objects', 'Objects in /dev/shm.').set(snapshot.posix.length)

  new Counter({ name: 'shmscope_monitor_ticks_total', help: 'Polls completed.', registers: [reg] }).inc(status.ticks)
  new Counter({ name: 'shmscope_monitor_skipped_ticks_total', help: 'Polls skipped because the previous one was still running.', registers: [reg] }).inc(status.skippedTicks)
  g('monitor_tick_duration_seconds', 'Duration of the last poll.').set(status.lastDurationMs / 1000)
  g('monitor_interval_seconds', 'Poll interval.').set(status.settings.intervalMs / 1000)
  g('monitor_history_bytes', 'Bytes the history holds (bounded by its budget).').set(status.historyBytes ?? 0)
  g('monitor_history_budget_bytes', 'Budget of the history.').set(status.settings.historyBudgetBytes)
  g('monitor_watches', 'Payload watches running.').set(watches.length)

  const samples = source.latestSamples?.() ?? []
  const wl = ['watch', 'target', 'type']
  const watchNattch = g('watch_nattch', 'Attach count of a watched object, without shmscope (absent while it does not exist).', wl)
  const watchTorn = new Counter({ name: 'shmscope_watch_torn_samples_total', help: 'Samples of a watch whose copies never agreed (a writer was busy).', labelNames: wl, registers: [reg] })
  for (const w of watches) {
    const s = samples.find((x) => x.watchId === w.watchId)
    const l = { watch: w.watchId, target: cut(s?.target ?? ''), type: cut(w.typeName) }
    if (s?.nattch !== undefined && s.error === undefined) watchNattch.set(l, s.nattch)
    watchTorn.inc(l, w.tornSamples)
  }
  if (options.fields) {
    const field = g('watch_field', 'A numeric field of a watched payload (opt-in: --metrics-fields).', [...wl, 'field'])
    let budget = MAX_FIELD_SERIES
    for (const s of samples) {
      if (s.error !== undefined || budget <= 0) continue
      const leaves: [string, number][] = []
      numericLeaves(s.value, '', leaves, budget)
      budget -= leaves.length
      for (const [path, v] of leaves) field.set({ watch: s.watchId, target: cut(s.target), type: cut(s.type), field: cut(path) }, v)
    }
  }
  return { contentType: reg.contentType, body: await reg.metrics() }
}
