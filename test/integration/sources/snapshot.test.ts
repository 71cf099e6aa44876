// takeSnapshot() against the real kernel: segments and processes made here, looked at only here.
import { afterEach, describe, expect, it } from 'vitest'
import { cleanupAll } from '../../helpers/native'
import { takeSnapshot } from '../../../src/main/core/snapshot'
import { attachProcess, createPosix, createSegment, createSemaphore, uniqueKey, uniquePosixName } from './shmtool'

afterEach(cleanupAll)

const findSysv = async (shmid: number) => (await takeSnapshot()).sysv.find((s) => s.shmid === shmid)

describe('takeSnapshot on the live kernel', () => {
  it('finds three attached processes with their pids and modes, one read-only', async () => {
    const holder = await createSegment(0, 4096, '600')
    const ro = await attachProcess(holder.shmid, 'ro')
    const rw = await attachProcess(holder.shmid, 'rw')
    const seg = await findSysv(holder.shmid)
    expect(seg).toBeDefined()
    expect(seg?.nattch).toBe(3)
    expect(seg?.attachmentsHidden).toBe(0)
    expect(seg?.attachments).toEqual(
      [
        { pid: holder.child.pid, comm: expect.stringMatching(/^shmtool/), readOnly: false, cmdline: expect.stringMatching(/shmtool.* create 0 4096 600$/) },
        { pid: ro.pid, comm: expect.stringMatching(/^shmtool/), readOnly: true, cmdline: expect.stringMatching(/shmtool.* attach \d+ ro/) },
        { pid: rw.pid, comm: expect.stringMatching(/^shmtool/), readOnly: false, cmdline: expect.stringMatching(/shmtool.* attach \d+ rw/) }
      ].sort((a, b) => (a.pid ?? 0) - (b.pid ?? 0))
    )
    expect(seg).toMatchObject({ key: 0, keyHex: '0x00000000', sizeBytes: 4096, mode: 0o600, permsOctal: '600', dest: false, locked: false, cpid: holder.child.pid })
    expect(seg?.creatorCommand).toMatch(/shmtool.* create 0 4096 600$/)
  })

  it('shows a segment marked for destruction while attached as dest with key 0', async () => {
    const key = uniqueKey()
    const holder = await createSegment(key, 8192, '640')
    const before = await findSysv(holder.shmid)
    expect(before).toMatchObject({ key, keyHex: '0x' + key.toString(16).padStart(8, '0'), dest: false })
    expect(await holder.command('rmid')).toBe('0')
    const after = await findSysv(holder.shmid)
    expect(after).toMatchObject({ key: 0, keyHex: '0x00000000', dest: true, nattch: 1, mode: 0o640 })
    expect(after?.attachments.map((a) => a.pid)).toEqual([holder.child.pid])
  })

  it('drops the creator command once the creator has exited', async () => {
    const holder = await createSegment(0, 4096, '600')
    expect((await findSysv(holder.shmid))?.creatorCommand).toMatch(/shmtool/)
    // SIGKILL: the segment stays (no IPC_RMID), its creator is gone.
    await new Promise((resolve) => {
      holder.child.once('exit', resolve)
      holder.child.kill('SIGKILL')
    })
    const seg = await findSysv(holder.shmid)
    expect(seg).toMatchObject({ nattch: 0, attachments: [], attachmentsHidden: 0, creatorCommand: null })
  })

  it('shows SHM_LOCK as locked', async () => {
    const holder = await createSegment(0, 4096, '600')
    expect(await holder.command('lock')).toBe('0')
    expect(await findSysv(holder.shmid)).toMatchObject({ locked: true, dest: false })
  })

  it('leaves excluded pids out and does not count them as hidden', async () => {
    const holder = await createSegment(0, 4096, '600')
    const other = await attachProcess(holder.shmid, 'ro')
    const snap = await takeSnapshot({ excludePids: [other.pid as number] })
    const seg = snap.sysv.find((s) => s.shmid === holder.shmid)
    expect(seg?.nattch).toBe(2)
    expect(seg?.attachments.map((a) => a.pid)).toEqual([holder.child.pid])
    expect(seg?.attachmentsHidden).toBe(0)
  })

  it('lists POSIX objects with stat data and their mappings, and semaphores as kind semaphore', async () => {
    const name = uniquePosixName('snap é x')
    const writer = await createPosix(name, 12288)
    const semName = uniquePosixName('sem')
    await createSemaphore(semName)
    const snap = await takeSnapshot()
    const obj = snap.posix.find((p) => p.name === name)
    expect(obj).toMatchObject({ kind: 'shm', sizeBytes: 12288, mode: 0o640, permsOctal: '640', uid: process.getuid?.() })
    expect(obj?.attachments).toEqual([{ pid: writer.pid, comm: expect.stringMatching(/^shmtool/), readOnly: false, cmdline: expect.stringMatching(/shmtool/) }])
    // glibc maps a semaphore under a temporary name; the inode still ties it to the object.
    const sem = snap.posix.find((p) => p.name === `/sem.${semName.slice(1)}`)
    expect(sem?.kind).toBe('semaphore')
    expect(sem?.attachments.map((a) => a.pid)).toHaveLength(1)
  })

  it('carries limits and usage that add up', async () => {
    const snap = await takeSnapshot()
    expect(snap.usage.segments).toBe(snap.sysv.length)
    expect(snap.usage.sizeBytes).toBe(snap.sysv.reduce((n, s) => n + s.sizeBytes, 0))
    expect(snap.limits.pageSizeBytes).toBeGreaterThanOrEqual(4096)
    expect(snap.limits.shmmni).toBeGreaterThan(0)
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap)
  })
})
