import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseSysvShm, keyHex, SHM_DEST, SHM_LOCKED } from '../../../src/main/core/sources/sysvShm'

const fixture = (name: string): string => readFileSync(join(__dirname, '../../fixtures/proc', name), 'latin1')

describe('parseSysvShm on a captured table', () => {
  const rows = parseSysvShm(fixture('sysvipc-shm.txt'))

  it('reads every segment with all 16 columns', () => {
    expect(rows.map((r) => r.shmid)).toEqual([1441792, 1441793, 1441794, 1540099, 1540100, 1540101, 1540102])
    const keyed = rows.find((r) => r.shmid === 1540099)
    expect(keyed).toEqual({
      key: 0x5353c0de,
      shmid: 1540099,
      perms: 0o640,
      sizeBytes: 5000,
      cpid: 23579,
      lpid: 23579,
      nattch: 2,
      uid: 0,
      gid: 0,
      cuid: 0,
      cgid: 0,
      atimeS: 1795355376,
      dtimeS: 0,
      ctimeS: 1795355376,
      rssBytes: 4096,
      swapBytes: 0
    })
  })

  it('reads perms in octal, with SHM_DEST and SHM_LOCKED bits', () => {
    const locked = rows.find((r) => r.shmid === 1540102)
    expect(locked?.perms).toBe(0o3600)
    expect((locked?.perms ?? 0) & SHM_DEST).toBe(SHM_DEST)
    expect((locked?.perms ?? 0) & SHM_LOCKED).toBe(SHM_LOCKED)
    expect(locked?.key).toBe(0) // IPC_RMID'd segments read key 0
    const removed = rows.find((r) => r.shmid === 1441794)
    expect(removed?.perms).toBe(0o1666)
    expect((removed?.perms ?? 0) & SHM_LOCKED).toBe(0)
  })
})

describe('parseSysvShm on other layouts', () => {
  it('tolerates an old kernel without rss/swap and folds negative keys back to 32 bits', () => {
    const rows = parseSysvShm(fixture('sysvipc-shm-old.txt'))
    expect(rows).toHaveLength(3)
    expect(rows[0]).not.toHaveProperty('rssBytes')
    expect(rows[0]).not.toHaveProperty('swapBytes')
    expect(rows[0]?.perms).toBe(0o1600)
    expect(rows[1]?.key).toBe(0xdeadbeef)
    expect(keyHex(rows[1]?.key ?? 0)).toBe('0xdeadbeef')
    expect(rows[2]?.perms).toBe(0o3666)
    expect(rows[2]?.ctimeS).toBe(1300000300)
  })

  it('locates columns by the header, not by position', () => {
    const text = 'shmid key extra perms size cpid lpid nattch uid gid cuid cgid atime dtime ctime swap rss\n 7 16963 99 600 10 1 2 3 4 5 6 7 8 9 10 11 12\n'
    const [row] = parseSysvShm(text)
    expect(row).toMatchObject({ shmid: 7, key: 16963, perms: 0o600, sizeBytes: 10, nattch: 3, ctimeS: 10, swapBytes: 11, rssBytes: 12 })
  })

  it('skips malformed lines and returns nothing for an unknown header', () => {
    const text = fixture('sysvipc-shm.txt').split('\n')
    const broken = [text[0], 'garbage here', text[1], '  12 34', ''].join('\n')
    expect(parseSysvShm(broken).map((r) => r.shmid)).toEqual([1441792])
    expect(parseSysvShm('a b c\n1 2 3\n')).toEqual([])
    expect(parseSysvShm('')).toEqual([])
  })
})

describe('keyHex', () => {
  it('prints like ipcs', () => {
    expect(keyHex(16963)).toBe('0x00004243')
    expect(keyHex(0)).toBe('0x00000000')
    expect(keyHex(0xffffffff)).toBe('0xffffffff')
  })
})
