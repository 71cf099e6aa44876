// The collector's rules for when the process maps must be read again, and the scan it builds from per-process maps.
import { describe, expect, it } from 'vitest'
import { changedAttachRows, posixSignature, rowsById } from '../../../src/main/core/collector'
import { buildScan, type PidMaps } from '../../../src/main/core/sources/procMaps'
import type { SysvShmRow } from '../../../src/main/core/sources/sysvShm'
import type { PosixShmEntry } from '../../../src/main/core/sources/posixShm'

describe('changedAttachRows', () => {
  const row = (shmid: number, nattch: number, o: Partial<SysvShmRow> = {}): SysvShmRow => ({
    key: 0, shmid, perms: 0o600, sizeBytes: 4096, cpid: 1, lpid: 1, nattch, uid: 0, gid: 0, cuid: 0, cgid: 0, atimeS: 0, dtimeS: 0, ctimeS: 100, ...o
  })
  const before = rowsById([row(1, 2), row(2, 0)])
  const ids = (rows: SysvShmRow[]): number[] => rows.map((r) => r.shmid)
  it('is empty when nothing that bears on attachments moved', () => {
    expect(changedAttachRows(before, [row(1, 2, { rssBytes: 8192 }), row(2, 0)])).toEqual([])
  })
  it('ignores a removed segment and a new one nobody attached', () => {
    expect(changedAttachRows(before, [row(1, 2), row(3, 0)])).toEqual([])
  })
  it('names segments whose nattch, ctime, attach or detach time or lpid moved, and new attached ones', () => {
    expect(ids(changedAttachRows(before, [row(1, 3), row(2, 0)]))).toEqual([1])
    expect(ids(changedAttachRows(before, [row(1, 2), row(2, 0, { ctimeS: 101 })]))).toEqual([2])
    // One process attached and another detached in the same tick: nattch is the same.
    expect(ids(changedAttachRows(before, [row(1, 2, { atimeS: 5, dtimeS: 5, lpid: 77 }), row(2, 0)]))).toEqual([1])
    expect(ids(changedAttachRows(before, [row(1, 2), row(2, 0), row(4, 1)]))).toEqual([4])
  })
  it("ignores the monitor's own shmat/shmdt of a payload read, but not a change of nattch by it", () => {
    const self = new Set([999])
    expect(changedAttachRows(before, [row(1, 2, { atimeS: 9, dtimeS: 9, lpid: 999 }), row(2, 0)], self)).toEqual([])
    expect(ids(changedAttachRows(before, [row(1, 3, { atimeS: 9, lpid: 999 }), row(2, 0)], self))).toEqual([1])
  })
})

describe('posixSignature', () => {
  const entry = (dev: number, inode: number, sizeBytes: number): PosixShmEntry => ({ dev, inode, sizeBytes }) as unknown as PosixShmEntry
  it('changes with the set of objects, not with their sizes', () => {
    expect(posixSignature([entry(1, 10, 4096)])).toBe(posixSignature([entry(1, 10, 8192)]))
    expect(posixSignature([entry(1, 10, 4096)])).not.toBe(posixSignature([entry(1, 11, 4096)]))
  })
})

describe('buildScan', () => {
  it('joins per-process maps, counts the unreadable, keeps excluded pids out and sorts by pid', () => {
    const perPid = new Map<number, PidMaps>([
      [30, [{ kind: 'sysv', shmid: 7, key: 0, readOnly: true, offset: 0 }]],
      [10, [{ kind: 'sysv', shmid: 7, key: 0, readOnly: false, offset: 0 }]],
      [20, 'unreadable'],
      [99, [{ kind: 'sysv', shmid: 7, key: 0, readOnly: true, offset: 0 }]]
    ])
    const scan = buildScan(perPid, [10, 20, 30, 99, 100], [99])
    expect(scan.sysv.get(7)?.map((a) => [a.pid, a.readOnly])).toEqual([
      [10, false],
      [30, true]
    ])
    expect(scan.unreadable).toBe(1)
    expect(scan.scanned).toBe(3)
    expect(scan.excludedSysvAttaches.get(7)).toBe(1)
    expect(scan.pids.has(100)).toBe(true)
  })
})
