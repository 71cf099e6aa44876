// Owns the demo processes' own libc bindings (koffi): they are the applications, so unlike the
// monitor they create, attach read-write, write, lock and remove. Never loaded by the monitor.
import koffi from 'koffi'

export const IPC_CREAT = 0o1000
export const IPC_EXCL = 0o2000
export const IPC_RMID = 0
export const SETVAL = 16
export const SEM_UNDO = 0x1000
export const SHM_RDONLY = 0o10000
const O_RDWR = 2
const O_CREAT = 0o100
const PROT_READ = 1
const PROT_WRITE = 2
const MAP_SHARED = 1

const asNumber = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number))

const lib = koffi.load('libc.so.6')
const f = {
  ftok: lib.func('int ftok(const char *path, int id)'),
  shmget: lib.func('int shmget(int key, size_t size, int flags)'),
  shmat: lib.func('intptr_t shmat(int shmid, void *addr, int flags)'),
  shmdt: lib.func('int shmdt(intptr_t addr)'),
  shmctl: lib.func('int shmctl(int shmid, int cmd, void *buf)'),
  semget: lib.func('int semget(int key, int nsems, int flags)'),
  semctl: lib.func('int semctl(int semid, int semnum, int cmd, int value)'),
  semop: lib.func('int semop(int semid, void *sops, size_t nsops)'),
  open: lib.func('int open(const char *path, int flags, int mode)'),
  ftruncate: lib.func('int ftruncate(int fd, int64_t length)'),
  close: lib.func('int close(int fd)'),
  mmap: lib.func('intptr_t mmap(void *addr, size_t length, int prot, int flags, int fd, int64_t offset)'),
  munmap: lib.func('int munmap(intptr_t addr, size_t length)'),
  toMem: lib.func('void *memcpy(intptr_t dest, const void *src, size_t n)'),
  fromMem: lib.func('void *memcpy(void *dest, intptr_t src, size_t n)')
}

function check(what: string, r: number): number {
  if (r < 0) throw new Error(`${what} failed (errno ${koffi.errno()})`)
  return r
}

/** A mapping the demo writes to: System V attachment or POSIX mmap. */
export class Mem {
  constructor(
    readonly addr: number,
    readonly sizeBytes: number
  ) {}
  write(offset: number, bytes: Buffer): void {
    f.toMem(this.addr + offset, bytes, bytes.length)
  }
  read(offset: number, length: number): Buffer {
    const b = Buffer.alloc(length)
    f.fromMem(b, this.addr + offset, length)
    return b
  }
  readInt32(offset: number): number {
    return this.read(offset, 4).readInt32LE(0)
  }
  writeInt32(offset: number, value: number): void {
    const b = Buffer.alloc(4)
    b.writeInt32LE(value | 0, 0)
    this.write(offset, b)
  }
  writeDouble(offset: number, value: number): void {
    const b = Buffer.alloc(8)
    b.writeDoubleLE(value, 0)
    this.write(offset, b)
  }
  /** A NUL-terminated string in a `size`-byte char array. */
  writeText(offset: number, size: number, text: string): void {
    const b = Buffer.alloc(size)
    b.write(text.slice(0, size - 1), 'utf8')
    this.write(offset, b)
  }
}

export const ftok = (path: string, id: number): number => check(`ftok(${path})`, f.ftok(path, id) as number) >>> 0

/** Create a new segment under `key` (never an existing one: IPC_EXCL). */
export const shmCreate = (key: number, sizeBytes: number, mode = 0o644): number => check('shmget', f.shmget(key | 0, sizeBytes, IPC_CREAT | IPC_EXCL | mode) as number)
/** The segment holding `key`, or -1. */
export const shmFind = (key: number): number => f.shmget(key | 0, 0, 0) as number
export function shmAttach(shmid: number, sizeBytes: number, readOnly = false): Mem {
  const addr = asNumber(f.shmat(shmid, null, readOnly ? SHM_RDONLY : 0))
  if (addr === -1) throw new Error(`shmat(${shmid}) failed (errno ${koffi.errno()})`)
  return new Mem(addr, sizeBytes)
}
export const shmDetach = (m: Mem): void => void f.shmdt(m.addr)
export const shmRemove = (shmid: number): boolean => (f.shmctl(shmid, IPC_RMID, null) as number) === 0

/** A one-semaphore set under `key`, initialised to 1 (a mutex). */
export function semCreate(key: number): number {
  const id = check('semget', f.semget(key | 0, 1, IPC_CREAT | IPC_EXCL | 0o600) as number)
  check('semctl SETVAL', f.semctl(id, 0, SETVAL, 1) as number)
  return id
}
export const semFind = (key: number): number => f.semget(key | 0, 0, 0) as number
export const semRemove = (semid: number): boolean => (f.semctl(semid, 0, IPC_RMID, 0) as number) === 0
/** semop with SEM_UNDO: a worker killed inside the lock does not leave it held. */
export function semAdd(semid: number, delta: number): void {
  const op = Buffer.alloc(6)
  op.writeUInt16LE(0, 0)
  op.writeInt16LE(delta, 2)
  op.writeInt16LE(SEM_UNDO, 4)
  check('semop', f.semop(semid, op, 1) as number)
}

/** shm_open(name, O_RDWR|O_CREAT) + ftruncate + mmap(MAP_SHARED): /dev/shm/<name>. */
export function posixOpen(name: string, sizeBytes: number, create: boolean): Mem {
  const fd = check(`open /dev/shm${name}`, f.open(`/dev/shm${name}`, O_RDWR | (create ? O_CREAT : 0), 0o644) as number)
  try {
    if (create) check('ftruncate', f.ftruncate(fd, sizeBytes) as number)
    const addr = asNumber(f.mmap(null, sizeBytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0))
    if (addr === -1) throw new Error(`mmap failed (errno ${koffi.errno()})`)
    return new Mem(addr, sizeBytes)
  } finally {
    f.close(fd)
  }
}
export const posixUnmap = (m: Mem): void => void f.munmap(m.addr, m.sizeBytes)
