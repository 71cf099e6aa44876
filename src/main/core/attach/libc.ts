// Owns the koffi bindings to libc (shmat(2), shmdt(2), shmctl(2), shmget(2), open(2), pread(2), read(2), close(2), memcpy(3),
// inotify(7)): the only module that loads koffi.
import koffi from 'koffi'

/** SHM_RDONLY from <sys/shm.h>: attach for reading only. */
export const SHM_RDONLY = 0o10000
export const IPC_STAT = 2
export const O_RDONLY = 0
export const O_CLOEXEC = 0o2000000
/** O_NONBLOCK (IN_NONBLOCK for inotify_init1) on x86 and ARM Linux. */
export const O_NONBLOCK = 0o4000

/** The C functions the reader needs, typed for TypeScript. Addresses are plain numbers. */
export interface Libc {
  /** Address of the attachment, or -1 with errno set. */
  shmat(shmid: number, addr: null, flags: number): number
  shmdt(addr: number): number
  /** Id of the segment that has `key` (never call with key 0: that would create one). */
  shmget(key: number, size: number, flags: number): number
  /** IPC_STAT into `buf` (a struct shmid_ds). */
  shmctl(shmid: number, cmd: number, buf: Buffer): number
  /** `path` must end with a NUL byte. */
  open(path: Buffer, flags: number): number
  pread(fd: number, buf: Buffer, count: number, offset: number): number
  /** read(2); -1 with errno EAGAIN on a non-blocking fd with nothing to read. */
  read(fd: number, buf: Buffer, count: number): number
  close(fd: number): number
  /** inotify_init1(2): a new inotify fd, or -1. */
  inotifyInit1(flags: number): number
  /** inotify_add_watch(2); `path` must end with a NUL byte. */
  inotifyAddWatch(fd: number, path: Buffer, mask: number): number
  /** Copy `n` bytes from address `src` into `dest` (a Buffer, written in place). */
  memcpy(dest: Buffer, src: number, n: number): void
  /** errno of the last failed call on this thread. */
  errno(): number
  /** Byte offset of shm_segsz in struct shmid_ds, when known for this architecture. */
  segszOffset: number | undefined
}

type LoadResult = { ok: true; libc: Libc } | { ok: false; message: string }
let loaded: LoadResult | undefined

const asNumber = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number))

function bind(): Libc {
  const lib = koffi.load('libc.so.6')
  const shmat = lib.func('intptr_t shmat(int shmid, void *addr, int flags)')
  const shmdt = lib.func('int shmdt(intptr_t addr)')
  const shmget = lib.func('int shmget(int key, size_t size, int flags)')
  const shmctl = lib.func('int shmctl(int shmid, int cmd, void *buf)')
  const open = lib.func('int open(const void *path, int flags)')
  const pread = lib.func('intptr_t pread(int fd, void *buf, size_t count, int64_t offset)')
  const close = lib.func('int close(int fd)')
  const read = lib.func('intptr_t read(int fd, void *buf, size_t count)')
  const inotifyInit1 = lib.func('int inotify_init1(int flags)')
  const inotifyAddWatch = lib.func('int inotify_add_watch(int fd, const void *path, uint32_t mask)')
  const memcpy = lib.func('void *memcpy(void *dest, intptr_t src, size_t n)')
  // struct shmid_ds starts with a 48-byte ipc_perm on both 64-bit Linux ABIs (checked with gcc's offsetof).
  const segszOffset = process.arch === 'x64' || process.arch === 'arm64' ? 48 : undefined
  return {
    shmat: (id, addr, flags) => asNumber(shmat(id, addr, flags)),
    shmdt: (addr) => shmdt(addr) as number,
    shmget: (key, size, flags) => shmget(key | 0, size, flags) as number,
    shmctl: (id, cmd, buf) => shmctl(id, cmd, buf) as number,
    open: (path, flags) => open(path, flags) as number,
    pread: (fd, buf, count, offset) => asNumber(pread(fd, buf, count, offset)),
    close: (fd) => close(fd) as number,
    read: (fd, buf, count) => asNumber(read(fd, buf, count)),
    inotifyInit1: (flags) => inotifyInit1(flags) as number,
    inotifyAddWatch: (fd, path, mask) => inotifyAddWatch(fd, path, mask) as number,
    memcpy: (dest, src, n) => {
      memcpy(dest, src, n)
    },
    errno: () => koffi.errno(),
    segszOffset
  }
}

/** The bindings, loaded on first use; a failure to load is a value, not an exception. */
export function libc(): LoadResult {
  if (!loaded) {
    try {
      loaded = { ok: true, libc: bind() }
    } catch (err) {
      loaded = { ok: false, message: `cannot load libc through koffi: ${err instanceof Error ? err.message : String(err)}` }
    }
  }
  return loaded
}

const osErrno: Record<string, number> = (koffi as unknown as { os?: { errno?: Record<string, number> } }).os?.errno ?? {}

/** errno values the reader distinguishes (this platform's numbers; Linux generic as fallback). */
export const ERRNO = {
  EPERM: osErrno['EPERM'] ?? 1,
  ENOENT: osErrno['ENOENT'] ?? 2,
  EINTR: osErrno['EINTR'] ?? 4,
  ENOMEM: osErrno['ENOMEM'] ?? 12,
  EACCES: osErrno['EACCES'] ?? 13,
  EINVAL: osErrno['EINVAL'] ?? 22,
  EIDRM: osErrno['EIDRM'] ?? 43,
  ELOOP: osErrno['ELOOP'] ?? 40
}
