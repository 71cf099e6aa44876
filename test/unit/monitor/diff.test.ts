// Lifecycle events between two snapshots, pure: every event type, the monitor's own pid left
// out, and attaches inferred from the kernel's times when a process came and went between ticks.
import { describe, expect, it } from 'vitest'
import { diffSnapshots, type DiffContext, type Reported } from '../../../src/main/core/monitor/diff'
import type { Attachment, PosixObject, Snapshot, SysvSegment } from '../../../src/shared/snapshot'

const SELF = 999
const att = (pid: number, readOnly = false): Attachment => ({ pid, comm: `p${pid}`, readOnly, cmdline: undefined }) as unknown as Attachment

function seg(shmid: number, over: Partial<SysvSegment> = {}): SysvSegment {
  const attachments = over.attachments ?? []
  return {
    shmid, key: 0x1234, keyHex: '0x00001234', sizeBytes: 4096, nattch: attachments.length, mode: 0o600, permsOctal: '600', dest: false, locked: false,
    uid: 0, gid: 0, cuid: 0, cgid: 0, owner: 'root', cpid: 1, lpid: 1, creatorCommand: null, atimeMs: null, dtimeMs: null, ctimeMs: 1000,
    rssBytes: 0, swapBytes: 0, attachments, attachmentsHidden: 0, ...over
  }
}
const posix = (name: string, over: Partial<PosixObject> = {}): PosixObject => ({
  name, kind: 'shm', sizeBytes: 4096, mode: 0o600, permsOctal: '600', uid: 0, gid: 0, owner: 'root', mtimeMs: 0, inode: 77, attachments: [], ...over
})
const snap = (sysv: SysvSegment[], posixObjs: PosixObject[] = []): Snapshot =>
  ({ takenAtMs: 0, sysv, posix: posixObjs, limits: {}, usage: { segments: sysv.length, sizeBytes: 0, rssBytes: 0 }, unreadableProcesses: 0 }) as unknown as Snapshot
const ctx = (over: Partial<DiffContext> = {}): DiffContext => ({ tMs: 5000, selfPid: SELF, selfBefore: () => 0, ...over })
const brief = (events: ReturnType<typeof diffSnapshots>): string[] => events.map((e) => `${e.type}${e.pid ? `:${e.pid}` : ''}${e.nattch !== undefined ? `#${e.nattch}` : ''}${e.inferred ? '?' : ''}`)

describe('diffSnapshots', () => {
  it('reports created with its attaches, then attached, detached, marked-dest, perms-changed, resized and removed', () => {
    const a = seg(1, { attachments: [att(10)] })
    expect(brief(diffSnapshots(snap([]), snap([a]), ctx()))).toEqual(['created', 'attached:10#1'])
    const b = seg(1, { attachments: [att(10), att(11, true)] })
    expect(brief(diffSnapshots(snap([a]), snap([b]), ctx()))).toEqual(['attached:11#2'])
    const c = seg(1, { attachments: [att(11, true)], dest: true, key: 0, mode: 0o640, sizeBytes: 8192 })
    const changed = diffSnapshots(snap([b]), snap([c]), ctx())
    expect(brief(changed)).toEqual(['marked-dest', 'perms-changed', 'resized', 'detached:10#1'])
    expect(changed[0]?.key).toBe(0x1234) // the key it had, not the 0 of a destroyed segment
    expect(changed[1]).toMatchObject({ from: 0o600, to: 0o640 })
    expect(brief(diffSnapshots(snap([c]), snap([]), ctx()))).toEqual(['detached:11#0', 'removed'])
  })

  it('counts nattch without the monitor, whose own attachment is never an event', () => {
    const before = seg(1, { attachments: [att(10)], nattch: 2 })
    const after = seg(1, { attachments: [att(10), att(12)], nattch: 3 })
    const events = diffSnapshots(snap([before]), snap([after]), ctx({ selfBefore: () => 1 }))
    expect(brief(events)).toEqual(['attached:12#2'])
  })

  it('infers an attach and a detach between two ticks from atime and dtime, with lpid as the pid', () => {
    const before = seg(1, { atimeMs: 1000, dtimeMs: 1000 })
    const after = seg(1, { atimeMs: 4000, dtimeMs: 4500, lpid: 321 })
    const reported = new Map<number, Reported>()
    expect(brief(diffSnapshots(snap([before]), snap([after]), ctx({ reported })))).toEqual(['attached:321#1?', 'detached:321#0?'])
    // The monitor's own attach/detach moved the times: nothing is said.
    expect(diffSnapshots(snap([before]), snap([seg(1, { atimeMs: 4000, dtimeMs: 4500, lpid: SELF })]), ctx())).toEqual([])
  })

  it('does not infer again what the maps already showed', () => {
    const reported = new Map<number, Reported>()
    const a = seg(1, { atimeMs: 1000 })
    const b = seg(1, { atimeMs: 1000, attachments: [att(10)] })
    expect(brief(diffSnapshots(snap([a]), snap([b]), ctx({ tMs: 5000, reported })))).toEqual(['attached:10#1'])
    // The table lags the maps by a tick: atime moves now, for the attach already reported.
    const c = seg(1, { atimeMs: 4900, attachments: [att(10)], lpid: 10 })
    expect(diffSnapshots(snap([b]), snap([c]), ctx({ tMs: 5500, reported }))).toEqual([])
  })

  it('reports POSIX objects by name, and a new object under an old name as removed then created', () => {
    const o = posix('/ring', { attachments: [att(20)] })
    expect(brief(diffSnapshots(snap([], []), snap([], [o]), ctx()))).toEqual(['created', 'attached:20#1'])
    const reused = posix('/ring', { inode: 78 })
    expect(brief(diffSnapshots(snap([], [o]), snap([], [reused]), ctx()))).toEqual(['detached:20#0', 'removed', 'created'])
    expect(brief(diffSnapshots(snap([], [o]), snap([], [posix('/ring', { attachments: [att(20)], sizeBytes: 1 })]), ctx()))).toEqual(['resized'])
  })
})
