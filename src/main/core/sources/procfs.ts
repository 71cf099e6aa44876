// Owns whole-file reads of procfs files with callback fs: one open, reads until EOF, one close (no fstat: procfs sizes read 0).
import { open, read, close } from 'node:fs'

export type ReadOutcome = { ok: true; length: number; buf: Buffer } | { ok: false; code: string }

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
        if (length === buf.length) {
          const bigger = Buffer.allocUnsafe(buf.length * 2)
          buf.copy(bigger, 0, 0, length)
          buf = bigger
        }
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

