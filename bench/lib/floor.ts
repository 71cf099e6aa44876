// The physical floor of one snapshot: read /proc/sysvipc/shm and every /proc/<pid>/maps
// into memory (proc(5)), asynchronously and all at once, and parse nothing.
import { readFileSync, readdirSync } from 'node:fs'
import { readFile, readdir } from 'node:fs/promises'
import { Worker } from 'node:worker_threads'

/** Bytes read by one floor pass, so the work cannot be optimised away. */
export async function readFloor(): Promise<number> {
  const [table, entries] = await Promise.all([readFile('/proc/sysvipc/shm'), readdir('/proc')])
  const pids = entries.filter((e) => e.charCodeAt(0) >= 48 && e.charCodeAt(0) <= 57)
  const maps = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/maps`).catch(() => undefined)))
  let bytes = table.length
  for (const m of maps) bytes += m?.length ?? 0
  return bytes
}

/** The same reads done synchronously (no thread-pool round trips), for comparison. */
export function readFloorSync(): number {
  let bytes = readFileSync('/proc/sysvipc/shm').length
  for (const pid of readdirSync('/proc')) {
    const c = pid.charCodeAt(0)
    if (c < 48 || c > 57) continue
    try {
      bytes += readFileSync(`/proc/${pid}/maps`).length
    } catch {
      // The process exited or hides its maps: the floor skips it like the monitor would.
    }
  }
  return bytes
}

/** Only /proc/sysvipc/shm: the least any tool must do to list every segment. */
export function readShmTableSync(): number {
  return readFileSync('/proc/sysvipc/shm').length
}

// The worker's source, plain JS so that it needs no loader: synchronous reads off the
// main thread, buffers handed back without copying.
const WORKER_JS = `
const { parentPort } = require('node:worker_threads')
const { readFileSync, readdirSync } = require('node:fs')
parentPort.on('message', () => {
  const bufs = [readFileSync('/proc/sysvipc/shm')]
  for (const pid of readdirSync('/proc')) {
    const c = pid.charCodeAt(0)
    if (c < 48 || c > 57) continue
    try { bufs.push(readFileSync('/proc/' + pid + '/maps')) } catch {}
  }
  const copies = bufs.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.length))
  parentPort.postMessage(copies, copies)
})
`

/** The floor's reads done synchronously in one worker thread; the main thread only waits. */
export class FloorWorker {
  private readonly worker = new Worker(WORKER_JS, { eval: true })
  read(): Promise<number> {
    return new Promise((resolve) => {
      this.worker.once('message', (bufs: ArrayBuffer[]) => resolve(bufs.reduce((n, b) => n + b.byteLength, 0)))
      this.worker.postMessage(0)
    })
  }
  close(): Promise<number> {
    return this.worker.terminate()
  }
}
