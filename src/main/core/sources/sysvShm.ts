// Reads /proc/sysvipc/shm (proc(5), "/proc/sysvipc"): one line per System V segment, parsed by its header line.
import { readFile } from 'node:fs/promises'

/** SHM_DEST: IPC_RMID was called, the segment goes away at its last detach. */
export const SHM_DEST = 0o1000
/** SHM_LOCKED: SHM_LOCK pinned the segment in memory. */
export const SHM_LOCKED = 0o2000

/** One row of /proc/sysvipc/shm, numbers as the kernel printed them (times in seconds). */
export interface SysvShmRow {
  key: number
  shmid: number
  /** Full perms word, SHM_DEST and SHM_LOCKED bits included. */
  perms: number
  sizeBytes: number
  cpid: number
  lpid: number
  nattch: number
  uid: number
  gid: number
  cuid: number
  cgid: number
  atimeS: number
  dtimeS: number
  ctimeS: number
  /** Absent on kernels whose table has no rss/swap columns (before 2.6.38-ish). */
  rssBytes?: number
  swapBytes?: number
}

type Column = Exclude<keyof SysvShmRow, 'rssBytes' | 'swapBytes' | 'atimeS' | 'dtimeS' | 'ctimeS' | 'sizeBytes'>

// Header names of the kernel's table mapped to row fields.
const HEADER_FIELDS: Record<string, keyof SysvShmRow> = {
  key: 'key',
  shmid: 'shmid',
  perms: 'perms',
  size: 'sizeBytes',
  cpid: 'cpid',
  lpid: 'lpid',
  nattch: 'nattch',
  uid: 'uid',
  gid: 'gid',
  cuid: 'cuid',
  cgid: 'cgid',
  atime: 'atimeS',
  dtime: 'dtimeS',
  ctime: 'ctimeS',
  rss: 'rssBytes',
  swap: 'swapBytes'
}

const REQUIRED: (Column | 'sizeBytes' | 'atimeS' | 'dtimeS' | 'ctimeS')[] = [
  'key', 'shmid', 'perms', 'sizeBytes', 'cpid', 'lpid', 'nattch',
  'uid', 'gid', 'cuid', 'cgid', 'atimeS', 'dtimeS', 'ctimeS'
]

/**
 * Parse the text of /proc/sysvipc/shm. Columns are located by the header line, so kernels
 * without rss/swap (or with extra columns) parse too. `perms` is printed in octal, the key
 * as a signed decimal (negative keys are folded back to their unsigned 32-bit value).
 * Lines that do not have every required column are skipped.
 */
export function parseSysvShm(text: string): SysvShmRow[] {
  const nl = text.indexOf('\n')
  const header = (nl < 0 ? text : text.slice(0, nl)).trim().split(/\s+/)
  const fieldAt: (keyof SysvShmRow | undefined)[] = header.map((h) => HEADER_FIELDS[h])
  const present = new Set(fieldAt)
  if (!REQUIRED.every((f) => present.has(f))) return []
  const rows: SysvShmRow[] = []
  if (nl < 0) return rows
  const lines = text.slice(nl + 1).split('\n')
  for (const line of lines) {
    const cells = line.trim().split(/\s+/)
    if (cells.length < header.length) continue
    const row = {} as Record<keyof SysvShmRow, number>
    let ok = true
    for (let i = 0; i < fieldAt.length; i++) {
      const field = fieldAt[i]
      if (field === undefined) continue
      const cell = cells[i] as string
      const value = field === 'perms' ? parseInt(cell, 8) : Number(cell)
      if (!Number.isFinite(value)) {
        ok = false
        break
      }
      row[field] = value
    }
    if (!ok) continue
    // The kernel prints the key with %10d: keys above 0x7fffffff come out negative.
    if (row.key < 0) row.key += 0x1_0000_0000
    rows.push(row as SysvShmRow)
  }
  return rows
}

/** The raw table, or undefined when the kernel has no System V IPC (or it is hidden). */
export async function readSysvShmText(path = '/proc/sysvipc/shm'): Promise<string | undefined> {
  try {
    return await readFile(path, 'latin1')
  } catch {
    return undefined
  }
}

/** `0x%08x` of a key, as ipcs and lsipc print it. */
export function keyHex(key: number): string {
  return '0x' + (key >>> 0).toString(16).padStart(8, '0')
}
