// The read-only reader against real segments and objects made here.
import { afterEach, describe, expect, it } from 'vitest'
import { readFileSync, symlinkSync, unlinkSync } from 'node:fs'
import { cleanupAll, trackPosix } from '../../helpers/native'
import { openPayload, readOnce } from '../../../src/main/core/attach/reader'
import { takeSnapshot } from '../../../src/main/core/snapshot'
import { absentShmid, busyWriter, createPosix, createSegment, expectedPattern, uniqueKey, uniquePosixName } from '../sources/shmtool'

afterEach(cleanupAll)

const ownMappings = (shmid: number): string[] =>
  readFileSync('/proc/self/maps', 'latin1')
    .split('\n')
    .filter((l) => / \/SYSV[0-9a-f]{8}/.test(l) && l.trim().split(/\s+/)[4] === String(shmid))

const nattchOf = async (shmid: number): Promise<number | undefined> => (await takeSnapshot()).sysv.find((s) => s.shmid === shmid)?.nattch

describe('System V', () => {
  it('holds one read-only mapping (r--s) while open, leaves the payload unchanged, detaches on close', async () => {
    const holder = await createSegment(0, 10000, '600')
    const sumBefore = await holder.command('sum')
    const opened = openPayload({ kind: 'sysv', shmid: holder.shmid })
    expect(opened.ok).toBe(true)
    if (!opened.ok) return
    try {
      const maps = ownMappings(holder.shmid)
      expect(maps).toHaveLength(1)
      expect(maps[0]?.split(/\s+/)[1]).toBe('r--s')
      expect(await nattchOf(holder.shmid)).toBe(2)
      const read = opened.handle.read(0, 10000)
      expect(read.ok && Buffer.from(read.bytes).equals(expectedPattern(10000))).toBe(true)
      expect(read.ok && read.torn).toBe(false)
      const part = opened.handle.read(1234, 100)
      expect(part.ok && Buffer.from(part.bytes).equals(expectedPattern(100, 1234))).toBe(true)
      expect(opened.handle.sizeBytes).toBe(10000)
    } finally {
      opened.handle.close()
    }
    opened.handle.close() // twice is harmless
    expect(ownMappings(holder.shmid)).toHaveLength(0)
    expect(await nattchOf(holder.shmid)).toBe(1)
    expect(await holder.command('sum')).toBe(sumBefore)
  })

  it('reads by key, and readOnce detaches at once', async () => {
    const key = uniqueKey()
    const holder = await createSegment(key, 300, '644')
    const r = readOnce({ kind: 'sysv-key', key }, 10, 20)
    expect(r).toMatchObject({ ok: true, offset: 10, sizeBytes: 300, torn: false })
    expect(r.ok && Buffer.from(r.bytes).equals(expectedPattern(20, 10))).toBe(true)
    expect(ownMappings(holder.shmid)).toHaveLength(0)
  })

  it('marks a read torn when a writer never stops, and returns bytes of the right length', async () => {
    const holder = await createSegment(0, 8 * 1024 * 1024, '600')
    await busyWriter(holder.shmid)
    const r = readOnce({ kind: 'sysv', shmid: holder.shmid }, 0, 8 * 1024 * 1024, { retries: 2 })
    expect(r.ok).toBe(true)
    expect(r.ok && r.torn).toBe(true)
    expect(r.ok && r.bytes.length).toBe(8 * 1024 * 1024)
  })

  it('returns errors as values: not found, bad range, too large, closed handle', async () => {
    expect(readOnce({ kind: 'sysv', shmid: absentShmid() })).toMatchObject({ ok: false, code: 'not-found' })
    expect(readOnce({ kind: 'sysv-key', key: uniqueKey() })).toMatchObject({ ok: false, code: 'not-found' })
    const holder = await createSegment(0, 4096, '600')
    const target = { kind: 'sysv', shmid: holder.shmid } as const
    expect(readOnce(target, 4000, 200)).toMatchObject({ ok: false, code: 'invalid-range' })
    expect(readOnce(target, -1, 2)).toMatchObject({ ok: false, code: 'invalid-range' })
    expect(readOnce(target, 0, 1.5)).toMatchObject({ ok: false, code: 'invalid-range' })
    expect(readOnce(target, 0, 4096, { maxBytes: 1024 })).toMatchObject({ ok: false, code: 'too-large' })
    expect(readOnce(target, 4096, 0)).toMatchObject({ ok: true, torn: false })
    const opened = openPayload(target)
    expect(opened.ok).toBe(true)
    if (opened.ok) {
      opened.handle.close()
      expect(opened.handle.read(0, 1)).toMatchObject({ ok: false, code: 'failed' })
    }
  })

  it('keeps reading a segment removed while held (the kernel keeps it until the last detach)', async () => {
    const holder = await createSegment(0, 4096, '600')
    const opened = openPayload({ kind: 'sysv', shmid: holder.shmid })
    if (!opened.ok) throw new Error(opened.message)
    try {
      expect(await holder.command('rmid')).toBe('0')
      const r = opened.handle.read(0, 16)
      expect(r.ok && Buffer.from(r.bytes).equals(expectedPattern(16))).toBe(true)
    } finally {
      opened.handle.close()
    }
  })
})

describe('POSIX', () => {
  it('reads back byte-exact what another process wrote', async () => {
    const name = uniquePosixName('read')
    await createPosix(name, 20000)
    const r = readOnce({ kind: 'posix', name })
    expect(r).toMatchObject({ ok: true, offset: 0, sizeBytes: 20000, torn: false })
    expect(r.ok && Buffer.from(r.bytes).equals(expectedPattern(20000))).toBe(true)
    // The reader never maps the object: nothing of it in our own maps.
    expect(readFileSync('/proc/self/maps', 'latin1')).not.toContain(name.slice(1))
  })

  it('says removed when the object is unlinked while open, not-found when absent, and refuses symlinks and paths', async () => {
    const name = uniquePosixName('gone')
    await createPosix(name, 4096)
    const opened = openPayload({ kind: 'posix', name })
    if (!opened.ok) throw new Error(opened.message)
    try {
      unlinkSync(`/dev/shm${name}`)
      expect(opened.handle.read(0, 16)).toMatchObject({ ok: false, code: 'removed' })
    } finally {
      opened.handle.close()
    }
    expect(readOnce({ kind: 'posix', name })).toMatchObject({ ok: false, code: 'not-found' })
    expect(readOnce({ kind: 'posix', name: '/../etc/hostname' })).toMatchObject({ ok: false, code: 'not-found' })
    const link = trackPosix(uniquePosixName('link'))
    symlinkSync('/etc/hostname', `/dev/shm${link}`)
    expect(readOnce({ kind: 'posix', name: link })).toMatchObject({ ok: false, code: 'not-found', message: expect.stringContaining('symbolic link') })
  })
})
