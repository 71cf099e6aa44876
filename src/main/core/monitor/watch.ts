// Owns one payload watch: which object it follows, its read-only attachment (through the
// HandlePool), one consistent sample per tick decoded with the user's layout, torn counts and
// per-field update rates. The observer rules of DESIGN.md §4 live here: never attach to a
// segment marked for destruction, and let go of one within the tick that sees the mark.
import type { Abi, DecodedValue, LayoutJson } from '../../../shared/layout'
import type { ObjectId, WatchInfo, WatchSample } from '../../../shared/api'
import type { PosixObject, Snapshot, SysvSegment, Target } from '../../../shared/snapshot'
import { createDecoder, createNumericDecoder, numericLeaves, type Layout } from '../layout/index'
import { formatTarget } from '../target'
import { HandlePool, WATCH_MAX_BYTES } from './handlePool'
import type { PayloadHandle } from '../attach/reader'

/** Numeric fields kept in history per watch (the rest are decoded and shown, not stored). */
export const MAX_HISTORY_FIELDS = 256
/** Raw bytes shipped with a sample for the hex view. */
export const MAX_SAMPLE_BYTES = 64 * 1024
const RATE_WINDOW_MS = 5000
const TEXT_CHANGES_KEPT = 50

export interface TextChange {
  tMs: number
  path: string
  value: string
}

/** The object a watch follows this tick, or why there is none. */
function resolve(snapshot: Snapshot, target: Target): { object?: SysvSegment | PosixObject; why?: string } {
  if (target.kind === 'posix') {
    const object = snapshot.posix.find((p) => p.name === target.name)
    return object ? { object } : { why: `POSIX object ${target.name} does not exist (waiting for it)` }
  }
  if (target.kind === 'sysv') {
    const object = snapshot.sysv.find((s) => s.shmid === target.shmid)
    if (!object) return { why: `segment ${target.shmid} was removed` }
    return object.dest ? { why: `segment ${target.shmid} is marked for destruction: detached so that it can go` } : { object }
  }
  // By key: the live (not IPC_RMID'd) segment holding it; a new one after a restart re-binds.
  const object = snapshot.sysv.find((s) => s.key === target.key && !s.dest)
  return object ? { object } : { why: `no live segment has key ${formatTarget(target).slice(4)} (waiting for one)` }
}

function flattenLeaves(value: DecodedValue, path: string, out: Map<string, string | number | boolean | null>): void {
  if (value !== null && typeof value === 'object') {
    if (Array.isArray(value)) value.forEach((v, i) => flattenLeaves(v, `${path}[${i}]`, out))
    else for (const [k, v] of Object.entries(value)) flattenLeaves(v, path ? `${path}.${k}` : k, out)
    return
  }
  out.set(path, value)
}

export class PayloadWatch {
  readonly objectId: ObjectId
  private readonly decode: (bytes: Uint8Array) => { value: DecodedValue; truncated: boolean }
  private readonly decodeNumeric: (bytes: Uint8Array, out: Float64Array) => void
  readonly fieldNames: string[]
  readonly numeric: Float64Array
  private heldKey: string | undefined
  private handle: PayloadHandle | undefined
  samples = 0
  tornSamples = 0
  private last = new Map<string, string | number | boolean | null>()
  private changes = new Map<string, number>()
  private windowStartMs: number
  private rates: Record<string, number> = {}
  readonly textChanges: TextChange[] = []

  constructor(
    readonly watchId: string,
    readonly target: Target,
    readonly layout: Layout,
    readonly includeBytes: boolean,
    readonly startedAtMs: number,
    private readonly pool: HandlePool
  ) {
    this.objectId = target.kind === 'posix' ? `posix:${target.name}` : target.kind === 'sysv' ? `sysv:${target.shmid}` : `key:${target.key}`
    this.decode = createDecoder(layout)
    this.decodeNumeric = createNumericDecoder(layout)
    this.fieldNames = numericLeaves(layout)
      .slice(0, MAX_HISTORY_FIELDS)
      .map((l) => `field:${l.path}`)
    this.numeric = new Float64Array(numericLeaves(layout).length)
    this.windowStartMs = startedAtMs
  }

  get typeName(): string {
    return this.layout.typeName
  }
  get abi(): Abi {
    return this.layout.abi
  }
  get layoutJson(): LayoutJson {
    return this.layout.json
  }
  /** The object the attachment currently belongs to (`sysv:<shmid>` / `posix:<name>`). */
  boundObjectId: ObjectId | undefined
  /** Set when a saved layout's binding started this watch. */
  boundLayoutId: string | undefined

  private detach(): void {
    if (this.heldKey !== undefined) this.pool.release(this.heldKey)
    this.heldKey = undefined
    this.handle = undefined
    this.boundObjectId = undefined
  }

  /**
   * Keep the attachment in line with the snapshot: drop it when the object went away or was
   * marked for destruction, (re)attach to whatever the target names now. Runs once per tick,
   * after the snapshot and before sampling.
   */
  follow(snapshot: Snapshot): { object?: SysvSegment | PosixObject; why?: string } {
    const found = resolve(snapshot, this.target)
    const object = found.object
    const key = object ? ('shmid' in object ? HandlePool.keyOf({ kind: 'sysv', shmid: object.shmid }) : HandlePool.keyOf({ kind: 'posix', name: object.name }, object.inode)) : undefined
    if (key !== this.heldKey) this.detach()
    if (!object || key === undefined) return found
    if (this.handle) return found
    const target: Target = 'shmid' in object ? { kind: 'sysv', shmid: object.shmid } : { kind: 'posix', name: object.name }
    const h = this.pool.acquire(key, target)
    if ('ok' in h) return { object, why: h.message }
    this.handle = h
    this.heldKey = key
    this.boundObjectId = 'shmid' in object ? `sysv:${object.shmid}` : `posix:${object.name}`
    return found
  }

  /** One sample: a consistent copy decoded, or the reason there is none. */
  sample(tMs: number, object: SysvSegment | PosixObject | undefined, why: string | undefined): WatchSample {
    const base = { watchId: this.watchId, target: formatTarget(this.target), type: this.typeName, abi: this.abi, takenAtMs: tMs }
    const meta =
      object && 'shmid' in object ? { atimeMs: object.atimeMs, dtimeMs: object.dtimeMs } : {}
    if (!this.handle || !object) {
      this.numeric.fill(NaN)
      return { ...base, torn: false, value: null, error: why ?? 'not attached' }
    }
    const size = Math.min(this.layout.json.sizeBytes, object.sizeBytes, this.handle.kind === 'sysv' ? this.handle.sizeBytes : object.sizeBytes, WATCH_MAX_BYTES)
    const r = this.handle.read(0, size)
    if (!r.ok) {
      this.numeric.fill(NaN)
      if (r.code === 'removed' || r.code === 'not-found') this.detach()
      return { ...base, ...meta, torn: false, value: null, error: r.message }
    }
    this.samples++
    if (r.torn) this.tornSamples++
    const decoded = this.decode(r.bytes)
    this.decodeNumeric(r.bytes, this.numeric)
    this.trackChanges(decoded.value, tMs)
    const sample: WatchSample = { ...base, ...meta, takenAtMs: r.takenAtMs, torn: r.torn, value: decoded.value }
    if (decoded.truncated) sample.truncated = true
    if (this.includeBytes) sample.bytes = r.bytes.length > MAX_SAMPLE_BYTES ? r.bytes.slice(0, MAX_SAMPLE_BYTES) : r.bytes
    return sample
  }

  /** Per-field change counts over a window, and string changes kept as events. */
  private trackChanges(value: DecodedValue, tMs: number): void {
    const now = new Map<string, string | number | boolean | null>()
    flattenLeaves(value, '', now)
    const first = this.last.size === 0
    for (const [path, v] of now) {
      const before = this.last.get(path)
      if (first || before === v) continue
      this.changes.set(path, (this.changes.get(path) ?? 0) + 1)
      if (typeof v === 'string') {
        this.textChanges.push({ tMs, path, value: v })
        if (this.textChanges.length > TEXT_CHANGES_KEPT) this.textChanges.shift()
      }
    }
    this.last = now
    const elapsed = tMs - this.windowStartMs
    if (elapsed >= RATE_WINDOW_MS) {
      const rates: Record<string, number> = {}
      for (const path of now.keys()) rates[path] = Math.round(((this.changes.get(path) ?? 0) * 1000 * 100) / elapsed) / 100
      this.rates = rates
      this.changes.clear()
      this.windowStartMs = tMs
    }
  }

  info(): WatchInfo {
    return {
      watchId: this.watchId,
      objectId: this.boundObjectId ?? this.objectId,
      target: this.target,
      typeName: this.typeName,
      abi: this.abi,
      layout: this.layout.json,
      startedAtMs: this.startedAtMs,
      samples: this.samples,
      tornSamples: this.tornSamples,
      fieldRatesHz: this.rates,
      textChanges: [...this.textChanges],
      attached: this.handle !== undefined,
      ...(this.boundLayoutId === undefined ? {} : { boundLayoutId: this.boundLayoutId })
    }
  }

  close(): void {
    this.detach()
  }
}
