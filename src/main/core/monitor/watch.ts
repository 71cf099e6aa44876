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

/** `path -> leaf` of a decoded value, in a fixed order (paths as the page shows them). */
function leafPaths(value: DecodedValue, path: string, out: string[]): void {
  if (value !== null && typeof value === 'object') {
    if (Array.isArray(value)) value.forEach((v, i) => leafPaths(v, `${path}[${i}]`, out))
    else for (const [k, v] of Object.entries(value)) leafPaths(v, path ? `${path}.${k}` : k, out)
    return
  }
  out.push(path)
}

/** The leaves of a decoded value in the order of leafPaths, without building any path. */
function leafValues(value: DecodedValue, out: Leaf[]): void {
  if (value !== null && typeof value === 'object') {
    if (Array.isArray(value)) for (const v of value) leafValues(v, out)
    else for (const k in value) leafValues(value[k] as DecodedValue, out)
    return
  }
  out.push(value)
}

type Leaf = string | number | boolean | null

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
  /** Leaf paths of the decoded value (computed again only when its shape changes, e.g. truncated). */
  private paths: string[] = []
  private last: Leaf[] | undefined
  private changes: number[] = []
  /** The bytes of the last sample: identical bytes are not decoded again. */
  private lastBytes: Uint8Array | undefined
  private lastDecoded: { value: DecodedValue; truncated: boolean } | undefined
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
    // Most payloads change slower than the poll: the same bytes decode to the same value.
    let decoded = this.lastDecoded
    if (decoded === undefined || this.lastBytes === undefined || !Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength).equals(this.lastBytes)) {
      decoded = this.decode(r.bytes)
      this.decodeNumeric(r.bytes, this.numeric)
      this.trackChanges(decoded.value, tMs)
      this.lastDecoded = decoded
      this.lastBytes = r.bytes
    } else this.trackChanges(undefined, tMs)
    const sample: WatchSample = { ...base, ...meta, takenAtMs: r.takenAtMs, torn: r.torn, value: decoded.value }
    if (decoded.truncated) sample.truncated = true
    if (this.includeBytes) sample.bytes = r.bytes.length > MAX_SAMPLE_BYTES ? r.bytes.slice(0, MAX_SAMPLE_BYTES) : r.bytes
    return sample
  }

  /** Per-field change counts over a window, and string changes kept as events. `undefined`: nothing changed. */
  private trackChanges(value: DecodedValue | undefined, tMs: number): void {
    if (value !== undefined) {
      const now: Leaf[] = []
      leafValues(value, now)
      if (now.length !== this.paths.length) {
        // A new shape (the first sample, or a truncated one): paths and counts start again.
        this.paths = []
        leafPaths(value, '', this.paths)
        this.changes = new Array<number>(now.length).fill(0)
        this.last = undefined
        // Rates count from the first sample of this shape, not from when the watch was asked for.
        this.windowStartMs = tMs
      }
      const last = this.last
      if (last) {
        for (let i = 0; i < now.length; i++) {
          const v = now[i] as Leaf
          if (last[i] === v) continue
          this.changes[i] = (this.changes[i] as number) + 1
          if (typeof v === 'string') {
            this.textChanges.push({ tMs, path: this.paths[i] as string, value: v })
            if (this.textChanges.length > TEXT_CHANGES_KEPT) this.textChanges.shift()
          }
        }
      }
      this.last = now
    }
    const elapsed = tMs - this.windowStartMs
    if (elapsed >= RATE_WINDOW_MS) {
      const rates: Record<string, number> = {}
      this.paths.forEach((path, i) => (rates[path] = Math.round(((this.changes[i] ?? 0) * 1000 * 100) / elapsed) / 100))
      this.rates = rates
      this.changes.fill(0)
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
