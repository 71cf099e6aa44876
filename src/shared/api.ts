// ShmscopeApi: the one contract spoken by the service (main), the preload bridge, the
// serve-mode WebSocket transport and the renderer. Only plain data crosses it.

import type { Snapshot, SysvSegment, PosixObject, ShmUsage, Target } from './snapshot'
import type { ReadResult } from './payload'
import type { Abi, DecodedSample, LayoutErrorInfo, LayoutJson } from './layout'
import type { ShmEvent, ShmEventType } from './events'

/** Identifies a monitored object in history and watches: `sysv:<shmid>` or `posix:<name>`. */
export type ObjectId = string

/** What changed in one tick: never the full history, only what the page needs to move on. */
export interface TickDelta {
  /** Increases by one per completed tick; a gap tells a client to refetch the snapshot. */
  seq: number
  tMs: number
  /** How long this tick's collection took. */
  durationMs: number
  /** Ticks skipped so far because the previous one was still running. */
  skippedTicks: number
  /** Segments and objects that are new or changed since the previous tick. */
  upserted: { sysv: SysvSegment[]; posix: PosixObject[] }
  /** Gone since the previous tick: shmids and POSIX names. */
  removed: { sysv: number[]; posix: string[] }
  usage: ShmUsage
  events: ShmEvent[]
  /** The newest sample of every active payload watch. */
  samples: WatchSample[]
}

export interface WatchSample extends DecodedSample {
  watchId: string
  /** System V: the kernel's nattch, the monitor's own attachment included (`nattch` leaves it out). */
  nattchKernel?: number
  /** Raw bytes of the watched range, for the hex view (bounded by the watch's size cap). */
  bytes?: Uint8Array
  error?: string
}

/** A time window and a point budget (about the chart's width in pixels). */
export interface HistoryQuery {
  objectId: ObjectId
  /** Series names, e.g. `nattch`, `nattchApp`, `sizeBytes`, `rssBytes`, `field:value`. */
  series: string[]
  fromMs?: number
  toMs?: number
  maxPoints: number
}

/** Columnar, uPlot-like: one time column and one value column per requested series. */
export interface HistoryResult {
  objectId: ObjectId
  tMs: number[]
  series: Record<string, (number | null)[]>
  /** Attach/detach instants in the window, for markers on a timeline. */
  marks: { tMs: number; type: ShmEventType; pid?: number }[]
  /** Points before downsampling. */
  rawPoints: number
}

export interface EventQuery {
  types?: ShmEventType[]
  objectId?: ObjectId
  pid?: number
  fromMs?: number
  limit?: number
}

export interface CompiledLayout {
  ok: true
  /** Every type the header declares (typedef names and tags), for a type picker. */
  types: string[]
  layout?: LayoutJson
}
export interface LayoutFailure {
  ok: false
  error: LayoutErrorInfo
  types?: string[]
}
export type CompileResult = CompiledLayout | LayoutFailure

/** A header the user saved, optionally bound to a key or POSIX name so it re-attaches. */
export interface SavedLayout {
  id: string
  name: string
  source: string
  typeName: string
  abi: Abi
  /** `key:0x…` or `/name`: the watch starts again whenever this object appears. */
  bindTo?: string
  updatedAtMs: number
}

export interface WatchRequest {
  target: Target
  source: string
  typeName: string
  abi?: Abi
  /** Also ship the raw bytes with each sample (for the hex view and heat map). */
  includeBytes?: boolean
}

export interface WatchInfo {
  watchId: string
  objectId: ObjectId
  target: Target
  typeName: string
  abi: Abi
  layout: LayoutJson
  startedAtMs: number
  samples: number
  tornSamples: number
  /** Per field path: changes per second over the recent past. */
  fieldRatesHz: Record<string, number>
  /** Recent changes of string fields, oldest first. */
  textChanges?: { tMs: number; path: string; value: string }[]
  /** True while the monitor holds its read-only attachment (false: waiting, or let go). */
  attached?: boolean
  /** Started by a saved layout's binding rather than by a page. */
  boundLayoutId?: string
}

export interface Settings {
  /** 50 to 10 000. */
  intervalMs: number
  paused: boolean
  /** Memory bound of the whole history, in bytes. */
  historyBudgetBytes: number
}

export interface MonitorStatus {
  settings: Settings
  ticks: number
  skippedTicks: number
  lastTickMs: number
  lastDurationMs: number
  recording: RecordingInfo | null
  /** Set while showing a loaded recording instead of the live machine. */
  replay: RecordingInfo | null
  /** Bytes the history holds now (never above settings.historyBudgetBytes). */
  historyBytes?: number
  /** Why the last tick failed, while it keeps failing. */
  lastError?: string
  /** The monitor's own read-only attachments (payload watches). */
  attachments?: number
}

export interface RecordingInfo {
  path: string
  startedAtMs: number
  endedAtMs?: number
  ticks: number
  bytes: number
}

export interface ServerInfo {
  version: string
  hostname: string
  pid: number
  /** 'electron' | 'serve' | 'remote' */
  transport: string
  /** Removal of segments is disabled unless serve mode was started allowing it. */
  readOnly: boolean
  abi: Abi
  /** The page may switch this monitor to another machine's serve (connectRemote). */
  remoteView?: boolean
}

export interface DemoScenarioInfo {
  name: string
  title: string
  description: string
  /** Where to look first: an object the UI selects when the demo starts. */
  highlight?: string
}

export interface DemoStatus {
  running: boolean
  scenario?: string
  startedAtMs?: number
  processes: { pid: number; role: string }[]
  /** Header files shipped with the scenario, for decoding out of the box. */
  headers: { name: string; source: string; typeName: string; bindTo?: string }[]
}

/** Where the page's monitor is: this machine, or a `shmscope serve` on another one. */
export interface ConnectionInfo {
  mode: 'local' | 'remote'
  /** `host:port` of the remote monitor. */
  where?: string
  state: 'connecting' | 'open' | 'closed'
  /** Why a remote connection is closed (refused token, unreachable…). */
  detail?: string
}

/** A `shmscope serve` to watch instead of this machine. */
export interface RemoteTarget {
  host: string
  port: number
  token?: string
}

export type Unsubscribe = () => void

export type Result<T> = { ok: true; value: T } | { ok: false; error: string }

/** Everything the page may ask of the monitor. Implemented once by ShmscopeService. */
export interface ShmscopeApi {
  /** Version, host and transport facts. */
  getInfo(): Promise<ServerInfo>
  /** The latest full snapshot (the `list --json` document). */
  getSnapshot(): Promise<Snapshot>
  /** Called with every tick's delta until the returned function is called. */
  subscribe(listener: (tick: TickDelta) => void): Unsubscribe
  /** Read bytes of a target, read-only, bounded by the object's size and a cap. */
  readPayload(target: Target, offset: number, length: number): Promise<ReadResult>
  /** A downsampled window of one object's history. */
  queryHistory(query: HistoryQuery): Promise<HistoryResult>
  /** Recent lifecycle events, newest last. */
  listEvents(query: EventQuery): Promise<ShmEvent[]>
  /** Parse a header; list its types; lay out `typeName` when given. */
  compileLayout(source: string, typeName: string | undefined, abi: Abi | undefined): Promise<CompileResult>
  /** Start decoding a target every tick with one read-only attachment. */
  startWatch(request: WatchRequest): Promise<Result<WatchInfo>>
  stopWatch(watchId: string): Promise<void>
  listWatches(): Promise<WatchInfo[]>
  listLayouts(): Promise<SavedLayout[]>
  saveLayout(layout: Omit<SavedLayout, 'id' | 'updatedAtMs'> & { id?: string }): Promise<Result<SavedLayout>>
  deleteLayout(id: string): Promise<void>
  getStatus(): Promise<MonitorStatus>
  setSettings(patch: Partial<Settings>): Promise<Result<Settings>>
  /** Start writing every tick to a gzipped NDJSON file; returns its info. */
  startRecording(): Promise<Result<RecordingInfo>>
  stopRecording(): Promise<Result<RecordingInfo>>
  listRecordings(): Promise<RecordingInfo[]>
  /** Replace the live view with a recording; `undefined` returns to live. */
  loadRecording(path: string | undefined): Promise<Result<RecordingInfo | null>>
  listDemoScenarios(): Promise<DemoScenarioInfo[]>
  startDemo(scenario: string): Promise<Result<DemoStatus>>
  stopDemo(): Promise<DemoStatus>
  getDemoStatus(): Promise<DemoStatus>
  /** Watch another machine's `shmscope serve` (host, port, token); null comes back to this machine. */
  connectRemote(target: RemoteTarget | null): Promise<Result<ConnectionInfo>>
  /** Which monitor the page sees, and the state of the link to it. */
  getConnection(): Promise<ConnectionInfo>
}

/** Names of the request/response members, for transports and validation. */
export const API_METHODS = [
  'getInfo',
  'getSnapshot',
  'readPayload',
  'queryHistory',
  'listEvents',
  'compileLayout',
  'startWatch',
  'stopWatch',
  'listWatches',
  'listLayouts',
  'saveLayout',
  'deleteLayout',
  'getStatus',
  'setSettings',
  'startRecording',
  'stopRecording',
  'listRecordings',
  'loadRecording',
  'listDemoScenarios',
  'startDemo',
  'stopDemo',
  'getDemoStatus',
  'connectRemote',
  'getConnection'
] as const satisfies readonly Exclude<keyof ShmscopeApi, 'subscribe'>[]

export type ApiMethod = (typeof API_METHODS)[number]
