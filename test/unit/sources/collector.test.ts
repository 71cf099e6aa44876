// The collector's rules for when the process maps must be read again, and the scan it builds from per-process maps.
import { describe, expect, it } from 'vitest'
import { attachSignature, attachmentsMayHaveChanged, posixSignature } from '../../../src/main/core/collector'
import { buildScan, type PidMaps } from '../../../src/main/core/sources/procMaps'
import type { SysvShmRow } from '../../../src/main/core/sources/sysvShm'
import type { PosixShmEntry } from '../../../src/main/core/sources/posixShm'

const row = (shmid: number, nattch: number, ctimeS = 100, atimeS = 0): SysvShmRow => ({
  key: 0, shmid, perms: 0o600, sizeBytes: 4096, cpid: 1, lpid: 1, nattch, uid: 0, gid: 0, cuid: 0, cgid: 0, atimeS, dtimeS: 0, ctimeS
})

describe('attachmentsMayHaveChanged', () => {
  const before = attachSignature([row(1, 2), row(2, 0)])
  it('is false when only times other than ctime moved', () => {
    expect(attachmentsMayHaveChanged(before, [row(1, 2, 100, 555), row(2, 0)])).toBe(false)
  })
  it('is false for a removed segment and for a new one nobody attached', () => {
    expect(attachmentsMayHaveChanged(before, [row(1, 2), row(3, 0)])).toBe(false)
  })
  it('is true when nattch or ctime moved, or a new segment is attached', () => {
    expect(attachmentsMayHaveChanged(before, [row(1, 3), row(2, 0)])).toBe(true)
    expect(attachmentsMayHaveChanged(before, [row(1, 2), row(2, 0, 101)])).toBe(true)
    expect(attachmentsMayHaveChanged(before, [row(1, 2), row(2, 0), row(4, 1)])).toBe(true)
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
