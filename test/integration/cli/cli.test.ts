// `shmscope list/show/read` as a user runs them, against segments made here; lsipc is the reference.
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { cleanupAll } from '../../helpers/native'
import { runCli, removeCliBundle } from '../../helpers/cli'
import type { Snapshot, SysvSegment, PosixObject } from '../../../src/shared/snapshot'
import { absentShmid, attachProcess, createPosix, createSegment, expectedPattern, uniqueKey, uniquePosixName } from '../sources/shmtool'

const execFileP = promisify(execFile)
afterEach(cleanupAll)
afterAll(removeCliBundle)

const LSIPC_COLUMNS = 'KEY,ID,OWNER,PERMS,CUID,CUSER,CGID,CGROUP,UID,USER,GID,GROUP,CTIME,SIZE,NATTCH,STATUS,ATTACH,DETACH,COMMAND,CPID,LPID'

type LsipcRow = Record<string, string | number | null>

async function lsipc(): Promise<Map<number, LsipcRow>> {
  const { stdout } = await execFileP('lsipc', ['-m', '--json', '-b', '--time-format', 'iso', '-o', LSIPC_COLUMNS])
  const rows = (JSON.parse(stdout) as { sharedmemory: LsipcRow[] }).sharedmemory
  return new Map(rows.map((r) => [Number(r['id']), r]))
}

const rwx = (mode: number): string => [...'rwxrwxrwx'].map((c, i) => (mode & (1 << (8 - i)) ? c : '-')).join('')
const isoMs = (v: string | number | null | undefined): number | null => (v === null || v === undefined || v === '-' ? null : Date.parse(String(v)))

async function listJson(...args: string[]): Promise<Snapshot> {
  const r = await runCli(['list', '--json', ...args])
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  return JSON.parse(r.stdout) as Snapshot
}

describe('list --json', () => {
  it('agrees with lsipc -m --json -b field by field on our own segments', async () => {
    const keyed = await createSegment(uniqueKey(), 5000, '640')
    const priv = await createSegment(0, 4096, '600')
    await attachProcess(priv.shmid, 'ro')
    const gone = await createSegment(uniqueKey(), 65536, '666')
    expect(await gone.command('lock')).toBe('0')
    expect(await gone.command('rmid')).toBe('0')
    const detached = await createSegment(uniqueKey(), 100, '604')
    expect(await detached.command('detach')).toBe('0')

    const snapshot = await listJson()
    const reference = await lsipc()
    const ours = [keyed, priv, gone, detached].map((h) => h.shmid)
    for (const shmid of ours) {
      const mine = snapshot.sysv.find((s) => s.shmid === shmid) as SysvSegment
      const ref = reference.get(shmid) as LsipcRow
      expect(mine, `shmid ${shmid} in list`).toBeDefined()
      expect(ref, `shmid ${shmid} in lsipc`).toBeDefined()
      const status = [mine.dest ? 'dest' : '', mine.locked ? 'locked' : ''].filter(Boolean).join(',') || null
      expect({
        key: mine.keyHex,
        id: mine.shmid,
        owner: mine.owner,
        perms: rwx(mine.mode),
        cuid: mine.cuid,
        cgid: mine.cgid,
        uid: mine.uid,
        user: mine.owner,
        gid: mine.gid,
        ctime: mine.ctimeMs,
        size: mine.sizeBytes,
        nattch: mine.nattch,
        status,
        attach: mine.atimeMs,
        detach: mine.dtimeMs,
        command: mine.creatorCommand,
        cpid: mine.cpid,
        lpid: mine.lpid
      }).toEqual({
        key: ref['key'],
        id: Number(ref['id']),
        owner: ref['owner'],
        perms: ref['perms'],
        cuid: Number(ref['cuid']),
        cgid: Number(ref['cgid']),
        uid: Number(ref['uid']),
        user: ref['user'],
        gid: Number(ref['gid']),
        ctime: isoMs(ref['ctime']),
        size: Number(ref['size']),
        nattch: Number(ref['nattch']),
        status: ref['status'] ?? null,
        attach: isoMs(ref['attach']),
        detach: isoMs(ref['detach']),
        command: ref['command'],
        cpid: Number(ref['cpid']),
        lpid: Number(ref['lpid'])
      })
    }
    const goneRow = snapshot.sysv.find((s) => s.shmid === gone.shmid)
    expect(goneRow).toMatchObject({ key: 0, dest: true, locked: true })
    expect(snapshot.sysv.find((s) => s.shmid === detached.shmid)?.dtimeMs).not.toBeNull()
  })

  it('filters with --sysv and --posix and keeps the document shape', async () => {
    const holder = await createSegment(0, 4096, '600')
    const name = uniquePosixName('list')
    await createPosix(name, 4096)
    const sysvOnly = await listJson('--sysv')
    expect(sysvOnly.posix).toEqual([])
    expect(sysvOnly.sysv.some((s) => s.shmid === holder.shmid)).toBe(true)
    const posixOnly = await listJson('--posix')
    expect(posixOnly.sysv).toEqual([])
    expect(posixOnly.posix.some((p) => p.name === name)).toBe(true)
    for (const doc of [sysvOnly, posixOnly]) expect(Object.keys(doc)).toEqual(expect.arrayContaining(['takenAtMs', 'sysv', 'posix', 'limits', 'usage']))
  })
})

describe('list and show as tables', () => {
  it('prints an aligned ipcs-like row and a POSIX row', async () => {
    const key = uniqueKey()
    const holder = await createSegment(key, 5000, '640')
    await attachProcess(holder.shmid, 'ro')
    const name = uniquePosixName('table')
    await createPosix(name, 8192)
    const r = await runCli(['list'])
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    const header = lines.find((l) => l.startsWith('key '))
    const row = lines.find((l) => l.includes(` ${holder.shmid} `))
    expect(header).toBeDefined()
    expect(row).toMatch(new RegExp(`^0x${key.toString(16).padStart(8, '0')}\\s+${holder.shmid}\\s+\\S+\\s+640\\s+5000\\s+2\\s+-`))
    // Columns line up: the shmid ends where the header's "shmid" ends.
    expect((row as string).indexOf(String(holder.shmid)) + String(holder.shmid).length).toBe((header as string).indexOf('shmid') + 5)
    expect(lines.some((l) => l.startsWith(name) && / 8192 /.test(l))).toBe(true)
  })

  it('show names every attached process with its mode; --json is one list element', async () => {
    const holder = await createSegment(0, 4096, '600')
    const ro = await attachProcess(holder.shmid, 'ro')
    const text = await runCli(['show', String(holder.shmid)])
    expect(text.code).toBe(0)
    expect(text.stdout).toContain(`System V segment ${holder.shmid}`)
    expect(text.stdout).toMatch(new RegExp(`\\b${holder.child.pid}\\s+shmtool\\S*\\s+read-write`))
    expect(text.stdout).toMatch(new RegExp(`\\b${ro.pid}\\s+shmtool\\S*\\s+read-only`))
    const json = await runCli(['show', String(holder.shmid), '--json'])
    const element = JSON.parse(json.stdout) as SysvSegment
    const listed = (await listJson()).sysv.find((s) => s.shmid === holder.shmid) as SysvSegment
    expect(Object.keys(element).sort()).toEqual(Object.keys(listed).sort())
    expect(element.attachments.map((a) => [a.pid, a.readOnly])).toEqual(listed.attachments.map((a) => [a.pid, a.readOnly]))
  })

  it('show finds a POSIX object by name', async () => {
    const name = uniquePosixName('show')
    const writer = await createPosix(name, 4096)
    const r = await runCli(['show', name, '--json'])
    expect(r.code).toBe(0)
    const obj = JSON.parse(r.stdout) as PosixObject
    expect(obj).toMatchObject({ name, kind: 'shm', sizeBytes: 4096 })
    expect(obj.attachments.map((a) => a.pid)).toEqual([writer.pid])
  })
})

describe('read', () => {
  it('dumps hex with offsets and ASCII, raw bytes, and base64', async () => {
    const holder = await createSegment(uniqueKey(), 256, '600')
    const hex = await runCli(['read', String(holder.shmid), '--offset', '16', '--length', '20'])
    expect(hex.code).toBe(0)
    const expected = expectedPattern(20, 16)
    const [first, second, end] = hex.stdout.trimEnd().split('\n')
    expect(first).toMatch(/^00000010 {2}([0-9a-f]{2} ){8} ([0-9a-f]{2} ){8} \|.{16}\|$/)
    expect(first?.slice(10, 58).replace(/\s+/g, '')).toBe(expected.subarray(0, 16).toString('hex'))
    expect(second?.startsWith('00000020  ')).toBe(true)
    expect(end).toBe('00000024')
    const raw = await runCli(['read', String(holder.shmid), '--format', 'raw'])
    expect(raw.stdoutBytes.equals(expectedPattern(256))).toBe(true)
    const b64 = await runCli(['read', String(holder.shmid), '--format', 'base64', '--length', '0x40'])
    expect(Buffer.from(b64.stdout.trim(), 'base64').equals(expectedPattern(64))).toBe(true)
  })

  it('reads a POSIX object and a key target', async () => {
    const name = uniquePosixName('cliread')
    await createPosix(name, 1000)
    const r = await runCli(['read', name, '--format', 'raw'])
    expect(r.stdoutBytes.equals(expectedPattern(1000))).toBe(true)
    const key = uniqueKey()
    await createSegment(key, 50, '600')
    const k = await runCli(['read', `key:0x${key.toString(16)}`, '--format', 'raw'])
    expect(k.stdoutBytes.equals(expectedPattern(50))).toBe(true)
  })
})

describe('errors and exit codes', () => {
  it('exits 2 with one line for a missing target', async () => {
    for (const args of [['read', String(absentShmid())], ['show', String(absentShmid())], ['read', uniquePosixName('none')], ['show', `key:0x${uniqueKey().toString(16)}`]]) {
      const r = await runCli(args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr).toMatch(/^shmscope: [^\n]+\n$/)
      expect(r.stdout).toBe('')
    }
  })

  it('exits 1 for bad arguments, with one line', async () => {
    const holder = await createSegment(0, 100, '600')
    const id = String(holder.shmid)
    for (const args of [['read'], ['read', 'bogus'], ['read', id, '--format', 'octal'], ['read', id, '--offset', 'x'], ['read', id, '--offset', '90', '--length', '20'], ['list', '--what'], ['show', id, 'extra']]) {
      const r = await runCli(args)
      expect(r.code, args.join(' ')).toBe(1)
      expect(r.stderr).toMatch(/^shmscope: [^\n]+\n$/)
    }
  })

  it('prints help for each command', async () => {
    for (const cmd of ['list', 'show', 'read']) {
      const r = await runCli([cmd, '--help'])
      expect(r.code).toBe(0)
      expect(r.stdout).toContain(`Usage: shmscope ${cmd}`)
    }
  })

  it.runIf(process.getuid?.() === 0)('exits 3 with a clear message when nobody reads a 0600 root segment', async () => {
    const holder = await createSegment(uniqueKey(), 4096, '600')
    const r = await runCli(['read', String(holder.shmid)], { asUser: { uid: 65534, gid: 65534 } })
    expect(r.stdout).toBe('')
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(new RegExp(`^shmscope: permission denied: System V segment ${holder.shmid} \\(key 0x[0-9a-f]{8}\\) is mode 600 \\(rw-------\\), owned by root \\(uid 0, gid 0\\); you are \\S+ \\(uid 65534\\)\\n$`))
    // Unprivileged, the root process's maps are unreadable: its attachment is hidden, not guessed.
    const list = await runCli(['list', '--json', '--sysv'], { asUser: { uid: 65534, gid: 65534 } })
    expect(list.code).toBe(0)
    const seg = (JSON.parse(list.stdout) as Snapshot).sysv.find((s) => s.shmid === holder.shmid)
    expect(seg).toMatchObject({ nattch: 1, attachments: [], attachmentsHidden: 1 })
  })
})
