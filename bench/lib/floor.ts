// The physical floor of one snapshot: read /proc/sysvipc/shm and every /proc/<pid>/maps
// into memory (proc(5)), asynchronously and all at once, and parse nothing.
import { readFileSync, readdirSync } from 'node:fs'
import { readFile, readdir } from 'node:fs/promises'

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
