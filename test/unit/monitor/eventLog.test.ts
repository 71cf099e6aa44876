// The event log: bounded (the oldest go, counted), queried newest last by type, object, pid and time.
import { describe, expect, it } from 'vitest'
import { EventLog, objectIdOf } from '../../../src/main/core/monitor/eventLog'
import type { ShmEvent } from '../../../src/shared/events'

const ev = (tMs: number, type: ShmEvent['type'], shmid: number, pid?: number): ShmEvent => ({ tMs, type, kind: 'sysv', shmid, key: 0, ...(pid ? { pid } : {}) })

describe('EventLog', () => {
  it('keeps at most its capacity, the newest, and counts what it dropped', () => {
    const log = new EventLog(100)
    for (let i = 0; i < 1000; i++) log.append([ev(i, 'attached', i % 7)])
    expect(log.size).toBe(100)
    const all = log.query({ limit: 10_000 })
    expect(all.length).toBe(100)
    expect(all.at(-1)?.tMs).toBe(999)
    expect(all[0]?.tMs).toBe(900)
    expect(log.droppedCount).toBeGreaterThanOrEqual(875)
  })

  it('filters by type, object, pid and start time, and limits to the newest', () => {
    const log = new EventLog()
    log.append([ev(1, 'created', 5), ev(2, 'attached', 5, 42), ev(3, 'attached', 6, 43), ev(4, 'detached', 5, 42), ev(5, 'removed', 5)])
    expect(log.query({ types: ['attached', 'detached'], objectId: 'sysv:5' }).map((e) => e.tMs)).toEqual([2, 4])
    expect(log.query({ pid: 43 }).map((e) => e.shmid)).toEqual([6])
    expect(log.query({ fromMs: 4 }).map((e) => e.type)).toEqual(['detached', 'removed'])
    expect(log.query({ limit: 2 }).map((e) => e.tMs)).toEqual([4, 5])
    expect(objectIdOf({ kind: 'posix', name: '/x y' })).toBe('posix:/x y')
  })
})
