// Owns the hex view as data: rows of 16 bytes, which bytes changed since the previous sample, and how often each byte changes (pure).

export const BYTES_PER_ROW = 16

/** Offsets whose value differs between two samples (bytes past the shorter one count as changed). */
export function changedOffsets(prev: Uint8Array | undefined, next: Uint8Array): Set<number> {
  const out = new Set<number>()
  if (!prev) return out
  for (let i = 0; i < next.length; i++) if (i >= prev.length || prev[i] !== next[i]) out.add(i)
  return out
}

/** Per-byte change counts over every sample seen so far. */
export interface HeatMap {
  counts: Uint32Array
  samples: number
}

export function emptyHeat(length: number): HeatMap {
  return { counts: new Uint32Array(length), samples: 0 }
}

/** Count one more sample; a resized payload starts a new map. */
export function addToHeat(heat: HeatMap, prev: Uint8Array | undefined, next: Uint8Array): HeatMap {
  const base = heat.counts.length === next.length ? heat : emptyHeat(next.length)
  const counts = new Uint32Array(base.counts)
  if (prev && prev.length === next.length) for (let i = 0; i < next.length; i++) if (prev[i] !== next[i]) counts[i] = (counts[i] ?? 0) + 1
  return { counts, samples: base.samples + 1 }
}

/** 0..1: how often a byte changed, relative to the busiest byte. */
export function heatLevel(heat: HeatMap, offset: number): number {
  let max = 0
  for (const c of heat.counts) if (c > max) max = c
  return max === 0 ? 0 : (heat.counts[offset] ?? 0) / max
}

export interface HexRow {
  offset: number
  hex: string[]
  ascii: string
}

export function hexRows(bytes: Uint8Array, baseOffset = 0): HexRow[] {
  const rows: HexRow[] = []
  for (let at = 0; at < bytes.length; at += BYTES_PER_ROW) {
    const slice = bytes.subarray(at, at + BYTES_PER_ROW)
    rows.push({
      offset: baseOffset + at,
      hex: Array.from(slice, (b) => b.toString(16).padStart(2, '0')),
      ascii: Array.from(slice, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('')
    })
  }
  return rows
}
