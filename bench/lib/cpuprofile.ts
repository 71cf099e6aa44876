// Reads a V8 .cpuprofile (node --cpu-prof) and ranks functions by self and total time.
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number }
  hitCount?: number
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples?: number[]
  timeDeltas?: number[]
  startTime: number
  endTime: number
}

export interface Hotspot {
  fn: string
  where: string
  selfPct: number
  totalPct: number
}

/** The `top` functions by self time, with their inclusive share, as % of all samples. */
export function hotspots(path: string, top = 20, filter?: (where: string) => boolean): Hotspot[] {
  const p = JSON.parse(readFileSync(path, 'utf8')) as Profile
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const total = p.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0) || 1
  const key = (n: ProfileNode): string => `${n.callFrame.functionName || '(anonymous)'}\u0000${n.callFrame.url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '')}:${n.callFrame.lineNumber + 1}:${(n.callFrame.columnNumber ?? 0) + 1}`
  const self = new Map<string, number>()
  const incl = new Map<string, number>()
  for (const n of p.nodes) {
    const hits = n.hitCount ?? 0
    if (hits === 0) continue
    const k = key(n)
    self.set(k, (self.get(k) ?? 0) + hits)
    // Inclusive: count each function once per sample stack.
    const seen = new Set<string>()
    for (let cur: ProfileNode | undefined = n; cur; cur = byId.get(parent.get(cur.id) ?? -1)) {
      const ck = key(cur)
      if (seen.has(ck)) continue
      seen.add(ck)
      incl.set(ck, (incl.get(ck) ?? 0) + hits)
    }
  }
  return [...incl.entries()]
    .map(([k, hits]) => {
      const [fn, where] = k.split('\u0000') as [string, string]
      return { fn, where, selfPct: ((self.get(k) ?? 0) / total) * 100, totalPct: (hits / total) * 100 }
    })
    .filter((h) => !filter || filter(h.where))
    .sort((a, b) => b.selfPct - a.selfPct)
    .slice(0, top)
}

/** Inclusive share of every function whose location matches `filter`, largest first. */
export function inclusive(path: string, filter: (where: string) => boolean, top = 20): Hotspot[] {
  return hotspots(path, 100_000).filter((h) => filter(h.where)).sort((a, b) => b.totalPct - a.totalPct).slice(0, top)
}
