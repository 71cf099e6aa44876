// Owns one snapshot of the machine's shared memory: every source read once, joined into the `list --json` document.
import type { Attachment, PosixObject, ShmLimits, Snapshot, SysvSegment } from '../../shared/snapshot'
import { parseSysvShm, readSysvShmText, keyHex, SHM_DEST, SHM_LOCKED, type SysvShmRow } from './sources/sysvShm'
import { listPosixShm, type PosixShmEntry } from './sources/posixShm'
import { scanMaps, posixKey, type MapsScan, type PidAttachment } from './sources/procMaps'
import { readLimits } from './sources/limits'
import { userNames, nameOf } from './sources/users'
import { readComm, readCmdline, readStartTimeS, mayBeCreator } from './sources/processes'

export interface SnapshotOptions {
  /** Pids left out of attachment lists (the monitor's own); their attaches are not counted as hidden either. */
  excludePids?: number[]
  /** Maps files read at once (default 8). */
  concurrency?: number
}

const secondsToMs = (s: number): number | null => (s === 0 ? null : s * 1000)

/** Run `fn` over `items` with at most `limit` promises in flight. */
export async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
  return out
}

/** Creator command lines by cpid, kept only where the running process can be the creator. */
export async function creatorCommands(rows: SysvShmRow[], livePids: Set<number>, limit: number): Promise<Map<number, { startS: number | undefined; cmdline: string | undefined }>> {
  // Only creators still listed in /proc: no reads at all for the ones that are gone.
  const cpids = [...new Set(rows.map((r) => r.cpid))].filter((p) => p > 0 && livePids.has(p))
  const found = await mapLimited(cpids, limit, async (pid) => {
    const [startS, cmdline] = await Promise.all([readStartTimeS(pid), readCmdline(pid)])
    return [pid, { startS, cmdline }] as const
  })
  return new Map(found)
}

/** Every pid the scan found with a System V or POSIX object mapped. */
export function attachedPidsOf(scan: MapsScan): Set<number> {
  const pids = new Set<number>()
  for (const list of scan.sysv.values()) for (const a of list) pids.add(a.pid)
  for (const list of scan.posix.values()) for (const a of list) pids.add(a.pid)
  return pids
}

/** Command lines of attached processes by pid, remembered while the pid keeps its comm (they rarely change). */
const cmdlineCache = new Map<number, { comm: string; cmdline: string | undefined }>()

export async function attachedCmdlines(comms: Map<number, string>, limit: number): Promise<Map<number, string | undefined>> {
  const missing = [...comms].filter(([pid, comm]) => cmdlineCache.get(pid)?.comm !== comm)
  await mapLimited(missing, limit, async ([pid, comm]) => {
    cmdlineCache.set(pid, { comm, cmdline: await readCmdline(pid) })
  })
  for (const pid of cmdlineCache.keys()) if (!comms.has(pid)) cmdlineCache.delete(pid)
  return new Map([...comms.keys()].map((pid) => [pid, cmdlineCache.get(pid)?.cmdline]))
}

function attachmentsOf(found: PidAttachment[] | undefined, comms: Map<number, string>, cmdlines: Map<number, string | undefined>): Attachment[] {
  if (!found) return []
  return found.map((a) => {
    const cmdline = cmdlines.get(a.pid)
    return cmdline ? { pid: a.pid, comm: comms.get(a.pid) ?? '', readOnly: a.readOnly, cmdline } : { pid: a.pid, comm: comms.get(a.pid) ?? '', readOnly: a.readOnly }
  })
}

function buildSysv(
  row: SysvShmRow,
  scan: MapsScan,
  comms: Map<number, string>,
  cmdlines: Map<number, string | undefined>,
  users: Map<number, string>,
  creators: Map<number, { startS: number | undefined; cmdline: string | undefined }>
): SysvSegment {
  const found = scan.sysv.get(row.shmid)
  const known = (found?.reduce((n, a) => n + a.attaches, 0) ?? 0) + (scan.excludedSysvAttaches.get(row.shmid) ?? 0)
  const creator = creators.get(row.cpid)
  const creatorCommand =
    creator && creator.cmdline !== undefined && creator.cmdline !== '' && mayBeCreator(creator.startS, row.ctimeS) ? creator.cmdline : null
  const mode = row.perms & 0o777
  return {
    shmid: row.shmid,
    key: row.key,
    keyHex: keyHex(row.key),
    sizeBytes: row.sizeBytes,
    nattch: row.nattch,
    mode,
    permsOctal: mode.toString(8).padStart(3, '0'),
    dest: (row.perms & SHM_DEST) !== 0,
    locked: (row.perms & SHM_LOCKED) !== 0,
    uid: row.uid,
    gid: row.gid,
    cuid: row.cuid,
    cgid: row.cgid,
    owner: nameOf(users, row.uid),
    cpid: row.cpid,
    lpid: row.lpid,
    creatorCommand,
    atimeMs: secondsToMs(row.atimeS),
    dtimeMs: secondsToMs(row.dtimeS),
    ctimeMs: secondsToMs(row.ctimeS),
    rssBytes: row.rssBytes ?? null,
    swapBytes: row.swapBytes ?? null,
    attachments: attachmentsOf(found, comms, cmdlines),
    attachmentsHidden: Math.max(0, row.nattch - known)
  }
}

function buildPosix(entry: PosixShmEntry, scan: MapsScan, comms: Map<number, string>, cmdlines: Map<number, string | undefined>, users: Map<number, string>): PosixObject {
  return {
    name: entry.name,
    kind: entry.kind,
    sizeBytes: entry.sizeBytes,
    mode: entry.mode,
    permsOctal: entry.mode.toString(8).padStart(3, '0'),
    uid: entry.uid,
    gid: entry.gid,
    owner: nameOf(users, entry.uid),
    mtimeMs: entry.mtimeMs,
    inode: entry.inode,
    attachments: attachmentsOf(scan.posix.get(posixKey(entry.dev, entry.inode)), comms, cmdlines)
  }
}

/**
 * Take one snapshot: /proc/sysvipc/shm, /dev/shm, every /proc/<pid>/maps (one pass),
 * the limits, owner names, and comm/cmdline of the processes it names. Every read is
 * asynchronous and bounded; a source that fails yields nothing rather than throwing.
 */
export async function takeSnapshot(options: SnapshotOptions = {}): Promise<Snapshot> {
  const limit = options.concurrency ?? 8
  const takenAtMs = Date.now()
  // The segment table first, then the maps: a process that attaches or detaches meanwhile
  // then shows in the maps before it shows in nattch, never the other way round, which is
  // the one order the monitor's diff knows how to settle (see monitor/diff.ts).
  const sysvText = await readSysvShmText()
  const [posixEntries, scan, limits, users] = await Promise.all([
    listPosixShm(),
    scanMaps({ excludePids: options.excludePids, concurrency: limit }),
    readLimits(),
    userNames().catch(() => new Map<number, string>())
  ])
  const rows = sysvText === undefined ? [] : parseSysvShm(sysvText)

  const attachedPids = attachedPidsOf(scan)
  const [commPairs, creators] = await Promise.all([
    mapLimited([...attachedPids], limit, async (pid) => [pid, (await readComm(pid)) ?? ''] as const),
    creatorCommands(rows, scan.pids, limit)
  ])
  const comms = new Map(commPairs)
  const cmdlines = await attachedCmdlines(comms, limit)
  return assembleSnapshot({ takenAtMs, rows, posixEntries, scan, limits, users, comms, cmdlines, creators })
}

/** Every source's harvest for one snapshot, already read. */
export interface SnapshotParts {
  takenAtMs: number
  rows: SysvShmRow[]
  posixEntries: PosixShmEntry[]
  scan: MapsScan
  limits: ShmLimits
  users: Map<number, string>
  comms: Map<number, string>
  cmdlines: Map<number, string | undefined>
  creators: Map<number, { startS: number | undefined; cmdline: string | undefined }>
}

/** Join the sources into one Snapshot. Every object (and attachment list) in it is new: callers may annotate them. */
export function assembleSnapshot(p: SnapshotParts): Snapshot {
  const sysv = p.rows.map((row) => buildSysv(row, p.scan, p.comms, p.cmdlines, p.users, p.creators))
  const posix = p.posixEntries.map((e) => buildPosix(e, p.scan, p.comms, p.cmdlines, p.users))
  let sizeBytes = 0
  let rssBytes = 0
  for (const s of sysv) {
    sizeBytes += s.sizeBytes
    rssBytes += s.rssBytes ?? 0
  }
  return {
    takenAtMs: p.takenAtMs,
    sysv,
    posix,
    limits: p.limits,
    usage: { segments: sysv.length, sizeBytes, rssBytes },
    unreadableProcesses: p.scan.unreadable
  }
}
