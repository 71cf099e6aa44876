// Owns the names of monitored objects in the UI: object ids (`sysv:4`, `posix:/x`), targets, and the `key:`/`/name` text layouts bind to.
import type { ObjectId, PosixObject, Snapshot, SysvSegment, Target } from '../../../shared'

export type ShmObject = { kind: 'sysv'; seg: SysvSegment } | { kind: 'posix'; obj: PosixObject }

export const sysvId = (shmid: number): ObjectId => `sysv:${shmid}`
export const posixId = (name: string): ObjectId => `posix:${name}`

export function objectIdOf(o: ShmObject): ObjectId {
  return o.kind === 'sysv' ? sysvId(o.seg.shmid) : posixId(o.obj.name)
}

export function findObject(snapshot: Snapshot | undefined, id: ObjectId | undefined): ShmObject | undefined {
  if (!snapshot || !id) return undefined
  if (id.startsWith('sysv:')) {
    const shmid = Number(id.slice(5))
    const seg = snapshot.sysv.find((s) => s.shmid === shmid)
    return seg ? { kind: 'sysv', seg } : undefined
  }
  const name = id.slice(6)
  const obj = snapshot.posix.find((p) => p.name === name)
  return obj ? { kind: 'posix', obj } : undefined
}

export function targetOf(o: ShmObject): Target {
  return o.kind === 'sysv' ? { kind: 'sysv', shmid: o.seg.shmid } : { kind: 'posix', name: o.obj.name }
}

/** What a saved layout binds to: the key (stable across restarts) or the POSIX name; IPC_PRIVATE segments have none. */
export function bindTextOf(o: ShmObject): string | undefined {
  if (o.kind === 'posix') return o.obj.name
  return o.seg.key === 0 ? undefined : `key:0x${o.seg.key.toString(16).padStart(8, '0')}`
}

/** A short human label: `segment 4 (key 0x00004243)` or `/name`. */
export function labelOf(o: ShmObject): string {
  if (o.kind === 'posix') return o.obj.name
  return o.seg.key === 0 ? `segment ${o.seg.shmid}` : `segment ${o.seg.shmid} (key ${o.seg.keyHex})`
}

export const sizeOf = (o: ShmObject): number => (o.kind === 'sysv' ? o.seg.sizeBytes : o.obj.sizeBytes)

/** The object id a demo's `highlight` (a target text: `4`, `key:0x…`, `/name`) names in the snapshot. */
export function targetToObjectId(text: string, snapshot: Snapshot | undefined): ObjectId | undefined {
  const t = text.trim()
  if (t.startsWith('/')) return posixId(t)
  if (/^\d+$/.test(t)) return sysvId(Number(t))
  const m = /^key:(?:0x([0-9a-f]+)|(\d+))$/i.exec(t)
  if (!m || !snapshot) return undefined
  const key = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2])
  const seg = snapshot.sysv.find((s) => s.key === key)
  return seg ? sysvId(seg.shmid) : undefined
}
