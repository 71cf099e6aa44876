// Owns bringing a snapshot up to date with one tick's delta (pure: a new Snapshot, the old one untouched).
import type { Snapshot } from './snapshot'
import type { TickDelta } from './api'

/** Apply a delta; objects keep their order, new ones go at the end. */
export function applyDelta(snapshot: Snapshot, delta: TickDelta): Snapshot {
  const gone = { sysv: new Set(delta.removed.sysv), posix: new Set(delta.removed.posix) }
  const up = {
    sysv: new Map(delta.upserted.sysv.map((s) => [s.shmid, s])),
    posix: new Map(delta.upserted.posix.map((p) => [p.name, p]))
  }
  const sysv = snapshot.sysv.filter((s) => !gone.sysv.has(s.shmid)).map((s) => {
    const n = up.sysv.get(s.shmid)
    if (n) up.sysv.delete(s.shmid)
    return n ?? s
  })
  const posix = snapshot.posix.filter((p) => !gone.posix.has(p.name)).map((p) => {
    const n = up.posix.get(p.name)
    if (n) up.posix.delete(p.name)
    return n ?? p
  })
  sysv.push(...up.sysv.values())
  posix.push(...up.posix.values())
  return { ...snapshot, takenAtMs: delta.tMs, sysv, posix, usage: delta.usage }
}

/** True when a delta cannot be applied to the state we have (a tick was missed). */
export const isGap = (lastSeq: number | undefined, delta: TickDelta): boolean => lastSeq !== undefined && delta.seq !== lastSeq + 1
