// Owns whole-file reads of procfs files with callback fs: one open, reads until EOF, one close (no fstat: procfs sizes read 0).
import { open, read, close, openSync, readSync, closeSync } from 'node:fs'

export type ReadOutcome = { ok: true; length: number; buf: Buffer } | { ok: false; code: string }

/** `buf`, or a copy twice its size when its `length` filled bytes leave no room. */
function roomAfter(buf: Buffer, length: number): Buffer {
  if (length < buf.length) return buf
  const bigger = Buffer.allocUnsafe(buf.length * 2)
  buf.copy(bigger, 0, 0, length)
  return bigger
}

/**
 * Read a whole procfs file into `buf`, growing it (a new Buffer is returned in `buf`)
 * when the file is bigger. Never rejects: failures come back with their errno code.
 */
export function readWhole(path: string, buf: Buffer): Promise<ReadOutcome> {
  return new Promise((resolve) => {
    open(path, 'r', (err, fd) => {
      if (err) return resolve({ ok: false, code: err.code ?? 'EIO' })
      let length = 0
      const step = (): void => {
        buf = roomAfter(buf, length)
        read(fd, buf, length, buf.length - length, null, (rerr, n) => {
          if (rerr) return close(fd, () => resolve({ ok: false, code: rerr.code ?? 'EIO' }))
          if (n === 0) return close(fd, () => resolve({ ok: true, length, buf }))
          length += n
          step()
        })
      }
      step()
    })
  })
}

/**
 * The same read, synchronously: for the one small file a poll reads every tick
 * (/proc/sysvipc/shm), where a thread-pool round trip per 4 KiB page costs more CPU than
 * the read itself. Never throws.
 */
export function readWholeSync(path: string, buf: Buffer): ReadOutcome {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (e) {
    return { ok: false, code: (e as NodeJS.ErrnoException).code ?? 'EIO' }
  }
  try {
    let length = 0
    for (;;) {
      buf = roomAfter(buf, length)
      const n = readSync(fd, buf, length, buf.length - length, null)
      if (n === 0) return { ok: true, length, buf }
      length += n
    }
  } catch (e) {
    return { ok: false, code: (e as NodeJS.ErrnoException).code ?? 'EIO' }
  } finally {
    closeSync(fd)
  }
}
