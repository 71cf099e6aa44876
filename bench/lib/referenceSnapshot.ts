// A lean reference of the snapshot's hot path, to show how close to the /proc floor a
// parser can get: /proc/sysvipc/shm parsed by its header (proc(5)), every /proc/<pid>/maps
// scanned as bytes for `/SYSV` and `/dev/shm/` lines, comm read only for attached pids.
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

/** One lean snapshot: segments with their attachments (System V only; POSIX counted). */
export async function referenceSnapshot(): Promise<{ sysv: RefSegment[]; posixMappings: number }> {
  const [table, entries] = await Promise.all([readFile('/proc/sysvipc/shm', 'latin1'), readdir('/proc')])
  const sysv = parseTable(table)
  const byId = new Map(sysv.map((s) => [s.shmid, s]))
  const pids = entries.filter((e) => e.charCodeAt(0) >= 48 && e.charCodeAt(0) <= 57)
  const maps = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/maps`).catch(() => undefined)))
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
  await Promise.all(
    [...attachedPids].map(async (pid) => {
      const c = await readFile(`/proc/${pid}/comm`, 'latin1').catch(() => '')
      comms.set(pid, c.trim())
    })
  )
  for (const s of sysv) for (const a of s.attachments) a.comm = comms.get(String(a.pid))
  return { sysv, posixMappings }
}
