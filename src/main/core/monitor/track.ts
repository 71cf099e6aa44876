// Owns one columnar ring buffer: a time column and one Float64Array per series (NaN = no value).

export class Track {
  private t: Float64Array
  private cols: Float64Array[]
  private start = 0
  private count = 0
  /** Last time the object was seen, even when nothing was stored (on-change tracks). */
  lastSeenMs = 0

  constructor(
    readonly names: readonly string[],
    capacity: number,
    /** Store a point only when a value differs from the last one stored. */
    readonly onChangeOnly: boolean
  ) {
    this.t = new Float64Array(capacity)
    this.cols = names.map(() => new Float64Array(capacity))
  }

  get capacity(): number {
    return this.t.length
  }
  get length(): number {
    return this.count
  }
  get bytes(): number {
    return Track.bytesFor(this.names.length, this.capacity)
  }
  static bytesFor(series: number, capacity: number): number {
    return (series + 1) * 8 * capacity
  }

  private at(i: number): number {
    return (this.start + i) % this.capacity
  }

  /** Append one point; returns false when on-change and nothing changed. The oldest point goes when full. */
  push(tMs: number, values: ArrayLike<number>): boolean {
    this.lastSeenMs = tMs
    if (this.onChangeOnly && this.count > 0) {
      const last = this.at(this.count - 1)
      let same = true
      for (let s = 0; s < this.cols.length && same; s++) {
        const a = (this.cols[s] as Float64Array)[last] as number
        const b = values[s] as number
        same = a === b || (Number.isNaN(a) && Number.isNaN(b))
      }
      if (same) return false
    }
    if (this.capacity === 0) return false
    let slot: number
    if (this.count < this.capacity) slot = this.at(this.count++)
    else {
      slot = this.start
      this.start = (this.start + 1) % this.capacity
    }
    this.t[slot] = tMs
    for (let s = 0; s < this.cols.length; s++) (this.cols[s] as Float64Array)[slot] = values[s] ?? NaN
    return true
  }

  get full(): boolean {
    return this.count === this.capacity
  }

  /** Re-allocate to `capacity` points, keeping the newest. */
  resize(capacity: number): void {
    const keep = Math.min(this.count, capacity)
    const from = this.count - keep
    const t = new Float64Array(capacity)
    const cols = this.cols.map(() => new Float64Array(capacity))
    for (let i = 0; i < keep; i++) {
      const src = this.at(from + i)
      t[i] = this.t[src] as number
      for (let s = 0; s < cols.length; s++) (cols[s] as Float64Array)[i] = (this.cols[s] as Float64Array)[src] as number
    }
    this.t = t
    this.cols = cols
    this.start = 0
    this.count = keep
  }

  timeAt(i: number): number {
    return this.t[this.at(i)] as number
  }
  valueAt(series: number, i: number): number {
    return (this.cols[series] as Float64Array)[this.at(i)] as number
  }

  /** Index of the first point at or after `tMs` (binary search; times only grow). */
  lowerBound(tMs: number): number {
    let lo = 0
    let hi = this.count
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.timeAt(mid) < tMs) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}
