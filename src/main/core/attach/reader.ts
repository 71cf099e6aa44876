// Owns read-only access to payloads: System V through shmat(SHM_RDONLY), POSIX through open(O_RDONLY) + pread; consistent double copies; errors as values.
import { fstatSync, readFileSync } from 'node:fs'
import type { Target } from '../../../shared/snapshot'
import type { ReadError, ReadErrorCode, ReadResult } from '../../../shared/payload'
import { libc, ERRNO, IPC_STAT, SHM_RDONLY, O_RDONLY, O_CLOEXEC, type Libc } from './libc'
import { nameToPaths, isPosixName } from '../sources/posixShm'
import { parseSysvShm, keyHex } from '../sources/sysvShm'

/** Largest read by default: 16 MiB. */
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024
/** Extra copies made when two in a row disagree, before giving up with `torn: true`. */
const DEFAULT_RETRIES = 4

// O_NOFOLLOW: never follow a symlink planted in /dev/shm. Its value differs on 32-bit ARM.
const O_NOFOLLOW = process.arch === 'arm' ? 0o100000 : 0o400000

/** An open payload: one attachment (System V) or one descriptor (POSIX), until close(). */
export interface PayloadHandle {
  kind: 'sysv' | 'posix'
  /** The shmid as text, or the POSIX name. */
  id: string
  /** Size of the object when it was opened (System V sizes never change). */
  sizeBytes: number
  /** Copy `length` bytes at `offset`, twice and compared; never throws. */
  read(offset: number, length: number): ReadResult
  /** Detach / close; safe to call twice. */
  close(): void
}

export type PayloadOpenResult = { ok: true; handle: PayloadHandle } | ReadError

export interface OpenOptions {
  /** Largest read allowed (default 16 MiB); longer reads return 'too-large'. */
  maxBytes?: number
  /** Extra copies when a writer is busy (default 4). */
  retries?: number
}

const fail = (code: ReadErrorCode, message: string): ReadError => ({ ok: false, code, message })

/** A copy into memory of its own (never a pooled slice, never a view of the mapping). */
const freshBytes = (n: number): Buffer => Buffer.allocUnsafeSlow(n)

function checkRange(offset: number, length: number, sizeBytes: number, maxBytes: number, what: string): ReadError | undefined {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    return fail('invalid-range', `offset and length must be non-negative integers (got ${offset}, ${length})`)
  }
  if (length > maxBytes) return fail('too-large', `${length} bytes is more than the ${maxBytes}-byte limit of one read of ${what}`)
  if (offset + length > sizeBytes) {
    return fail('invalid-range', `bytes ${offset}..${offset + length} are outside ${what}, which is ${sizeBytes} bytes`)
  }
  return undefined
}

/** Copy until two consecutive copies agree (a writer may be busy), at most 1 + retries extra. */
function consistentCopy(copy: () => Buffer | ReadError, retries: number): { bytes: Buffer; torn: boolean } | ReadError {
  let prev = copy()
  if (!Buffer.isBuffer(prev)) return prev
  for (let i = 0; i <= retries; i++) {
    const cur = copy()
    if (!Buffer.isBuffer(cur)) return cur
    if (cur.equals(prev)) return { bytes: cur, torn: false }
    prev = cur
  }
  return { bytes: prev, torn: true }
}

/** Run a read body; a surprise exception becomes a 'failed' value (nothing throws out of the reader). */
function guarded(what: string, body: () => ReadResult): ReadResult {
  try {
    return body()
  } catch (err) {
    return fail('failed', `reading ${what} failed: ${err instanceof Error ? err.message : String(err)}`)
  }
}

function okResult(bytes: Buffer, offset: number, sizeBytes: number, torn: boolean): ReadResult {
  return { ok: true, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), offset, sizeBytes, torn, takenAtMs: Date.now() }
}

/** The shmid of a key: shmget(key, 0, 0) for a real key; key 0 only when exactly one segment has it. */
function shmidOfKey(c: Libc, key: number): number | ReadError {
  if (key !== 0) {
    const id = c.shmget(key, 0, 0)
    if (id >= 0) return id
    return fail('not-found', `no System V segment has key ${keyHex(key)}`)
  }
  // Never shmget(IPC_PRIVATE): it would create a segment. Look key 0 up in the table.
  const rows = parseSysvShm(readFileSync('/proc/sysvipc/shm', 'latin1')).filter((r) => r.key === 0)
  if (rows.length === 1) return (rows[0] as { shmid: number }).shmid
  if (rows.length === 0) return fail('not-found', 'no System V segment has key 0x00000000')
  return fail('not-found', `key 0x00000000 (IPC_PRIVATE or removed) matches ${rows.length} segments; give a shmid instead`)
}

/** Size of a segment: IPC_STAT where the struct layout is known, else the /proc table. */
function segmentSize(c: Libc, shmid: number): number | ReadError {
  if (c.segszOffset !== undefined) {
    const ds = Buffer.alloc(256)
    if (c.shmctl(shmid, IPC_STAT, ds) === 0) return Number(ds.readBigUInt64LE(c.segszOffset))
    const e = c.errno()
    if (e === ERRNO.EACCES || e === ERRNO.EPERM) return fail('permission-denied', `permission denied reading System V segment ${shmid}`)
    if (e === ERRNO.EIDRM) return fail('removed', `System V segment ${shmid} was removed`)
    return fail('not-found', `no System V segment has shmid ${shmid}`)
  }
  const row = parseSysvShm(readFileSync('/proc/sysvipc/shm', 'latin1')).find((r) => r.shmid === shmid)
  return row ? row.sizeBytes : fail('not-found', `no System V segment has shmid ${shmid}`)
}

function openSysv(c: Libc, target: Target & { kind: 'sysv' | 'sysv-key' }, maxBytes: number, retries: number): PayloadOpenResult {
  const shmid = target.kind === 'sysv' ? target.shmid : shmidOfKey(c, target.key)
  if (typeof shmid !== 'number') return shmid
  const sizeBytes = segmentSize(c, shmid)
  if (typeof sizeBytes !== 'number') return sizeBytes
  const addr = c.shmat(shmid, null, SHM_RDONLY)
  if (addr === -1) {
    const e = c.errno()
    if (e === ERRNO.EACCES || e === ERRNO.EPERM) return fail('permission-denied', `permission denied attaching System V segment ${shmid} read-only`)
    if (e === ERRNO.EIDRM) return fail('removed', `System V segment ${shmid} was removed`)
    if (e === ERRNO.EINVAL) return fail('not-found', `no System V segment has shmid ${shmid}`)
    return fail('failed', `shmat(${shmid}) failed with errno ${e}`)
  }
  const what = `segment ${shmid}`
  let attached = true
  const handle: PayloadHandle = {
    kind: 'sysv',
    id: String(shmid),
    sizeBytes,
    read: (offset, length) => guarded(what, () => {
      if (!attached) return fail('failed', `${what} is no longer attached (handle closed)`)
      const bad = checkRange(offset, length, sizeBytes, maxBytes, what)
      if (bad) return bad
      const copy = (): Buffer => {
        const b = freshBytes(length)
        if (length > 0) c.memcpy(b, addr + offset, length)
        return b
      }
      const got = consistentCopy(copy, retries)
      return 'ok' in got ? got : okResult(got.bytes, offset, sizeBytes, got.torn)
    }),
    close() {
      if (attached) {
        attached = false
        try {
          c.shmdt(addr)
        } catch {
          // Nothing left to do: the attachment goes at process exit at the latest.
        }
      }
    }
  }
  return { ok: true, handle }
}

/** pread until `length` bytes or end of file; returns the bytes read or an errno. */
function preadFully(c: Libc, fd: number, length: number, offset: number): Buffer | number {
  const b = freshBytes(length)
  let done = 0
  while (done < length) {
    const chunk = done === 0 ? b : b.subarray(done)
    const n = c.pread(fd, chunk, length - done, offset + done)
    if (n < 0) {
      const e = c.errno()
      if (e === ERRNO.EINTR) continue
      return e
    }
    if (n === 0) break
    done += n
  }
  return done === length ? b : b.subarray(0, done)
}

function openPosix(c: Libc, name: string, maxBytes: number, retries: number): PayloadOpenResult {
  if (!isPosixName(name)) return fail('not-found', `'${name}' is not a POSIX shared-memory name (one leading slash, no other)`)
  let fd = -1
  for (const path of nameToPaths(name)) {
    fd = c.open(Buffer.concat([path, Buffer.from([0])]), O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
    if (fd >= 0) break
    const e = c.errno()
    if (e === ERRNO.EACCES || e === ERRNO.EPERM) return fail('permission-denied', `permission denied opening POSIX object ${name} read-only`)
    if (e === ERRNO.ELOOP) return fail('not-found', `/dev/shm${name} is a symbolic link, not a shared-memory object`)
    if (e !== ERRNO.ENOENT) return fail('failed', `open(/dev/shm${name}) failed with errno ${e}`)
  }
  if (fd < 0) return fail('not-found', `no POSIX shared-memory object is named ${name}`)
  let st
  try {
    st = fstatSync(fd)
  } catch {
    c.close(fd)
    return fail('failed', `cannot stat ${name}`)
  }
  if (!st.isFile()) {
    c.close(fd)
    return fail('not-found', `${name} is not a shared-memory object`)
  }
  const what = `object ${name}`
  let open = true
  const handle: PayloadHandle = {
    kind: 'posix',
    id: name,
    sizeBytes: st.size,
    read: (offset, length) => guarded(what, () => {
      if (!open) return fail('failed', `${what} is no longer open (handle closed)`)
      let now
      try {
        now = fstatSync(fd)
      } catch {
        return fail('failed', `cannot stat ${name}`)
      }
      if (now.nlink === 0) return fail('removed', `${what} was unlinked`)
      const bad = checkRange(offset, length, now.size, maxBytes, what)
      if (bad) return bad
      const copy = (): Buffer | ReadError => {
        const got = preadFully(c, fd, length, offset)
        if (typeof got === 'number') return fail('failed', `pread(${name}) failed with errno ${got}`)
        if (got.length < length) return fail('invalid-range', `${what} shrank while being read`)
        return got
      }
      const got = consistentCopy(copy, retries)
      return 'ok' in got ? got : okResult(got.bytes, offset, now.size, got.torn)
    }),
    close() {
      if (open) {
        open = false
        try {
          c.close(fd)
        } catch {
          // The descriptor goes at process exit at the latest.
        }
      }
    }
  }
  return { ok: true, handle }
}

/**
 * Open a payload read-only. System V: one shmat(SHM_RDONLY) held until close(); POSIX:
 * one O_RDONLY descriptor read with pread. Never throws: failures are ReadError values.
 */
export function openPayload(target: Target, opts: OpenOptions = {}): PayloadOpenResult {
  try {
    const loaded = libc()
    if (!loaded.ok) return fail('failed', loaded.message)
    const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES
    const retries = opts.retries ?? DEFAULT_RETRIES
    if (target.kind === 'posix') return openPosix(loaded.libc, target.name, maxBytes, retries)
    return openSysv(loaded.libc, target, maxBytes, retries)
  } catch (err) {
    return fail('failed', `cannot open the payload: ${err instanceof Error ? err.message : String(err)}`)
  }
}

/**
 * Open, read and close at once (one-shot use: attach only to read, detach straight away).
 * Without `length`, reads from `offset` to the end of the object.
 */
export function readOnce(target: Target, offset = 0, length?: number, opts: OpenOptions = {}): ReadResult {
  const opened = openPayload(target, opts)
  if (!opened.ok) return opened
  const { handle } = opened
  try {
    return handle.read(offset, length ?? Math.max(0, handle.sizeBytes - offset))
  } catch (err) {
    return fail('failed', `read failed: ${err instanceof Error ? err.message : String(err)}`)
  } finally {
    handle.close()
  }
}
