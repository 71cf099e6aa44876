// Reads /proc/sysvipc/shm (proc(5), "/proc/sysvipc"): one line per System V segment, parsed by its header line.
import { readWhole } from './procfs'

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
 * Parse /proc/sysvipc/shm (its bytes, or latin1 text). Columns are located by the header line, so kernels
 * without rss/swap (or with extra columns) parse too. `perms` is printed in octal, the key
 * as a signed decimal (negative keys are folded back to their unsigned 32-bit value).
 * Lines that do not have every required column are skipped.
 */
export function parseSysvShm(input: string | Uint8Array): SysvShmRow[] {
  const text = typeof input === 'string' ? Buffer.from(input, 'latin1') : input
  const nl = text.indexOf(10)
  const header = Buffer.from(text.buffer, text.byteOffset, nl < 0 ? text.length : nl).toString('latin1').trim().split(/\s+/)
  const fieldAt: (keyof SysvShmRow | undefined)[] = header.map((h) => HEADER_FIELDS[h])
  const present = new Set(fieldAt)
  if (!REQUIRED.every((f) => present.has(f))) return []
  const rows: SysvShmRow[] = []
  if (nl < 0) return rows
  // Column index of every field (-1 when the kernel has no such column).
  const at = Object.fromEntries(Object.values(HEADER_FIELDS).map((f) => [f, fieldAt.indexOf(f)])) as Record<keyof SysvShmRow, number>
  const permsAt = at.perms
  const columns = header.length
  const cells: number[] = new Array(columns)
  // A hand-written scanner: this table has one line per segment (thousands), and
  // split/regex/Number per cell showed up as the main cost of a snapshot.
  const end = text.length
  let i = nl + 1
  while (i < end) {
    let col = 0
    let ok = true
    while (i < end && text[i] !== 10) {
      let c = text[i] as number
      if (c === 32 || c === 9) {
        i++
        continue
      }
      const negative = c === 45
      if (negative) c = text[++i] as number
      const base = col === permsAt ? 8 : 10
      let value = 0
      let digits = 0
      while (i < end && c >= 48 && c <= 57) {
        value = value * base + (c - 48)
        digits++
        c = text[++i] as number
      }
      // Anything but digits in a cell: skip the token and drop the line.
      if (digits === 0 || !(i >= end || c === 32 || c === 9 || c === 10)) {
        ok = false
        while (i < end && text[i] !== 32 && text[i] !== 10) i++
      }
      if (col < columns) cells[col] = negative ? -value : value
      col++
    }
    i++
    if (!ok || col < columns) continue
    const key = cells[at.key] as number
    const row: SysvShmRow = {
      // The kernel prints the key with %10d: keys above 0x7fffffff come out negative.
      key: key < 0 ? key + 0x1_0000_0000 : key,
      shmid: cells[at.shmid] as number,
      perms: cells[at.perms] as number,
      sizeBytes: cells[at.sizeBytes] as number,
      cpid: cells[at.cpid] as number,
      lpid: cells[at.lpid] as number,
      nattch: cells[at.nattch] as number,
      uid: cells[at.uid] as number,
      gid: cells[at.gid] as number,
      cuid: cells[at.cuid] as number,
      cgid: cells[at.cgid] as number,
      atimeS: cells[at.atimeS] as number,
      dtimeS: cells[at.dtimeS] as number,
      ctimeS: cells[at.ctimeS] as number
    }
    if (at.rssBytes >= 0) row.rssBytes = cells[at.rssBytes] as number
    if (at.swapBytes >= 0) row.swapBytes = cells[at.swapBytes] as number
    rows.push(row)
  }
  return rows
}

/** The raw table's bytes, or undefined when the kernel has no System V IPC (or it is hidden). */
export async function readSysvShmText(path = '/proc/sysvipc/shm'): Promise<Buffer | undefined> {
  const res = await readWhole(path, Buffer.allocUnsafe(256 * 1024))
  return res.ok ? res.buf.subarray(0, res.length) : undefined
}

/** `0x%08x` of a key, as ipcs and lsipc print it. */
export function keyHex(key: number): string {
  return '0x' + (key >>> 0).toString(16).padStart(8, '0')
}
