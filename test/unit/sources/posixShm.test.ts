import { afterAll, describe, expect, it } from 'vitest'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, existsSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { listPosixShm, nameToPaths, displayFileName, isPosixName } from '../../../src/main/core/sources/posixShm'

describe('listPosixShm on a directory with odd names', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shmscope-devshm-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const raw = (name: Buffer, size: number): void => writeFileSync(Buffer.concat([Buffer.from(dir + '/'), name]), Buffer.alloc(size))
  raw(Buffer.from('with space'), 10)
  raw(Buffer.from('ünïcödé 共有'), 20)
  raw(Buffer.from([0x62, 0x61, 0x64, 0xff, 0x5c, 0x41]), 30) // "bad", 0xff, "\", "A": not UTF-8
  raw(Buffer.from('new\nline'), 40)
  raw(Buffer.from('sem.counter'), 32)
  chmodSync(join(dir, 'with space'), 0o640)
  mkdirSync(join(dir, 'a-directory'))
  symlinkSync('/etc/hostname', join(dir, 'a-symlink'))

  it('lists regular files only, each name surviving as a string, semaphores marked', async () => {
    const entries = await listPosixShm(dir)
    const byName = new Map(entries.map((e) => [e.name, e]))
    expect([...byName.keys()].sort()).toEqual(['/bad\\xff\\\\A', '/new\nline', '/sem.counter', '/with space', '/ünïcödé 共有'].sort())
    expect(byName.get('/with space')).toMatchObject({ kind: 'shm', sizeBytes: 10, mode: 0o640 })
    expect(byName.get('/ünïcödé 共有')?.sizeBytes).toBe(20)
    expect(byName.get('/sem.counter')?.kind).toBe('semaphore')
    expect(byName.get('/new\nline')?.sizeBytes).toBe(40)
    for (const e of entries) expect(e.inode).toBeGreaterThan(0)
  })

  it('maps every listed name back to a path that exists (escaped names included)', async () => {
    for (const e of await listPosixShm(dir)) {
      expect(nameToPaths(e.name, dir).some((p) => existsSync(p))).toBe(true)
    }
  })

  it('returns nothing for a missing directory', async () => {
    expect(await listPosixShm(join(dir, 'nope'))).toEqual([])
  })
})

describe('names', () => {
  it('escapes only names that are not UTF-8', () => {
    expect(displayFileName(Buffer.from('a\\b'))).toBe('a\\b')
    expect(displayFileName(Buffer.from([0x61, 0xc3]))).toBe('a\\xc3')
    expect(displayFileName(Buffer.from([0xff, 0xc3, 0xa9]))).toBe('\\xffé')
  })

  it('accepts only names shm_open() could have made', () => {
    expect(isPosixName('/x')).toBe(true)
    expect(isPosixName('/a b')).toBe(true)
    expect(isPosixName('/../etc/passwd')).toBe(false)
    expect(isPosixName('/..')).toBe(false)
    expect(isPosixName('x')).toBe(false)
    expect(isPosixName('/')).toBe(false)
  })
})
