// Owns what one snapshot adds to time: which objects changed since the previous one (the tick's
// delta) and the history points of every segment and object (pure, shared by live and replay).
import type { PosixObject, Snapshot, SysvSegment } from '../../../shared/snapshot'
import type { ObjectId } from '../../../shared/api'
import type { History } from './history'

/** Series of a System V segment, in storage order. */
export const SYSV_SERIES = ['nattch', 'nattchApp', 'sizeBytes', 'rssBytes', 'swapBytes', 'attachedProcesses'] as const
/** Series of a POSIX object. */
/** nattch of a POSIX object: its mappings found in the maps (the kernel keeps no count). */
export const POSIX_SERIES = ['nattch', 'nattchApp', 'sizeBytes', 'attachedProcesses'] as const

export const sysvId = (shmid: number): ObjectId => `sysv:${shmid}`
export const posixId = (name: string): ObjectId => `posix:${name}`

const attachmentsKey = (list: SysvSegment['attachments']): string => list.map((a) => `${a.pid}${a.readOnly ? 'r' : 'w'}`).join(',')

function sameSysv(a: SysvSegment, b: SysvSegment): boolean {
  return (
    a.nattch === b.nattch &&
    a.key === b.key &&
    a.mode === b.mode &&
    a.dest === b.dest &&
    a.locked === b.locked &&
    a.sizeBytes === b.sizeBytes &&
    a.uid === b.uid &&
    a.gid === b.gid &&
    a.lpid === b.lpid &&
    a.atimeMs === b.atimeMs &&
    a.dtimeMs === b.dtimeMs &&
    a.ctimeMs === b.ctimeMs &&
    a.rssBytes === b.rssBytes &&
    a.swapBytes === b.swapBytes &&
    a.attachmentsHidden === b.attachmentsHidden &&
    a.monitorAttaches === b.monitorAttaches &&
    a.creatorCommand === b.creatorCommand &&
    a.owner === b.owner &&
    attachmentsKey(a.attachments) === attachmentsKey(b.attachments)
  )
}

function samePosix(a: PosixObject, b: PosixObject): boolean {
  return (
    a.inode === b.inode &&
    a.sizeBytes === b.sizeBytes &&
    a.mode === b.mode &&
    a.uid === b.uid &&
    a.gid === b.gid &&
    a.mtimeMs === b.mtimeMs &&
    a.owner === b.owner &&
    attachmentsKey(a.attachments) === attachmentsKey(b.attachments)
  )
}

/** New or changed objects, and the ids of the ones that went away. */
export function changedObjects(
  prev: Snapshot | undefined,
  next: Snapshot
): { upserted: { sysv: SysvSegment[]; posix: PosixObject[] }; removed: { sysv: number[]; posix: string[] } } {
  const before = { sysv: new Map(prev?.sysv.map((s) => [s.shmid, s])), posix: new Map(prev?.posix.map((p) => [p.name, p])) }
  const upserted = {
    sysv: next.sysv.filter((s) => {
      const p = before.sysv.get(s.shmid)
      before.sysv.delete(s.shmid)
      return !p || !sameSysv(p, s)
    }),
    posix: next.posix.filter((o) => {
      const p = before.posix.get(o.name)
      before.posix.delete(o.name)
      return !p || !samePosix(p, o)
    })
  }
  return { upserted, removed: { sysv: [...before.sysv.keys()], posix: [...before.posix.keys()] } }
}

const distinctPids = (list: { pid: number }[]): number => new Set(list.map((a) => a.pid)).size

/** One history point per object (stored only when a value changed), and gone objects marked. */
export function recordObjects(history: History, snapshot: Snapshot, removed: { sysv: number[]; posix: string[] }, appNattch: (s: SysvSegment) => number): void {
  const t = snapshot.takenAtMs
  const row = new Float64Array(SYSV_SERIES.length)
  for (const s of snapshot.sysv) {
    row[0] = s.nattch
    row[1] = appNattch(s)
    row[2] = s.sizeBytes
    row[3] = s.rssBytes ?? NaN
    row[4] = s.swapBytes ?? NaN
    row[5] = distinctPids(s.attachments)
    history.record(sysvId(s.shmid), SYSV_SERIES, t, row, true)
  }
  const prow = new Float64Array(POSIX_SERIES.length)
  for (const o of snapshot.posix) {
    prow[0] = o.attachments.length
    prow[1] = o.attachments.length
    prow[2] = o.sizeBytes
    prow[3] = distinctPids(o.attachments)
    history.record(posixId(o.name), POSIX_SERIES, t, prow, true)
  }
  for (const shmid of removed.sysv) history.markGone(sysvId(shmid), t)
  for (const name of removed.posix) history.markGone(posixId(name), t)
}
