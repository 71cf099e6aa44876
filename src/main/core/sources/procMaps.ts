// Reads /proc/<pid>/maps (proc(5)) of every process in one pass: who has which System V segment or /dev/shm object mapped.
import { readdir } from 'node:fs'
import { readWhole } from './procfs'
import { displayFileName } from './posixShm'

/** One mapping of a shared-memory object in a maps file. */
export type MapsShmEntry =
  | {
      kind: 'sysv'
      /** The inode column: the kernel puts the shmid there. */
      shmid: number
      /** The key from the `/SYSV%08x` name (0 for IPC_PRIVATE and for removed segments). */
      key: number
      readOnly: boolean
      /** Mapping offset; 0 for the first piece of each shmat() (later pieces come from mprotect splits). */
      offset: number
    }
  | {
      kind: 'posix'
      /** `/` + the file name under /dev/shm (escaped like posixShm's names). */
      name: string
      inode: number
      /** st_dev of the file, in the user-space encoding stat(2) returns. */
      dev: number
      readOnly: boolean
      offset: number
      /** The object was unlinked (shm_unlink) while still mapped. */
      deleted: boolean
    }

// start-end perms offset major:minor inode [spaces path]
const LINE = /^[0-9a-f]+-[0-9a-f]+ ([-r][-w][-x][sp]) ([0-9a-f]+) ([0-9a-f]+):([0-9a-f]+) (\d+) +(.*)$/
const DELETED = ' (deleted)'

/** glibc's makedev(): how stat(2) reports a device number. */
function makeDev(major: number, minor: number): number {
  return (minor & 0xff) + (major & 0xfff) * 0x100 + (minor & ~0xff) * 0x1000 + Math.floor(major / 0x1000) * 0x1_0000_0000
}

/** procfs escapes a newline in a path as `\012`; put it back. */
function unescapeMapsPath(raw: string): string {
  return raw.includes('\\012') ? raw.replace(/\\012/g, '\n') : raw
}

/** Parse one maps line; undefined unless it is a shared mapping of a SysV segment or a /dev/shm file. */
export function parseMapsLine(line: string): MapsShmEntry | undefined {
  const m = LINE.exec(line)
  if (!m) return undefined
  const [, perms, offsetHex, majorHex, minorHex, inodeText, rawPath] = m as unknown as string[]
  const path = rawPath as string
  if ((perms as string)[3] !== 's') return undefined
  const readOnly = (perms as string)[1] !== 'w'
  const offset = parseInt(offsetHex as string, 16)
  if (path.startsWith('/SYSV')) {
    const key = parseInt(path.slice(5, 13), 16)
    return { kind: 'sysv', shmid: Number(inodeText), key: Number.isFinite(key) ? key : 0, readOnly, offset }
  }
  if (path.startsWith('/dev/shm/')) {
    let file = path.slice('/dev/shm/'.length)
    const deleted = file.endsWith(DELETED)
    if (deleted) file = file.slice(0, -DELETED.length)
    const name = '/' + displayFileName(Buffer.from(unescapeMapsPath(file), 'latin1'))
    const dev = makeDev(parseInt(majorHex as string, 16), parseInt(minorHex as string, 16))
    return { kind: 'posix', name, inode: Number(inodeText), dev, readOnly, offset, deleted }
  }
  return undefined
}

const SYSV_NEEDLE = Buffer.from('/SYSV')
const POSIX_NEEDLE = Buffer.from('/dev/shm/')

/**
 * Parse a maps file: only the lines naming a System V segment or a /dev/shm object.
 * Takes the raw bytes (or latin1 text) so that odd bytes in names survive; lines without
 * a needle are never decoded, which keeps big maps files cheap.
 */
export function parseMaps(input: string | Buffer, length = input.length): MapsShmEntry[] {
  const whole = typeof input === 'string' ? Buffer.from(input, 'latin1') : input
  const buf = length < whole.length ? whole.subarray(0, length) : whole
  const out: MapsShmEntry[] = []
  const lineStarts = new Set<number>()
  for (const needle of [SYSV_NEEDLE, POSIX_NEEDLE]) {
    let at = buf.indexOf(needle, 0)
    while (at >= 0) {
      const start = at === 0 ? 0 : buf.lastIndexOf(0x0a, at - 1) + 1
      let end = buf.indexOf(0x0a, at)
      if (end < 0) end = buf.length
      if (!lineStarts.has(start)) {
        lineStarts.add(start)
        const entry = parseMapsLine(buf.toString('latin1', start, end))
        if (entry) out.push(entry)
      }
      at = buf.indexOf(needle, end)
    }
  }
  return out
}

/** One process's hold on one object. */
export interface PidAttachment {
  pid: number
  /** No writable mapping of the object in this process. */
  readOnly: boolean
  /** Number of attaches (mappings at offset 0): a process may shmat() the same segment twice. */
  attaches: number
}

/** What one pass over /proc found. */
export interface MapsScan {
  /** System V attachments by shmid. */
  sysv: Map<number, PidAttachment[]>
  /** POSIX mappings by `dev:inode` (see posixKey). */
  posix: Map<string, PidAttachment[]>
  /** Attaches of the excluded pids (the monitor itself) by shmid: known, so never "hidden". */
  excludedSysvAttaches: Map<number, number>
  /** Processes whose maps could not be read (permission), not counting those that exited. */
  unreadable: number
  /** Processes looked at (excluded ones included). */
  scanned: number
  /** Every pid /proc listed during the scan (to skip reads for processes that are gone). */
  pids: Set<number>
}

/** Key under which MapsScan.posix files an object. */
export const posixKey = (dev: number, inode: number): string => `${dev}:${inode}`

function add(map: Map<number | string, PidAttachment[]>, key: number | string, pid: number, readOnly: boolean, offset: number): void {
  let list = map.get(key)
  if (!list) map.set(key, (list = []))
  const last = list[list.length - 1]
  const attach = offset === 0 ? 1 : 0
  if (last && last.pid === pid) {
    last.readOnly &&= readOnly
    last.attaches += attach
  } else {
    list.push({ pid, readOnly, attaches: Math.max(attach, 1) })
  }
}

/** Numeric entries of /proc: every pid (threads are not listed there, only thread-group leaders). */
export function listPids(procDir = '/proc'): Promise<number[]> {
  return new Promise((resolve) => {
    readdir(procDir, (err, names) => {
      if (err) return resolve([])
      const pids: number[] = []
      for (const n of names) {
        const c = n.charCodeAt(0)
        if (c >= 48 && c <= 57) pids.push(Number(n))
      }
      resolve(pids)
    })
  })
}

/** One process's maps as far as shared memory goes: its mappings, or that reading was refused. */
export type PidMaps = MapsShmEntry[] | 'unreadable'

/**
 * Read the maps files of `pids` with at most `concurrency` reads in flight (async, so the
 * caller's event loop keeps running). Processes that exit meanwhile are left out.
 */
export async function readMapsOf(pids: number[], options: { concurrency?: number; procDir?: string } = {}): Promise<Map<number, PidMaps>> {
  const procDir = options.procDir ?? '/proc'
  const out = new Map<number, PidMaps>()
  let next = 0
  const worker = async (): Promise<void> => {
    let buf: Buffer = Buffer.allocUnsafe(64 * 1024)
    while (next < pids.length) {
      const pid = pids[next++] as number
      const res = await readWhole(`${procDir}/${pid}/maps`, buf)
      if (!res.ok) {
        if (res.code === 'EACCES' || res.code === 'EPERM') out.set(pid, 'unreadable')
        continue
      }
      buf = res.buf
      out.set(pid, res.length === 0 ? [] : parseMaps(buf, res.length))
    }
  }
  const n = Math.max(1, Math.min(options.concurrency ?? 8, pids.length))
  await Promise.all(Array.from({ length: n }, worker))
  return out
}

/**
 * Join per-process maps into one MapsScan. `listed` is every pid /proc listed (also those
 * that exited before their maps were read). Attachment lists come out sorted by pid.
 */
export function buildScan(perPid: Map<number, PidMaps>, listed: Iterable<number>, excludePids: Iterable<number> = []): MapsScan {
  const exclude = new Set(excludePids)
  const scan: MapsScan = { sysv: new Map(), posix: new Map(), excludedSysvAttaches: new Map(), unreadable: 0, scanned: 0, pids: new Set(listed) }
  const pids = [...perPid.keys()].sort((a, b) => a - b)
  for (const pid of pids) {
    const entries = perPid.get(pid) as PidMaps
    if (entries === 'unreadable') {
      scan.unreadable++
      continue
    }
    scan.scanned++
    if (exclude.has(pid)) {
      for (const e of entries) {
        if (e.kind === 'sysv' && e.offset === 0) scan.excludedSysvAttaches.set(e.shmid, (scan.excludedSysvAttaches.get(e.shmid) ?? 0) + 1)
      }
      continue
    }
    for (const e of entries) {
      // POSIX objects are matched by device and inode, so a mapping of an unlinked object
      // never lands on a new object that reuses its name.
      if (e.kind === 'sysv') add(scan.sysv, e.shmid, pid, e.readOnly, e.offset)
      else add(scan.posix, posixKey(e.dev, e.inode), pid, e.readOnly, e.offset)
    }
  }
  return scan
}

/**
 * Read /proc/<pid>/maps of every process once (see readMapsOf). Processes that exit
 * meanwhile are ignored; those whose maps are refused are counted in `unreadable`.
 */
export async function scanMaps(options: { excludePids?: number[]; concurrency?: number; procDir?: string } = {}): Promise<MapsScan> {
  const pids = await listPids(options.procDir ?? '/proc')
  const perPid = await readMapsOf(pids, options)
  return buildScan(perPid, pids, options.excludePids)
}
