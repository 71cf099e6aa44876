// A lean reference of the snapshot's hot path, to show how close to the /proc floor a
// parser can get: /proc/sysvipc/shm parsed by its header (proc(5)), every /proc/<pid>/maps
// scanned as bytes for `/SYSV` and `/dev/shm/` lines, comm read only for attached pids.
import { readFileSync, readdirSync } from 'node:fs'
import { readFile, readdir } from 'node:fs/promises'

export interface RefSegment {
  shmid: number
  key: number
  sizeBytes: number
  nattch: number
  attachments: { pid: number; readOnly: boolean; comm?: string }[]
}

const SYSV = Buffer.from('/SYSV')
const DEVSHM = Buffer.from('/dev/shm/')
const NL = 10

/** Parse the table by its header line, so kernels without rss/swap work too. */
function parseTable(text: string): RefSegment[] {
  const lines = text.split('\n')
  const cols = (lines[0] ?? '').trim().split(/\s+/)
  const iKey = cols.indexOf('key')
  const iId = cols.indexOf('shmid')
  const iSize = cols.indexOf('size')
  const iN = cols.indexOf('nattch')
  const out: RefSegment[] = []
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string
    if (line.length === 0) continue
    const f = line.trim().split(/\s+/)
    out.push({ key: Number(f[iKey]), shmid: Number(f[iId]), sizeBytes: Number(f[iSize]), nattch: Number(f[iN]), attachments: [] })
  }
  return out
}

/** Each line of `buf` that contains `needle`: [lineStart, lineEnd). */
function* linesWith(buf: Buffer, needle: Buffer): Generator<[number, number]> {
  let at = buf.indexOf(needle)
  while (at >= 0) {
    const start = buf.lastIndexOf(NL, at) + 1
    let end = buf.indexOf(NL, at)
    if (end < 0) end = buf.length
    yield [start, end]
    at = buf.indexOf(needle, end)
  }
}

const readSyncOrUndefined = (path: string): Buffer | undefined => {
  try {
    return readFileSync(path)
  } catch {
    return undefined
  }
}

/**
 * One lean snapshot: segments with their attachments (System V only; POSIX counted).
 * `sync` reads every file with readFileSync (one blocking pass instead of hundreds of
 * thread-pool round trips).
 */
export async function referenceSnapshot(opts: { sync?: boolean } = {}): Promise<{ sysv: RefSegment[]; posixMappings: number }> {
  const [table, entries] = opts.sync
    ? [readFileSync('/proc/sysvipc/shm', 'latin1'), readdirSync('/proc')]
    : await Promise.all([readFile('/proc/sysvipc/shm', 'latin1'), readdir('/proc')])
  const sysv = parseTable(table)
  const byId = new Map(sysv.map((s) => [s.shmid, s]))
  const pids = entries.filter((e) => e.charCodeAt(0) >= 48 && e.charCodeAt(0) <= 57)
  const maps = opts.sync
    ? pids.map((pid) => readSyncOrUndefined(`/proc/${pid}/maps`))
    : await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/maps`).catch(() => undefined)))
  const attachedPids = new Set<string>()
  let posixMappings = 0
  maps.forEach((buf, i) => {
    if (!buf) return
    const pid = pids[i] as string
    for (const [start, end] of linesWith(buf, SYSV)) {
      // "addr perms offset dev inode path": the inode of a SysV mapping is the shmid.
      const f = buf.toString('latin1', start, end).split(/\s+/)
      const seg = byId.get(Number(f[4]))
      if (!seg) continue
      seg.attachments.push({ pid: Number(pid), readOnly: f[1]?.[1] !== 'w' })
      attachedPids.add(pid)
    }
    for (const _ of linesWith(buf, DEVSHM)) posixMappings++
  })
  const comms = new Map<string, string>()
  if (opts.sync) {
    for (const pid of attachedPids) comms.set(pid, (readSyncOrUndefined(`/proc/${pid}/comm`)?.toString('latin1') ?? '').trim())
  } else {
    await Promise.all(
      [...attachedPids].map(async (pid) => {
        const c = await readFile(`/proc/${pid}/comm`, 'latin1').catch(() => '')
        comms.set(pid, c.trim())
      })
    )
  }
  for (const s of sysv) for (const a of s.attachments) a.comm = comms.get(String(a.pid))
  return { sysv, posixMappings }
}

/**
 * The incremental variant: the table every tick, but /proc/<pid>/maps only when a
 * segment's nattch changed (then just its lpid: the kernel records the last shmat/shmdt
 * caller there) and in a full rescan every `fullEveryTicks` ticks, which also catches
 * POSIX mappings (they have no nattch) and processes that died while attached.
 */
export class IncrementalReference {
  private tick = 0
  private nattchById = new Map<number, number>()
  private last: RefSegment[] = []
  private lastText = ''
  constructor(private readonly fullEveryTicks = 20) {}

  /** One poll; returns the segments and how many maps files it read. */
  async poll(): Promise<{ sysv: RefSegment[]; mapsRead: number }> {
    const full = this.tick++ % this.fullEveryTicks === 0
    if (full) {
      const snap = await referenceSnapshot({ sync: true })
      this.remember(snap.sysv)
      return { sysv: snap.sysv, mapsRead: -1 }
    }
    // Synchronous on purpose: procfs hands this file out one page per read(), and each
    // async read is a thread-pool round trip (167 of them at 4,000 segments).
    const text = readFileSync('/proc/sysvipc/shm', 'latin1')
    // Nothing attached, detached, created or touched since the last tick: nothing to parse.
    if (text === this.lastText) return { sysv: this.last, mapsRead: 0 }
    this.lastText = text
    const header = (text.slice(0, text.indexOf('\n')) || '').trim().split(/\s+/)
    const iId = header.indexOf('shmid')
    const iN = header.indexOf('nattch')
    const iL = header.indexOf('lpid')
    const changedLpids = new Set<string>()
    let start = text.indexOf('\n') + 1
    while (start > 0 && start < text.length) {
      let end = text.indexOf('\n', start)
      if (end < 0) end = text.length
      const f = text.slice(start, end).trim().split(/\s+/)
      const id = Number(f[iId])
      const n = Number(f[iN])
      if (this.nattchById.get(id) !== n) changedLpids.add(f[iL] as string)
      start = end + 1
    }
    for (const pid of changedLpids) readSyncOrUndefined(`/proc/${pid}/maps`)
    // A real monitor would patch attachments from those maps; the reads are the cost.
    return { sysv: this.last, mapsRead: changedLpids.size }
  }

  private remember(sysv: RefSegment[]): void {
    this.last = sysv
    this.nattchById = new Map(sysv.map((s) => [s.shmid, s.nattch]))
  }
}
