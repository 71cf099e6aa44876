// Owns the monitor's history: one columnar Track per object and per watch, inside a memory
// budget fixed by configuration (not by uptime), and window queries downsampled with LTTB.
import { createLTTB } from 'downsample'
import { Track } from './track'

const INITIAL_POINTS = 32
/** One track may hold at most this share of the budget, so one busy watch cannot starve the rest. */
const MAX_TRACK_SHARE = 0.25

export interface SeriesWindow {
  tMs: number[]
  series: Record<string, (number | null)[]>
  rawPoints: number
}

interface Entry {
  track: Track
  /** Set when the object went away; such tracks are evicted first. */
  goneAtMs?: number
  /** Pushes to wait before trying to grow again after growing failed (one lap of the ring). */
  growBackoff: number
}

/** [time, value, index]: LTTB picks points, the index says which. */
type Point = [number, number, number]
const lttb = createLTTB<Point>({ x: 0, y: 1 })

/** LTTB indices of one series: `keep` of them, first and last included (gaps count as 0). */
function lttbIndices(xs: Float64Array, ys: Float64Array, keep: number): number[] {
  const points: Point[] = new Array(xs.length)
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i] as number
    points[i] = [xs[i] as number, Number.isFinite(y) ? y : 0, i]
  }
  return (lttb(points, keep) as Point[]).map((p) => p[2])
}

export class History {
  private readonly entries = new Map<string, Entry>()
  private usedBytes = 0

  constructor(private budgetBytes: number) {}

  get bytes(): number {
    return this.usedBytes
  }
  get budget(): number {
    return this.budgetBytes
  }
  get trackCount(): number {
    return this.entries.size
  }

  setBudget(bytes: number): void {
    this.budgetBytes = bytes
    this.fit(0)
  }

  /** Append a point to the track `id` (created with `names` on first use). */
  record(id: string, names: readonly string[], tMs: number, values: ArrayLike<number>, onChangeOnly: boolean): void {
    let entry = this.entries.get(id)
    if (entry && (entry.track.names.length !== names.length || entry.track.names.some((n, i) => n !== names[i]))) {
      this.drop(id)
      entry = undefined
    }
    if (!entry) {
      const want = Track.bytesFor(names.length, INITIAL_POINTS)
      if (!this.fit(want)) return
      entry = { track: new Track(names, INITIAL_POINTS, onChangeOnly), growBackoff: 0 }
      this.entries.set(id, entry)
      this.usedBytes += entry.track.bytes
    }
    entry.goneAtMs = undefined
    const track = entry.track
    if (track.full && (!track.onChangeOnly || !this.sameAsLast(track, values))) {
      if (entry.growBackoff > 0) entry.growBackoff--
      else if (!this.tryGrow(id, track)) entry.growBackoff = track.capacity
    }
    track.push(tMs, values)
  }

  private sameAsLast(track: Track, values: ArrayLike<number>): boolean {
    const last = track.length - 1
    for (let s = 0; s < track.names.length; s++) {
      const a = track.valueAt(s, last)
      const b = values[s] as number
      if (!(a === b || (Number.isNaN(a) && Number.isNaN(b)))) return false
    }
    return true
  }

  /**
   * Double a full track when the budget allows it: with free room, with room of gone objects,
   * or by halving a live track that stays at least as large as this one after (so tracks
   * converge to fair shares instead of taking room from each other in turn). Otherwise it
   * keeps wrapping, and the caller waits one lap of the ring before asking again.
   */
  private tryGrow(id: string, track: Track): boolean {
    const nextBytes = Track.bytesFor(track.names.length, track.capacity * 2)
    if (nextBytes > this.budgetBytes * MAX_TRACK_SHARE) return false
    const extra = nextBytes - track.bytes
    if (!this.evictGone(extra)) {
      for (let guard = 0; guard < 8 && this.usedBytes + extra > this.budgetBytes; guard++) {
        let largest: Track | undefined
        for (const [other, e] of this.entries) if (other !== id && (!largest || e.track.bytes > largest.bytes)) largest = e.track
        if (!largest || largest.bytes / 2 < nextBytes || largest.capacity <= INITIAL_POINTS) return false
        const before = largest.bytes
        largest.resize(largest.capacity / 2)
        this.usedBytes -= before - largest.bytes
      }
      if (this.usedBytes + extra > this.budgetBytes) return false
    }
    track.resize(track.capacity * 2)
    this.usedBytes += extra
    return true
  }

  /** Make room for `extra` more bytes by evicting tracks of gone objects, oldest first. False when that is not enough. */
  private evictGone(extra: number): boolean {
    if (this.usedBytes + extra <= this.budgetBytes) return true
    const gone = [...this.entries].filter(([, e]) => e.goneAtMs !== undefined).sort((a, b) => (a[1].goneAtMs as number) - (b[1].goneAtMs as number))
    for (const [id] of gone) {
      this.drop(id)
      if (this.usedBytes + extra <= this.budgetBytes) return true
    }
    return false
  }

  /** The object is gone: its track stays queryable until the budget needs the room. */
  markGone(id: string, tMs: number): void {
    const e = this.entries.get(id)
    if (e && e.goneAtMs === undefined) e.goneAtMs = tMs
  }

  drop(id: string): void {
    const e = this.entries.get(id)
    if (!e) return
    this.usedBytes -= e.track.bytes
    this.entries.delete(id)
  }

  /**
   * Make room for a new track of `extra` bytes: evict tracks of gone objects (oldest first),
   * then halve the largest live tracks. False when it cannot.
   */
  private fit(extra: number): boolean {
    if (this.evictGone(extra)) return true
    for (let guard = 0; guard < 64 && this.usedBytes + extra > this.budgetBytes; guard++) {
      let largest: Track | undefined
      for (const e of this.entries.values()) if (e.track.capacity > INITIAL_POINTS && (!largest || e.track.bytes > largest.bytes)) largest = e.track
      if (!largest) return false
      const before = largest.bytes
      largest.resize(largest.capacity / 2)
      this.usedBytes -= before - largest.bytes
    }
    return this.usedBytes + extra <= this.budgetBytes
  }

  has(id: string): boolean {
    return this.entries.has(id)
  }

  /** The names stored for `id`. */
  seriesOf(id: string): readonly string[] {
    return this.entries.get(id)?.track.names ?? []
  }

  /**
   * Points of `names` between `fromMs` and `toMs`, at most `maxPoints` of them. On-change
   * tracks are step functions: the value in force at `fromMs` opens the window and the last
   * value is carried to the last time the object was seen.
   */
  query(id: string, names: readonly string[], fromMs: number | undefined, toMs: number | undefined, maxPoints: number): SeriesWindow {
    const entry = this.entries.get(id)
    const empty: SeriesWindow = { tMs: [], series: Object.fromEntries(names.map((n) => [n, []])), rawPoints: 0 }
    if (!entry || entry.track.length === 0) return empty
    const track = entry.track
    const cols = names.map((n) => track.names.indexOf(n))
    const from = fromMs ?? -Infinity
    const to = toMs ?? Infinity
    let lo = track.lowerBound(from)
    const hi = track.lowerBound(to === Infinity ? Infinity : to + 1)
    const xs: number[] = []
    const ys: number[][] = cols.map(() => [])
    const pushPoint = (t: number, i: number): void => {
      xs.push(t)
      cols.forEach((c, k) => (ys[k] as number[]).push(c < 0 ? NaN : track.valueAt(c, i)))
    }
    if (track.onChangeOnly && lo > 0 && Number.isFinite(from)) pushPoint(from, lo - 1)
    if (lo >= hi && !track.onChangeOnly) return empty
    for (; lo < hi; lo++) pushPoint(track.timeAt(lo), lo)
    const lastT = Math.min(track.lastSeenMs, to)
    if (track.onChangeOnly && xs.length > 0 && lastT > (xs[xs.length - 1] as number) && hi > 0) pushPoint(lastT, hi - 1)
    return downsampleWindow(xs, ys, names, Math.max(2, maxPoints))
  }
}

/** At most `maxPoints` points: the union of each series' LTTB picks, each with an equal share. */
export function downsampleWindow(xs: number[], ys: number[][], names: readonly string[], maxPoints: number): SeriesWindow {
  const rawPoints = xs.length
  const out = (idx: number[] | undefined): SeriesWindow => ({
    tMs: idx ? idx.map((i) => xs[i] as number) : xs,
    series: Object.fromEntries(
      names.map((n, k) => {
        const col = ys[k] as number[]
        const vals = idx ? idx.map((i) => col[i] as number) : col
        return [n, vals.map((v) => (Number.isFinite(v) ? v : null))]
      })
    ),
    rawPoints
  })
  if (rawPoints <= maxPoints) return out(undefined)
  const share = Math.max(3, Math.floor(maxPoints / Math.max(1, names.length)))
  const tx = Float64Array.from(xs)
  const picked = new Set<number>()
  for (const col of ys) for (const i of lttbIndices(tx, Float64Array.from(col), share)) picked.add(i)
  let idx = [...picked].sort((a, b) => a - b)
  if (idx.length > maxPoints) idx = idx.filter((_, k) => k % Math.ceil(idx.length / maxPoints) === 0)
  return out(idx)
}
