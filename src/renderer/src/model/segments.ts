// Owns the Segments table as data: one row per System V segment and POSIX object, status badges, sorting and filtering (pure).
import type { Snapshot, SysvSegment, PosixObject } from '../../../shared'
import { posixId, sysvId } from './objects'

export type Badge = 'dest' | 'orphaned' | 'locked' | 'unreadable' | 'hidden' | 'semaphore'

export const BADGE_TEXT: Record<Badge, { label: string; title: string }> = {
  dest: { label: 'marked for destruction', title: 'IPC_RMID was called: the segment disappears at its last detach' },
  orphaned: { label: 'orphaned', title: 'Nobody is attached and the process that created it is gone' },
  locked: { label: 'locked', title: 'SHM_LOCK: kept in memory, never swapped' },
  unreadable: { label: 'unreadable', title: 'Its payload cannot be read by this monitor' },
  hidden: { label: 'hidden attachments', title: 'Some attached processes cannot be inspected (their /proc/<pid>/maps is unreadable)' },
  semaphore: { label: 'semaphore', title: 'A POSIX named semaphore (sem.* in /dev/shm)' }
}

export interface SegmentRow {
  id: string
  kind: 'sysv' | 'posix'
  /** `0x00004243`, `IPC_PRIVATE`, or empty for POSIX. */
  keyText: string
  key: number
  /** shmid as text, or the POSIX name. */
  idText: string
  owner: string
  perms: string
  sizeBytes: number
  nattch: number
  badges: Badge[]
  cpid?: number
  creatorName?: string
  lpid?: number
  lastName?: string
  lastAttachMs: number | null
  lastDetachMs: number | null
}

export type SortKey = 'key' | 'idText' | 'owner' | 'perms' | 'sizeBytes' | 'nattch' | 'status' | 'cpid' | 'lpid' | 'lastAttachMs' | 'lastDetachMs'
export interface SortState {
  key: SortKey
  descending: boolean
}

function commandName(cmdline: string | null): string | undefined {
  if (!cmdline) return undefined
  const first = cmdline.split(' ')[0] ?? ''
  return first.split('/').pop() || undefined
}

function sysvRow(s: SysvSegment, comms: Map<number, string>, unreadable: ReadonlySet<string>): SegmentRow {
  const id = sysvId(s.shmid)
  const badges: Badge[] = []
  if (s.dest) badges.push('dest')
  const appNattch = s.nattch - (s.monitorAttaches ?? 0)
  if (appNattch === 0 && s.creatorCommand === null) badges.push('orphaned')
  if (s.locked) badges.push('locked')
  if (unreadable.has(id)) badges.push('unreadable')
  if (s.attachmentsHidden > 0) badges.push('hidden')
  return {
    id,
    kind: 'sysv',
    key: s.key,
    keyText: s.key === 0 ? 'IPC_PRIVATE' : s.keyHex,
    idText: String(s.shmid),
    owner: s.owner,
    perms: s.permsOctal,
    sizeBytes: s.sizeBytes,
    nattch: appNattch,
    badges,
    cpid: s.cpid,
    creatorName: commandName(s.creatorCommand) ?? comms.get(s.cpid),
    lpid: s.lpid,
    lastName: comms.get(s.lpid),
    lastAttachMs: s.atimeMs,
    lastDetachMs: s.dtimeMs
  }
}

function posixRow(p: PosixObject, unreadable: ReadonlySet<string>): SegmentRow {
  const id = posixId(p.name)
  const badges: Badge[] = []
  if (p.kind === 'semaphore') badges.push('semaphore')
  if (unreadable.has(id)) badges.push('unreadable')
  return {
    id,
    kind: 'posix',
    key: -1,
    keyText: '',
    idText: p.name,
    owner: p.owner,
    perms: p.permsOctal,
    sizeBytes: p.sizeBytes,
    nattch: p.attachments.length,
    badges,
    lastAttachMs: null,
    lastDetachMs: null
  }
}

/** Every row of the table; `unreadable` holds object ids whose payload could not be read. */
export function buildRows(snapshot: Snapshot, unreadable: ReadonlySet<string> = new Set()): SegmentRow[] {
  const comms = new Map<number, string>()
  for (const o of [...snapshot.sysv, ...snapshot.posix]) for (const a of o.attachments) comms.set(a.pid, a.comm)
  return [...snapshot.sysv.map((s) => sysvRow(s, comms, unreadable)), ...snapshot.posix.map((p) => posixRow(p, unreadable))]
}

function sortValue(r: SegmentRow, key: SortKey): number | string {
  switch (key) {
    case 'status':
      return r.badges.join(',')
    case 'idText':
      return r.kind === 'sysv' ? Number(r.idText) : r.idText
    case 'key':
      return r.kind === 'sysv' ? r.key : -1
    case 'cpid':
      return r.cpid ?? -1
    case 'lpid':
      return r.lpid ?? -1
    case 'lastAttachMs':
      return r.lastAttachMs ?? -1
    case 'lastDetachMs':
      return r.lastDetachMs ?? -1
    default:
      return r[key]
  }
}

/** Stable sort; System V ids sort as numbers; mixed kinds sort System V first. */
export function sortRows(rows: SegmentRow[], sort: SortState): SegmentRow[] {
  const dir = sort.descending ? -1 : 1
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const va = sortValue(a.r, sort.key)
      const vb = sortValue(b.r, sort.key)
      let c: number
      if (typeof va === 'number' && typeof vb === 'number') c = va - vb
      else if (typeof va === 'number') c = -1
      else if (typeof vb === 'number') c = 1
      else c = va.localeCompare(vb)
      return c !== 0 ? c * dir : a.i - b.i
    })
    .map((x) => x.r)
}

/** Rows whose visible text contains every word of the filter (case-insensitive); `kind` narrows further. */
export function filterRows(rows: SegmentRow[], text: string, kind: 'all' | 'sysv' | 'posix' = 'all'): SegmentRow[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean)
  return rows.filter((r) => {
    if (kind !== 'all' && r.kind !== kind) return false
    if (words.length === 0) return true
    const hay = [r.keyText, r.idText, r.owner, r.perms, String(r.nattch), r.creatorName ?? '', r.lastName ?? '', String(r.cpid ?? ''), String(r.lpid ?? ''), ...r.badges.map((b) => BADGE_TEXT[b].label)]
      .join(' ')
      .toLowerCase()
    return words.every((w) => hay.includes(w))
  })
}

/** Gauges: segments against SHMMNI, pages against SHMALL (null when the limit is effectively unlimited). */
export function gauges(snapshot: Snapshot): { segments: { used: number; limit: number }; pages: { used: number; limit: number | null } } {
  const page = snapshot.limits.pageSizeBytes || 4096
  const pagesUsed = snapshot.sysv.reduce((n, s) => n + Math.ceil(s.sizeBytes / page), 0)
  const all = typeof snapshot.limits.shmallPages === 'number' ? snapshot.limits.shmallPages : Number.POSITIVE_INFINITY
  return {
    segments: { used: snapshot.sysv.length, limit: snapshot.limits.shmmni },
    pages: { used: pagesUsed, limit: Number.isFinite(all) && all < 2 ** 52 ? all : null }
  }
}
