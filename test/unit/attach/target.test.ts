import { describe, expect, it } from 'vitest'
import { parseTarget, formatTarget, matchTarget, resolveTarget } from '../../../src/main/core/target'
import type { Snapshot, SysvSegment, PosixObject } from '../../../src/shared/snapshot'

describe('parseTarget', () => {
  it('reads the three forms of CONTRACT.md', () => {
    expect(parseTarget('4')).toEqual({ kind: 'sysv', shmid: 4 })
    expect(parseTarget('key:0x00004243')).toEqual({ kind: 'sysv-key', key: 0x4243 })
    expect(parseTarget('key:0X4243')).toEqual({ kind: 'sysv-key', key: 0x4243 })
    expect(parseTarget('key:16963')).toEqual({ kind: 'sysv-key', key: 16963 })
    expect(parseTarget('key:-1')).toEqual({ kind: 'sysv-key', key: 0xffffffff })
    expect(parseTarget('key:0xdeadbeef')).toEqual({ kind: 'sysv-key', key: 0xdeadbeef })
    expect(parseTarget('/my_shared_memory')).toEqual({ kind: 'posix', name: '/my_shared_memory' })
    expect(parseTarget('/with space é')).toEqual({ kind: 'posix', name: '/with space é' })
  })

  it('refuses everything else', () => {
    for (const bad of ['', 'x', '-4', '4.5', '0x10', 'key:', 'key:0x123456789', 'key:4294967296', 'key:zz', '/', '/a/b', '//x', '99999999999']) {
      expect(parseTarget(bad), bad).toBeUndefined()
    }
  })

  it('formats back to text that parses to the same target', () => {
    for (const t of ['4', 'key:0x00004243', '/x']) {
      const parsed = parseTarget(t)
      expect(parsed && parseTarget(formatTarget(parsed))).toEqual(parsed)
    }
  })
})

const seg = (shmid: number, key: number, dest = false): SysvSegment =>
  ({ shmid, key, keyHex: '', dest } as unknown as SysvSegment)
const obj = (name: string): PosixObject => ({ name } as unknown as PosixObject)

describe('resolveTarget', () => {
  const snapshot = {
    sysv: [seg(1, 0x4243), seg(2, 0), seg(3, 0, true), seg(4, 0x99)],
    posix: [obj('/a'), obj('/sem.b')]
  } as unknown as Snapshot

  it('finds a segment by shmid or by its (unique) key, and a POSIX object by name', () => {
    expect(resolveTarget(snapshot, { kind: 'sysv', shmid: 4 })).toMatchObject({ shmid: 4 })
    expect(resolveTarget(snapshot, { kind: 'sysv-key', key: 0x4243 })).toMatchObject({ shmid: 1 })
    expect(resolveTarget(snapshot, { kind: 'posix', name: '/sem.b' })).toMatchObject({ name: '/sem.b' })
    expect(resolveTarget(snapshot, { kind: 'posix', name: '/b' })).toBeUndefined()
    expect(resolveTarget(snapshot, { kind: 'sysv', shmid: 5 })).toBeUndefined()
  })

  it('treats key 0 as ambiguous when IPC_PRIVATE and removed segments share it', () => {
    expect(matchTarget(snapshot, { kind: 'sysv-key', key: 0 }).map((s) => (s as SysvSegment).shmid)).toEqual([2, 3])
    expect(resolveTarget(snapshot, { kind: 'sysv-key', key: 0 })).toBeUndefined()
    const one = { ...snapshot, sysv: [seg(7, 0)] } as Snapshot
    expect(resolveTarget(one, { kind: 'sysv-key', key: 0 })).toMatchObject({ shmid: 7 })
  })
})
