// Owns the signal that a process opened or closed an object in /dev/shm (inotify(7) IN_OPEN and
// IN_CLOSE on the directory): shm_open(3) is open(2) on /dev/shm/<name>, so a process that maps
// an existing POSIX object opens it first, and no kernel counter records that mapping otherwise.
// The collector reads every process's maps again on the next collect when this fires.
import { libc, O_CLOEXEC, O_NONBLOCK, ERRNO } from './libc'

const IN_CLOSE_WRITE = 0x08
const IN_CLOSE_NOWRITE = 0x10
const IN_OPEN = 0x20
/** The kernel's queue overflowed: something happened, we do not know what. */
const IN_Q_OVERFLOW = 0x4000
/** The event is about a directory: /dev/shm itself, opened by every readdir (ours included). */
const IN_ISDIR = 0x40000000
const EVENT_HEADER_BYTES = 16

export interface ShmOpenWatcher {
  /**
   * True when some process opened or closed a /dev/shm object since the last call, other than
   * the opens `ignore` names (the monitor's own reads). Never blocks; never throws.
   */
  drain(ignore?: ReadonlySet<string>): boolean
  close(): void
}

/** A watcher on `dir`, or undefined where inotify is not available (the collector then relies on its timer). */
export function watchShmOpens(dir = '/dev/shm'): ShmOpenWatcher | undefined {
  const loaded = libc()
  if (!loaded.ok) return undefined
  const c = loaded.libc
  let fd = -1
  try {
    fd = c.inotifyInit1(O_NONBLOCK | O_CLOEXEC)
    if (fd < 0) return undefined
    if (c.inotifyAddWatch(fd, Buffer.from(`${dir}\0`), IN_OPEN | IN_CLOSE_WRITE | IN_CLOSE_NOWRITE) < 0) {
      c.close(fd)
      return undefined
    }
  } catch {
    if (fd >= 0) c.close(fd)
    return undefined
  }
  const buf = Buffer.alloc(64 * 1024)
  let open = true
  return {
    drain(ignore) {
      if (!open) return false
      let fired = false
      try {
        // Bounded: each read takes what is queued (at most 16,384 events by default), and stops at EAGAIN.
        for (let round = 0; round < 64; round++) {
          const n = c.read(fd, buf, buf.length)
          if (n < 0 && c.errno() === ERRNO.EINTR) continue
          if (n <= 0) break // EAGAIN: nothing more queued
          for (let at = 0; at + EVENT_HEADER_BYTES <= n; ) {
            const mask = buf.readUInt32LE(at + 4)
            const len = buf.readUInt32LE(at + 12)
            const raw = buf.subarray(at + EVENT_HEADER_BYTES, at + EVENT_HEADER_BYTES + len)
            const end = raw.indexOf(0)
            const name = `/${raw.subarray(0, end < 0 ? raw.length : end).toString('utf8')}`
            if (mask & IN_Q_OVERFLOW) fired = true
            else if (len > 0 && !(mask & IN_ISDIR) && !ignore?.has(name)) fired = true
            at += EVENT_HEADER_BYTES + len
          }
        }
      } catch {
        return true
      }
      return fired
    },
    close() {
      if (open) c.close(fd)
      open = false
    }
  }
}
