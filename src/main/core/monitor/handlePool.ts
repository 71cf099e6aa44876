// Owns the monitor's own read-only attachments: one per object however many watches follow it,
// counted per shmid so that nattch can be reported without the monitor.
import type { ReadError } from '../../../shared/payload'
import type { Target } from '../../../shared/snapshot'
import { openPayload, type PayloadHandle } from '../attach/reader'

/** Largest payload a watch copies per tick. */
export const WATCH_MAX_BYTES = 4 * 1024 * 1024

interface Held {
  handle: PayloadHandle
  users: number
  shmid?: number
}

export class HandlePool {
  private readonly held = new Map<string, Held>()

  /** `sysv:<shmid>` or `posix:<name>#<inode>`: a new object under an old name is a new key. */
  static keyOf(target: Target, inode?: number): string {
    if (target.kind === 'sysv') return `sysv:${target.shmid}`
    if (target.kind === 'posix') return `posix:${target.name}#${inode ?? 0}`
    return `key:${target.key}`
  }

  acquire(key: string, target: Target): PayloadHandle | ReadError {
    const h = this.held.get(key)
    if (h) {
      h.users++
      return h.handle
    }
    const opened = openPayload(target, { maxBytes: WATCH_MAX_BYTES })
    if (!opened.ok) return opened
    this.held.set(key, { handle: opened.handle, users: 1, shmid: target.kind === 'sysv' ? target.shmid : undefined })
    return opened.handle
  }

  release(key: string): void {
    const h = this.held.get(key)
    if (!h) return
    if (--h.users > 0) return
    h.handle.close()
    this.held.delete(key)
  }

  /** Attachments the monitor holds on `shmid` (0 or 1). */
  readonly attachesOn = (shmid: number): number => {
    let n = 0
    for (const h of this.held.values()) if (h.shmid === shmid) n++
    return n
  }

  get size(): number {
    return this.held.size
  }

  closeAll(): void {
    for (const h of this.held.values()) h.handle.close()
    this.held.clear()
  }
}
