// Owns the lifecycle events between two snapshots (pure): created, removed, attached, detached,
// marked-dest, perms-changed and resized, including attaches and detaches inferred from the
// kernel's atime/dtime/lpid (shmctl(2) IPC_STAT: shm_atime, shm_dtime, shm_lpid) when a process
// attached and detached between two ticks.
import type { Attachment, PosixObject, Snapshot, SysvSegment } from '../../../shared/snapshot'
import type { ShmEvent } from '../../../shared/events'

/** What the diff remembers per segment from one tick to the next. */
export interface Reported {
  attachMs: number
  detachMs: number
  /** Hidden attaches that were only the lag between the segment table and the maps. */
  lag: number
}

export interface DiffContext {
  tMs: number
  /** The monitor's pid: its own attaches and detaches are never application events. */
  selfPid: number
  /** Attachments the monitor itself held on a segment when `prev` was taken (its payload watches). */
  selfBefore(shmid: number): number
  /**
   * When an attach and a detach were last reported per segment (kept by the caller across
   * ticks, updated here). /proc/sysvipc/shm and the maps are read at slightly different
   * instants, so an attach seen in the maps in one tick may show in atime only in the next:
   * a time already explained by a reported event must not be inferred again.
   */
  reported?: Map<number, Reported>
  /** Set when some processes' maps could not be read (their attaches are hidden). */
  unreadable?: boolean
}

/** Attach count without the monitor's own attachments. */
export function appNattch(seg: SysvSegment, selfAttaches: (shmid: number) => number): number {
  return Math.max(0, seg.nattch - selfAttaches(seg.shmid))
}

/** How many mappings each pid has (a pid may attach a segment more than once). */
function pidCounts(list: Attachment[]): Map<number, { n: number; comm: string }> {
  const out = new Map<number, { n: number; comm: string }>()
  for (const a of list) {
    const e = out.get(a.pid)
    if (e) e.n++
    else out.set(a.pid, { n: 1, comm: a.comm })
  }
  return out
}

/** attached/detached events for the pids whose mapping count went up or down. */
function pidChanges(before: Attachment[], after: Attachment[], base: Omit<ShmEvent, 'type'>): { events: ShmEvent[]; net: number } {
  const a = pidCounts(before)
  const b = pidCounts(after)
  const events: ShmEvent[] = []
  let net = 0
  for (const [pid, e] of a) {
    const lost = e.n - (b.get(pid)?.n ?? 0)
    for (let i = 0; i < lost; i++) events.push({ ...base, type: 'detached', pid, comm: e.comm })
    if (lost > 0) net -= lost
  }
  for (const [pid, e] of b) {
    const gained = e.n - (a.get(pid)?.n ?? 0)
    for (let i = 0; i < gained; i++) events.push({ ...base, type: 'attached', pid, comm: e.comm })
    if (gained > 0) net += gained
  }
  return { events, net }
}

const later = (a: number | null, b: number | null): boolean => b !== null && (a === null || b > a)

function sysvChanges(p: SysvSegment, n: SysvSegment, ctx: DiffContext): ShmEvent[] {
  const base = { tMs: ctx.tMs, kind: 'sysv' as const, shmid: n.shmid, key: n.key || p.key }
  const out: ShmEvent[] = []
  if (!p.dest && n.dest) out.push({ ...base, type: 'marked-dest' })
  if (p.mode !== n.mode) out.push({ ...base, type: 'perms-changed', from: p.mode, to: n.mode })
  if (p.sizeBytes !== n.sizeBytes) out.push({ ...base, type: 'resized', from: p.sizeBytes, to: n.sizeBytes })

  const before = appNattch(p, ctx.selfBefore)
  const seen = pidChanges(p.attachments, n.attachments, base)
  // Attaches by processes whose maps we cannot read: more of them are hidden than before.
  // Only when some maps were unreadable; and see settleHidden for the instants in between.
  const unexplained = settleHidden(ctx, n.shmid, ctx.unreadable ? n.attachmentsHidden - p.attachmentsHidden : 0, seen.net)
  const hidden: ShmEvent[] = []
  for (let i = 0; i < Math.abs(unexplained); i++) hidden.push({ ...base, type: unexplained > 0 ? 'attached' : 'detached', inferred: true })
  const attachEvents = [...seen.events, ...hidden]

  // Nothing visible moved, yet the kernel's times did: a process attached and/or detached
  // between two ticks. lpid is whoever did the last shmat/shmdt; when that is the monitor we
  // cannot tell, and say nothing rather than guess.
  const last = ctx.reported?.get(n.shmid)
  if (attachEvents.length === 0 && n.lpid !== ctx.selfPid) {
    const pid = n.lpid > 0 ? n.lpid : undefined
    if (later(p.atimeMs, n.atimeMs) && (n.atimeMs as number) > (last?.attachMs ?? -Infinity)) attachEvents.push({ ...base, type: 'attached', pid, inferred: true })
    if (later(p.dtimeMs, n.dtimeMs) && (n.dtimeMs as number) > (last?.detachMs ?? -Infinity)) attachEvents.push({ ...base, type: 'detached', pid, inferred: true })
  }
  noteReported(ctx, n.shmid, attachEvents)
  // nattch after each change, counted along in order (pidChanges lists the detaches first).
  let count = before
  for (const e of attachEvents) {
    count += e.type === 'attached' ? 1 : -1
    e.nattch = Math.max(0, count)
    if (e.pid === undefined) delete e.pid
  }
  return [...out, ...attachEvents]
}

const fresh = (): Reported => ({ attachMs: -Infinity, detachMs: -Infinity, lag: 0 })

/**
 * The change of hidden attaches that is real. The segment table is read just before the maps,
 * so a detach seen in the maps can be missing from nattch for one tick: the "hidden" attach
 * that appears with it is lag, taken back by the next tick instead of reported twice.
 */
function settleHidden(ctx: DiffContext, shmid: number, hiddenDelta: number, seenNet: number): number {
  if (!ctx.reported) return hiddenDelta
  const r = ctx.reported.get(shmid) ?? fresh()
  let d = hiddenDelta
  if (r.lag !== 0 && Math.sign(d) === -Math.sign(r.lag)) {
    const take = Math.sign(d) * Math.min(Math.abs(d), Math.abs(r.lag))
    d -= take
    r.lag += take
  }
  if (d !== 0 && seenNet !== 0 && Math.sign(d) === -Math.sign(seenNet)) {
    const lag = Math.sign(d) * Math.min(Math.abs(d), Math.abs(seenNet))
    r.lag += lag
    d -= lag
  }
  ctx.reported.set(shmid, r)
  return d
}

function noteReported(ctx: DiffContext, shmid: number, events: ShmEvent[]): void {
  if (!ctx.reported || events.length === 0) return
  const r = ctx.reported.get(shmid) ?? fresh()
  for (const e of events) {
    if (e.type === 'attached') r.attachMs = ctx.tMs
    else if (e.type === 'detached') r.detachMs = ctx.tMs
  }
  ctx.reported.set(shmid, r)
}

function posixChanges(p: PosixObject, n: PosixObject, tMs: number): ShmEvent[] {
  const base = { tMs, kind: 'posix' as const, name: n.name }
  const out: ShmEvent[] = []
  if (p.mode !== n.mode) out.push({ ...base, type: 'perms-changed', from: p.mode, to: n.mode })
  if (p.sizeBytes !== n.sizeBytes) out.push({ ...base, type: 'resized', from: p.sizeBytes, to: n.sizeBytes })
  const seen = pidChanges(p.attachments, n.attachments, base)
  let count = p.attachments.length
  for (const e of seen.events) {
    count += e.type === 'attached' ? 1 : -1
    e.nattch = count
  }
  return [...out, ...seen.events]
}

/** The events that turn `prev` into `next`, in a stable order: removals, changes, creations. */
export function diffSnapshots(prev: Snapshot, next: Snapshot, context: DiffContext): ShmEvent[] {
  const ctx = { ...context, unreadable: context.unreadable ?? (next.unreadableProcesses ?? 0) > 0 }
  const events: ShmEvent[] = []
  const nextSysv = new Map(next.sysv.map((s) => [s.shmid, s]))
  const prevSysv = new Map(prev.sysv.map((s) => [s.shmid, s]))
  for (const p of prev.sysv) {
    if (nextSysv.has(p.shmid)) continue
    const base = { tMs: ctx.tMs, kind: 'sysv' as const, shmid: p.shmid, key: p.key }
    // A segment only goes away once nobody is attached: whoever was, left first.
    let count = appNattch(p, ctx.selfBefore)
    for (const a of p.attachments) events.push({ ...base, type: 'detached', pid: a.pid, comm: a.comm, nattch: (count = Math.max(0, count - 1)) })
    events.push({ ...base, type: 'removed' })
    ctx.reported?.delete(p.shmid)
  }
  for (const n of next.sysv) {
    const p = prevSysv.get(n.shmid)
    if (p) {
      events.push(...sysvChanges(p, n, ctx))
      continue
    }
    const base = { tMs: ctx.tMs, kind: 'sysv' as const, shmid: n.shmid, key: n.key }
    events.push({ ...base, type: 'created' })
    let count = 0
    const attached: ShmEvent[] = n.attachments.map((a) => ({ ...base, type: 'attached', pid: a.pid, comm: a.comm, nattch: ++count }))
    events.push(...attached)
    noteReported(ctx, n.shmid, attached)
    if (n.dest) events.push({ ...base, type: 'marked-dest' })
  }

  const nextPosix = new Map(next.posix.map((o) => [o.name, o]))
  const prevPosix = new Map(prev.posix.map((o) => [o.name, o]))
  for (const p of prev.posix) {
    const n = nextPosix.get(p.name)
    if (n && n.inode === p.inode) continue
    const base = { tMs: ctx.tMs, kind: 'posix' as const, name: p.name }
    let count = p.attachments.length
    for (const a of p.attachments) events.push({ ...base, type: 'detached', pid: a.pid, comm: a.comm, nattch: --count })
    events.push({ ...base, type: 'removed' })
  }
  for (const n of next.posix) {
    const p = prevPosix.get(n.name)
    if (p && p.inode === n.inode) {
      events.push(...posixChanges(p, n, ctx.tMs))
      continue
    }
    const base = { tMs: ctx.tMs, kind: 'posix' as const, name: n.name }
    events.push({ ...base, type: 'created' })
    let count = 0
    for (const a of n.attachments) events.push({ ...base, type: 'attached', pid: a.pid, comm: a.comm, nattch: ++count })
  }
  return events
}
