// Owns the poll loop's snapshots: the same Snapshot as takeSnapshot(), re-reading only the
// sources that can have changed since the previous collect (proc(5): /proc/sysvipc/shm,
// /proc/<pid>/maps; shm_overview(7): /dev/shm).
//
// Every collect() reads, fresh:
//   - /proc/sysvipc/shm (synchronously: one small file, a thread-pool hop per 4 KiB page
//     costs more than the read). Unchanged bytes reuse the parsed rows;
//   - the pid list of /proc (one readdir) and /dev/shm (readdir + lstat per object), so
//     every number the table and /dev/shm give (nattch, sizes, times, rss, perms, dest,
//     mtime) is always exact, and segments/objects appear and vanish on the very next collect.
// System V changes are seen in the table: shmat and shmdt set nattch, the attach/detach time
// and lpid (the last pid to attach or detach); fork, exec and exit move nattch; IPC_RMID and
// IPC_SET move ctime. For every segment whose row moved so (or a new attached segment), the
// maps of its lpid are read again, and the result is checked: the mappings the maps now show
// must add up to nattch (counting the attaches that unreadable maps hid before). When they do
// not (two processes moved in one tick) every maps file is read. The monitor's own
// shmat/shmdt (a payload read: lpid ours, nattch unchanged) is no change.
// Every /proc/<pid>/maps file is read again (a "full" collect) when:
//   - this is the first collect, or `fullRescanMs` (default 2000) passed since the last one;
//   - the check above failed;
//   - the set of /dev/shm objects (device:inode) changed;
//   - a process opened or closed a /dev/shm object (inotify, see attach/shmOpens.ts): mapping
//     an existing POSIX object starts with shm_open, so its new attachment shows on the next
//     collect. The monitor's own reads are left out (ignoreOpensOf).
// Otherwise the previous maps are reused, adjusted for the pid list: the maps of new pids
// are read (a new process that mmaps a /dev/shm object shows on the next collect), the
// entries of pids that left /proc are dropped (with their attachments).
//
// What may be stale, and for how long (at most `fullRescanMs`, plus one interval):
//   - POSIX attachments that a running process drops with munmap (no open or close, no kernel
//     counter records it), mappings made from an fd opened long before, mappings made while
//     the monitor itself read the same object, read-only/read-write changes by mprotect, and
//     all POSIX mappings where inotify is not available;
//   - comm of an attached process that renamed itself (prctl), its cmdline, and the creator
//     command (read once per pid; again every fifth full collect, so at most ~10 s);
//   - owner names and the kernel limits
//     (/proc/sys/kernel/shm*, changed by sysctl);
//   - changes on one segment by three or more processes in one tick whose unseen changes
//     cancel out (the count still adds up), or a detach by a readable process in the same
//     tick as an attach by one whose maps are unreadable;
//   - a pid that exits and is reused by a new process between two collects keeps the old
//     process's maps (needs pid_max wrapping within one interval).
import type { Snapshot } from '../../shared/snapshot'
import { parseSysvShm, type SysvShmRow } from './sources/sysvShm'
import { readWholeSync } from './sources/procfs'
import { listPosixShm, type PosixShmEntry } from './sources/posixShm'
import { buildScan, listPids, readMapsOf, type MapsScan, type PidMaps } from './sources/procMaps'
import { readLimits } from './sources/limits'
import { userNames } from './sources/users'
import { readComm } from './sources/processes'
import { assembleSnapshot, attachedCmdlines, attachedPidsOf, creatorCommands, mapLimited } from './snapshot'
import { watchShmOpens, type ShmOpenWatcher } from './attach/shmOpens'

export interface CollectorOptions {
  /** Pids left out of attachment lists (the monitor's own), as takeSnapshot's option. */
  excludePids?: number[]
  /** Longest time the previous maps are reused (default 2000 ms). */
  fullRescanMs?: number
  /** Files read at once during a full collect (default 8). */
  concurrency?: number
  /** Watch /dev/shm for opens (default true; false relies on the timer alone). */
  watchOpens?: boolean
}

/** How each collect went; every collect counts in exactly one of the three. */
export interface CollectorStats {
  /** Every maps file read again. */
  full: number
  /** Table text changed and was parsed; maps reused (only new pids' and changed segments' lpid maps read). */
  light: number
  /** Table bytes identical: parse skipped; maps reused (only new pids' maps read). */
  reused: number
}

export interface Collector {
  /** One snapshot, as takeSnapshot() would return it (see the header for what may be stale). */
  collect(): Promise<Snapshot>
  readonly stats: Readonly<CollectorStats>
  /** The monitor itself is about to open the POSIX object `name`: that open is no reason to rescan. */
  ignoreOpensOf(name: string): void
  /** Let go of the inotify fd. */
  close(): void
}

/** The table's rows by shmid (what the previous collect saw). */
export function rowsById(rows: SysvShmRow[]): Map<number, SysvShmRow> {
  return new Map(rows.map((r) => [r.shmid, r]))
}

/**
 * Segments whose attachments may differ from those in maps read after `prev`: nattch, ctime,
 * the last attach or detach time or the last attaching/detaching pid moved (shmat and shmdt set
 * atime/dtime and lpid, so an attach by one process and a detach by another in the same tick
 * show even though nattch did not move), or a new segment is attached. A removed segment needs
 * no maps read (it had no attachments left), nor does a new one with nattch 0, nor a change
 * that only the monitor's own shmat/shmdt made (lpid one of `selfPids`, nattch and ctime kept).
 */
export function changedAttachRows(prev: ReadonlyMap<number, SysvShmRow>, rows: SysvShmRow[], selfPids: ReadonlySet<number> = new Set()): SysvShmRow[] {
  const out: SysvShmRow[] = []
  for (const r of rows) {
    const p = prev.get(r.shmid)
    if (p === undefined) {
      if (r.nattch > 0) out.push(r)
      continue
    }
    const countKept = p.nattch === r.nattch && p.ctimeS === r.ctimeS
    if (countKept && p.atimeS === r.atimeS && p.dtimeS === r.dtimeS && p.lpid === r.lpid) continue
    if (countKept && selfPids.has(r.lpid)) continue
    out.push(r)
  }
  return out
}

/** Mappings the scan holds for a segment (first pieces of each shmat, the excluded pids' included). */
function knownAttaches(scan: MapsScan, shmid: number): number {
  return (scan.sysv.get(shmid)?.reduce((n, a) => n + a.attaches, 0) ?? 0) + (scan.excludedSysvAttaches.get(shmid) ?? 0)
}

/** Identity of the /dev/shm listing: which objects exist (not their sizes or times). */
export function posixSignature(entries: PosixShmEntry[]): string {
  return entries.map((e) => `${e.dev}:${e.inode}`).join(',')
}

/** Full collects between two rereads of process names and creator commands. */
const NAMES_EVERY_FULL = 5

type Creators = Map<number, { startS: number | undefined; cmdline: string | undefined }>

export function createCollector(options: CollectorOptions = {}): Collector {
  const exclude = options.excludePids ?? []
  const excludeSet = new Set(exclude)
  const fullRescanMs = options.fullRescanMs ?? 2000
  const limit = options.concurrency ?? 8
  const stats: CollectorStats = { full: 0, light: 0, reused: 0 }
  const opens: ShmOpenWatcher | undefined = options.watchOpens === false ? undefined : watchShmOpens()
  let ownOpens = new Set<string>()

  let tableBuf: Buffer = Buffer.allocUnsafe(256 * 1024)
  let lastText: Buffer | undefined
  let rows: SysvShmRow[] = []
  let prevRows = new Map<number, SysvShmRow>()
  let posixSig: string | undefined
  let perPid = new Map<number, PidMaps>()
  let listed = new Set<number>()
  let scan: MapsScan | undefined
  let lastFullMs = -Infinity
  let limits: Awaited<ReturnType<typeof readLimits>> | undefined
  let users = new Map<number, string>()
  const comms = new Map<number, string>()
  let creators: Creators = new Map()
  let fullsSinceNames = 0

  const readTable = (): Buffer | undefined => {
    const res = readWholeSync('/proc/sysvipc/shm', tableBuf)
    if (!res.ok) return undefined
    tableBuf = res.buf
    return res.buf.subarray(0, res.length)
  }

  /** Read every process's maps, the limits and the user names again. */
  const readAll = async (pids: number[]): Promise<void> => {
    lastFullMs = performance.now()
    const [maps, newLimits, newUsers] = await Promise.all([
      readMapsOf(pids, { concurrency: limit }),
      readLimits(),
      userNames().catch(() => new Map<number, string>())
    ])
    perPid = maps
    limits = newLimits
    users = newUsers
    listed = new Set(pids)
    scan = buildScan(perPid, listed, exclude)
    // Names and creator commands change rarely (prctl, exec): read again every few full collects.
    if (++fullsSinceNames >= NAMES_EVERY_FULL) {
      fullsSinceNames = 0
      comms.clear()
      creators = new Map()
    }
    stats.full++
  }

  const collect = async (): Promise<Snapshot> => {
    const takenAtMs = Date.now()
    // Table first, maps after (as takeSnapshot): maps may run ahead of nattch, never behind.
    const text = readTable()
    const same = text !== undefined && lastText !== undefined && text.equals(lastText)
    if (!same) {
      rows = text === undefined ? [] : parseSysvShm(text)
      lastText = text === undefined ? undefined : Buffer.from(text)
    }
    const [pids, posixEntries] = await Promise.all([listPids(), listPosixShm()])
    const pSig = posixSignature(posixEntries)
    const opened = opens?.drain(ownOpens) ?? false
    ownOpens = new Set()
    const changedRows = same ? [] : changedAttachRows(prevRows, rows, excludeSet)
    // Per changed segment, the attaches the maps could not account for before (processes
    // whose maps are unreadable; the table/maps lag): nattch before minus what the maps showed.
    const unexplained = new Map<number, number>()
    for (const r of changedRows) {
      const before = prevRows.get(r.shmid)
      unexplained.set(r.shmid, before === undefined || scan === undefined ? 0 : before.nattch - knownAttaches(scan, r.shmid))
    }
    const full = scan === undefined || opened || performance.now() - lastFullMs >= fullRescanMs || pSig !== posixSig
    posixSig = pSig
    if (!same) prevRows = rowsById(rows)

    if (full) await readAll(pids)
    else {
      // Read the maps of new pids and of the last attacher/detacher of each changed segment.
      const now = new Set(pids)
      const toRead = new Set(pids.filter((p) => !listed.has(p)))
      for (const r of changedRows) if (r.lpid > 0 && now.has(r.lpid)) toRead.add(r.lpid)
      let changed = false
      for (const pid of listed) if (!now.has(pid) && perPid.delete(pid)) changed = true
      for (const [pid, maps] of toRead.size > 0 ? await readMapsOf([...toRead], { concurrency: limit }) : []) {
        perPid.set(pid, maps)
        changed = true
      }
      if (changed || now.size !== listed.size) scan = buildScan(perPid, now, exclude)
      listed = now
      // The lpid explains a change only when nattch now matches what the maps say (plus what
      // they could not say before); two processes moving in one tick leave a mismatch, and
      // then every maps file is read.
      const current = scan as MapsScan
      if (changedRows.some((r) => knownAttaches(current, r.shmid) + (unexplained.get(r.shmid) ?? 0) !== r.nattch)) await readAll(pids)
      else if (same) stats.reused++
      else stats.light++
    }
    const current = scan as MapsScan

    // comm of attached pids: read once per pid (again every few full collects).
    const attachedPids = attachedPidsOf(current)
    const missingComm = [...attachedPids].filter((p) => !comms.has(p))
    const missingCreators = rows.filter((r) => !creators.has(r.cpid))
    const [commPairs, newCreators] = await Promise.all([
      mapLimited(missingComm, limit, async (pid) => [pid, (await readComm(pid)) ?? ''] as const),
      missingCreators.length > 0 ? creatorCommands(missingCreators, current.pids, limit) : Promise.resolve(new Map() as Creators)
    ])
    for (const [pid, comm] of commPairs) comms.set(pid, comm)
    // A cpid that is gone is remembered as such (no reads for it until names are read again);
    // one that left /proc since is forgotten at once (the pid list is fresh every collect).
    for (const r of missingCreators) creators.set(r.cpid, newCreators.get(r.cpid) ?? { startS: undefined, cmdline: undefined })
    for (const [pid, c] of creators) if (c.cmdline !== undefined && !current.pids.has(pid)) creators.set(pid, { startS: undefined, cmdline: undefined })
    for (const pid of comms.keys()) if (!attachedPids.has(pid)) comms.delete(pid)
    const cmdlines = await attachedCmdlines(comms, limit)

    return assembleSnapshot({ takenAtMs, rows, posixEntries, scan: current, limits: limits as NonNullable<typeof limits>, users, comms, cmdlines, creators })
  }

  return {
    collect,
    stats,
    ignoreOpensOf: (name) => void ownOpens.add(name),
    close: () => opens?.close()
  }
}
