// Owns the recent lifecycle events: a bounded log, newest last, queried by type, object, pid and time.
import type { ShmEvent } from '../../../shared/events'
import type { EventQuery, ObjectId } from '../../../shared/api'

/** `sysv:<shmid>` or `posix:<name>`: the id history and watches use for an object. */
export function objectIdOf(e: Pick<ShmEvent, 'kind' | 'shmid' | 'name'>): ObjectId {
  return e.kind === 'sysv' ? `sysv:${e.shmid ?? ''}` : `posix:${e.name ?? ''}`
}

export class EventLog {
  private events: ShmEvent[] = []
  private dropped = 0

  constructor(private readonly capacity = 20_000) {}

  append(events: readonly ShmEvent[]): void {
    if (events.length === 0) return
    this.events.push(...events)
    // Trim in chunks so the array is not shifted on every tick.
    if (this.events.length > this.capacity * 1.25) {
      const extra = this.events.length - this.capacity
      this.events = this.events.slice(extra)
      this.dropped += extra
    }
  }

  get size(): number {
    return Math.min(this.events.length, this.capacity)
  }
  /** Events that fell out of the log since the start. */
  get droppedCount(): number {
    return this.dropped
  }

  /** Matching events, newest last, at most `limit` (the newest ones). */
  query(q: EventQuery): ShmEvent[] {
    const limit = q.limit ?? 1000
    const out: ShmEvent[] = []
    const start = Math.max(0, this.events.length - this.capacity)
    for (let i = this.events.length - 1; i >= start && out.length < limit; i--) {
      const e = this.events[i] as ShmEvent
      if (q.fromMs !== undefined && e.tMs < q.fromMs) break
      if (q.types && !q.types.includes(e.type)) continue
      if (q.pid !== undefined && e.pid !== q.pid) continue
      if (q.objectId !== undefined && objectIdOf(e) !== q.objectId) continue
      out.push(e)
    }
    return out.reverse()
  }
}
