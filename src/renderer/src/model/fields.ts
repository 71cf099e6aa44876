// Owns decoded values as data: numeric leaves by path, per-field change rates, and a bounded per-field series for charts (pure).
import type { DecodedValue } from '../../../shared'

/** `a.b`, `arr[2]`, `arr[0].x` paths of every number in a decoded value (bounded). */
export function numericLeaves(value: DecodedValue, maxLeaves = 2000): Map<string, number> {
  const out = new Map<string, number>()
  const walk = (v: DecodedValue, path: string): void => {
    if (out.size >= maxLeaves) return
    if (typeof v === 'number') out.set(path, v)
    else if (typeof v === 'boolean') out.set(path, v ? 1 : 0)
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`))
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k)
  }
  walk(value, '')
  return out
}

/** Every leaf (any type) by path, as display text: what changed between samples is compared on these. */
export function leafTexts(value: DecodedValue, maxLeaves = 5000): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (v: DecodedValue, path: string): void => {
    if (out.size >= maxLeaves) return
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`))
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k)
    else out.set(path, JSON.stringify(v))
  }
  walk(value, '')
  return out
}

/** Change times per field path, for rates; keeps only the last `windowMs`. */
export class FieldActivity {
  private last = new Map<string, string>()
  private changes = new Map<string, number[]>()

  constructor(private readonly windowMs = 10_000) {}

  add(value: DecodedValue, tMs: number): void {
    for (const [path, text] of leafTexts(value)) {
      const prev = this.last.get(path)
      this.last.set(path, text)
      if (prev === undefined || prev === text) continue
      const list = this.changes.get(path) ?? []
      list.push(tMs)
      while (list.length > 0 && (list[0] as number) < tMs - this.windowMs) list.shift()
      this.changes.set(path, list)
    }
  }

  /** Changes per second over the window, per path. */
  ratesHz(nowMs: number): Record<string, number> {
    const out: Record<string, number> = {}
    for (const path of this.last.keys()) {
      const n = (this.changes.get(path) ?? []).filter((t) => t >= nowMs - this.windowMs).length
      out[path] = n / (this.windowMs / 1000)
    }
    return out
  }
}

/** Bounded columnar buffer of chosen numeric fields over time. */
export interface SeriesBuffer {
  tMs: number[]
  values: Record<string, (number | null)[]>
  torn: boolean[]
}

export const emptySeries = (): SeriesBuffer => ({ tMs: [], values: {}, torn: [] })

export function appendSample(buf: SeriesBuffer, tMs: number, leaves: Map<string, number>, paths: string[], torn: boolean, cap = 5000): SeriesBuffer {
  const drop = Math.max(0, buf.tMs.length + 1 - cap)
  const values: Record<string, (number | null)[]> = {}
  for (const p of paths) {
    const old = buf.values[p] ?? new Array<number | null>(buf.tMs.length).fill(null)
    values[p] = [...old.slice(drop), leaves.get(p) ?? null]
  }
  return { tMs: [...buf.tMs.slice(drop), tMs], values, torn: [...buf.torn.slice(drop), torn] }
}

/**
 * At most `maxPoints` rows: the buffer split into equal buckets, each keeping its first
 * row plus the rows holding the min and max of the first series (so spikes survive).
 */
export function downsampleRows(buf: SeriesBuffer, maxPoints: number): number[] {
  const n = buf.tMs.length
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i)
  const first = Object.values(buf.values)[0] ?? []
  const buckets = Math.max(1, Math.floor(maxPoints / 3))
  const out: number[] = []
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets)
    const to = Math.floor(((b + 1) * n) / buckets)
    let lo = from
    let hi = from
    for (let i = from; i < to; i++) {
      if ((first[i] ?? Infinity) < (first[lo] ?? Infinity)) lo = i
      if ((first[i] ?? -Infinity) > (first[hi] ?? -Infinity)) hi = i
    }
    for (const i of [...new Set([from, lo, hi])].sort((a, c) => a - c)) out.push(i)
  }
  return out
}
