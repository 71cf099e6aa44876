// Owns the target syntax of CONTRACT.md ("Targets"): `4`, `key:0x00004243`, `key:16963`, `/name`, and finding the object it names.
import type { PosixObject, Snapshot, SysvSegment, Target } from '../../shared/snapshot'

/** Parse a target; undefined when the text is none of the accepted forms. */
export function parseTarget(text: string): Target | undefined {
  const t = text.trim()
  if (/^\d+$/.test(t)) {
    const shmid = Number(t)
    return shmid <= 0x7fffffff ? { kind: 'sysv', shmid } : undefined
  }
  const key = /^key:(?:0x([0-9a-f]{1,8})|(-?\d+))$/i.exec(t)
  if (key) {
    const value = key[1] !== undefined ? parseInt(key[1], 16) : Number(key[2])
    // Keys are 32-bit: accept the signed form ipcs/the kernel print too (-1 == 0xffffffff).
    if (!Number.isInteger(value) || value < -0x80000000 || value > 0xffffffff) return undefined
    return { kind: 'sysv-key', key: value < 0 ? value + 0x1_0000_0000 : value }
  }
  if (t.startsWith('/') && t.length > 1 && !t.slice(1).includes('/')) return { kind: 'posix', name: t }
  return undefined
}

/** The canonical text of a target (what parseTarget reads back). */
export function formatTarget(target: Target): string {
  if (target.kind === 'sysv') return String(target.shmid)
  if (target.kind === 'sysv-key') return `key:0x${target.key.toString(16).padStart(8, '0')}`
  return target.name
}


/**
 * Every object in the snapshot the target names. A shmid or a POSIX name names at most
 * one. A nonzero key names at most one live segment too (shmget keeps keys unique); key 0
 * is IPC_PRIVATE and also what every IPC_RMID'd segment shows, so it may name many.
 */
export function matchTarget(snapshot: Snapshot, target: Target): (SysvSegment | PosixObject)[] {
  if (target.kind === 'sysv') return snapshot.sysv.filter((s) => s.shmid === target.shmid)
  if (target.kind === 'sysv-key') return snapshot.sysv.filter((s) => s.key === target.key)
  return snapshot.posix.filter((p) => p.name === target.name)
}

/** The one object the target names, or undefined when none (or several, for key 0). */
export function resolveTarget(snapshot: Snapshot, target: Target): SysvSegment | PosixObject | undefined {
  const found = matchTarget(snapshot, target)
  return found.length === 1 ? found[0] : undefined
}

/** True for a System V segment (as opposed to a POSIX object). */
export const isSysv = (o: SysvSegment | PosixObject): o is SysvSegment => 'shmid' in o
