// Owns the event log as data: filters by type, object and pid, and one line of text per event (pure).
import type { ShmEvent, ShmEventType } from '../../../shared'

export const EVENT_TYPES: ShmEventType[] = ['created', 'attached', 'detached', 'marked-dest', 'removed', 'perms-changed', 'resized']

export interface EventFilter {
  types: ReadonlySet<ShmEventType>
  /** `sysv:4`, `posix:/x`, or '' for all. */
  objectId: string
  pid: number | undefined
}

export const eventObjectId = (e: ShmEvent): string => (e.kind === 'sysv' ? `sysv:${e.shmid ?? ''}` : `posix:${e.name ?? ''}`)

export function matchesEvent(e: ShmEvent, f: EventFilter): boolean {
  if (!f.types.has(e.type)) return false
  if (f.objectId && eventObjectId(e) !== f.objectId) return false
  if (f.pid !== undefined && e.pid !== f.pid) return false
  return true
}

/** What happened, in words. */
export function describeEvent(e: ShmEvent): string {
  const who = e.pid !== undefined ? ` by ${e.pid}${e.comm ? ` (${e.comm})` : ''}` : ''
  const n = e.nattch !== undefined ? ` → nattch ${e.nattch}` : ''
  switch (e.type) {
    case 'attached':
      return `attached${who}${n}${e.inferred ? ' (inferred)' : ''}`
    case 'detached':
      return `detached${who}${n}${e.inferred ? ' (inferred)' : ''}`
    case 'perms-changed':
      return `permissions ${(e.from ?? 0).toString(8)} → ${(e.to ?? 0).toString(8)}`
    case 'resized':
      return `resized ${e.from ?? '?'} → ${e.to ?? '?'} bytes`
    case 'marked-dest':
      return 'marked for destruction (IPC_RMID)'
    default:
      return e.type
  }
}

/** Merge two newest-last lists without duplicates (same time, type, object and pid). */
export function mergeEvents(a: ShmEvent[], b: ShmEvent[], max = 5000): ShmEvent[] {
  const key = (e: ShmEvent): string => `${e.tMs}|${e.type}|${eventObjectId(e)}|${e.pid ?? ''}`
  const seen = new Set<string>()
  const out: ShmEvent[] = []
  for (const e of [...a, ...b].sort((x, y) => x.tMs - y.tMs)) {
    const k = key(e)
    if (seen.has(k)) continue
    seen.add(k)
    out.push(e)
  }
  return out.slice(-max)
}
