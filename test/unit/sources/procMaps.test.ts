import { afterAll, describe, expect, it } from 'vitest'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseMaps, parseMapsLine, scanMaps, posixKey } from '../../../src/main/core/sources/procMaps'

const captured = readFileSync(join(__dirname, '../../fixtures/proc/maps-attached.txt'))
// The tmpfs of /dev/shm in the capture is 00:1b.
const SHM_DEV = 0x1b

describe('parseMaps on a captured maps file', () => {
  const entries = parseMaps(captured)

  it('finds System V attachments by inode (= shmid), not by the /SYSV name', () => {
    const sysv = entries.filter((e) => e.kind === 'sysv')
    expect(sysv.map((e) => [e.kind === 'sysv' && e.shmid, e.readOnly]).sort()).toEqual(
      [
        [1540099, false],
        [1540099, true],
        [1540100, true],
        [1540101, false],
        [1540102, false]
      ].sort()
    )
    // Both IPC_PRIVATE segments are named /SYSV00000000 yet are told apart.
    const privates = sysv.filter((e) => e.kind === 'sysv' && e.key === 0).map((e) => e.kind === 'sysv' && e.shmid)
    expect(new Set(privates)).toEqual(new Set([1540100, 1540101]))
    // The name keeps the key a segment was created with, even after IPC_RMID set it to 0.
    expect(sysv.find((e) => e.kind === 'sysv' && e.shmid === 1540102)).toMatchObject({ key: 0x5353d0de })
    expect(sysv.find((e) => e.kind === 'sysv' && e.shmid === 1540099)).toMatchObject({ key: 0x5353c0de })
  })

  it('finds POSIX objects with their names, modes, inodes and deleted ones', () => {
    const posix = entries.filter((e) => e.kind === 'posix')
    expect(posix).toEqual(
      expect.arrayContaining([
        { kind: 'posix', name: '/shmscope cap é', inode: 4, dev: SHM_DEV, readOnly: false, offset: 0, deleted: false },
        { kind: 'posix', name: '/shmscope_cap_ro', inode: 5, dev: SHM_DEV, readOnly: true, offset: 0, deleted: false },
        { kind: 'posix', name: '/shmscope_cap_gone', inode: 6, dev: SHM_DEV, readOnly: false, offset: 0, deleted: true },
        // A named semaphore is mapped under glibc's temporary name; its inode is the object's.
        { kind: 'posix', name: '/sem.Gdi2sa', inode: 7, dev: SHM_DEV, readOnly: false, offset: 0, deleted: true }
      ])
    )
    expect(posix).toHaveLength(4)
  })

  it('ignores libraries, anonymous and private mappings', () => {
    expect(entries).toHaveLength(9)
  })
})

describe('parseMapsLine', () => {
  it('ignores private mappings of /dev/shm files and paths that only contain /SYSV', () => {
    expect(parseMapsLine('7f00-7f01 r--p 00000000 00:1b 9    /dev/shm/x')).toBeUndefined()
    expect(parseMapsLine('7f00-7f01 rw-s 00000000 08:01 9    /home/u/SYSV00004243')).toBeUndefined()
  })

  it('keeps spaces in names, restores escaped newlines, keeps the offset of split mappings', () => {
    expect(parseMapsLine('7f00-7f01 rw-s 00002000 00:1b 12    /dev/shm/a b\\012c (deleted)')).toEqual({
      kind: 'posix', name: '/a b\nc', inode: 12, dev: 0x1b, readOnly: false, offset: 0x2000, deleted: true
    })
  })

  it('reads big device numbers the way stat(2) encodes them', () => {
    const e = parseMapsLine('7f00-7f01 r--s 00000000 103:1a2 5    /dev/shm/x')
    expect(e?.kind === 'posix' && e.dev).toBe(0xa2 + 0x103 * 0x100 + 0x100 * 0x1000)
  })
})

describe('scanMaps over a /proc-like directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shmscope-procmaps-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const pid = (n: number, maps: string): void => {
    mkdirSync(join(dir, String(n)))
    writeFileSync(join(dir, String(n), 'maps'), maps)
  }
  pid(10, readFileSync(join(__dirname, '../../fixtures/proc/maps-attached.txt'), 'latin1'))
  pid(11, '7f00-7f01 r--s 00000000 00:01 1540099                    /SYSV5353c0de (deleted)\n')
  pid(12, '7f00-7f01 rw-s 00000000 00:01 1540100                    /SYSV00000000 (deleted)\n7f01-7f02 rw-s 00000000 00:01 1540100                    /SYSV00000000 (deleted)\n')
  pid(13, '')
  mkdirSync(join(dir, 'self'))
  mkdirSync(join(dir, '99')) // exited: no maps file, not counted as unreadable

  it('groups attachments by shmid and by POSIX dev:inode, one entry per pid, pids sorted', async () => {
    const scan = await scanMaps({ procDir: dir, concurrency: 2 })
    expect(scan.sysv.get(1540099)).toEqual([
      { pid: 10, readOnly: false, attaches: 2 },
      { pid: 11, readOnly: true, attaches: 1 }
    ])
    // Attached twice by the same process: one entry, two attaches (nattch counts both).
    expect(scan.sysv.get(1540100)).toEqual([
      { pid: 10, readOnly: true, attaches: 1 },
      { pid: 12, readOnly: false, attaches: 2 }
    ])
    expect(scan.posix.get(posixKey(SHM_DEV, 5))).toEqual([{ pid: 10, readOnly: true, attaches: 1 }])
    expect(scan.unreadable).toBe(0)
    expect(scan.scanned).toBe(4)
  })

  it('leaves excluded pids out but remembers their System V attaches', async () => {
    const scan = await scanMaps({ procDir: dir, excludePids: [11] })
    expect(scan.sysv.get(1540099)?.map((a) => a.pid)).toEqual([10])
    expect(scan.excludedSysvAttaches.get(1540099)).toBe(1)
  })
})
