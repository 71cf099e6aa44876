// Runs `lsipc -m --json` as a separate process, the way a user's script would poll it.
import { execFile } from 'node:child_process'

/**
 * Run lsipc once and resolve with the length of its output. The output is deliberately
 * not parsed, so lsipc's measured time is a lower bound of what a poller would pay.
 */
export function runLsipc(): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile('lsipc', ['-m', '--json'], { maxBuffer: 256 * 1024 * 1024 }, (err, stdout) => {
      if (err) reject(err)
      else resolve(stdout.length)
    })
  })
}

/** Segments in one lsipc document (used once per size as a sanity check, not timed). */
export function countLsipcSegments(): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile('lsipc', ['-m', '--json'], { maxBuffer: 256 * 1024 * 1024 }, (err, stdout) => {
      if (err) return reject(err)
      try {
        resolve((JSON.parse(stdout) as { sharedmemory?: unknown[] }).sharedmemory?.length ?? 0)
      } catch (e) {
        reject(e as Error)
      }
    })
  })
}
