// Test support: `shmtool`, a small C program that makes and holds the shared memory the
// integration tests of sources, attach and cli look at, and commands to drive it.
import type { ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { compileC, spawnTracked, trackPosix, trackShmid, waitForLine, liveShmids } from '../../helpers/native'

const SOURCE = String.raw`
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned char pattern(size_t i) { return (unsigned char)((i * 7 + 3) & 0xff); }

static unsigned long sum(const unsigned char *p, size_t n) {
  unsigned long h = 1469598103934665603UL; /* FNV-1a */
  for (size_t i = 0; i < n; i++) { h ^= p[i]; h *= 1099511628211UL; }
  return h;
}

static void fill(unsigned char *p, size_t n) { for (size_t i = 0; i < n; i++) p[i] = pattern(i); }

int main(int argc, char **argv) {
  char line[256];
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc >= 5 && strcmp(argv[1], "create") == 0) {
    /* create <key> <size> <octal perms>: make, attach rw, fill; then obey stdin */
    key_t key = (key_t)strtoul(argv[2], NULL, 0);
    size_t size = strtoul(argv[3], NULL, 0);
    int perms = (int)strtol(argv[4], NULL, 8);
    int id = shmget(key, size, IPC_CREAT | IPC_EXCL | perms);
    if (id < 0) { perror("shmget"); return 1; }
    unsigned char *p = shmat(id, NULL, 0);
    if (p == (void *)-1) { perror("shmat"); shmctl(id, IPC_RMID, NULL); return 1; }
    fill(p, size);
    printf("shmid %d\n", id);
    while (fgets(line, sizeof line, stdin)) {
      if (strncmp(line, "sum", 3) == 0) printf("sum %lu\n", sum(p, size));
      else if (strncmp(line, "rmid", 4) == 0) printf("rmid %d\n", shmctl(id, IPC_RMID, NULL));
      else if (strncmp(line, "lock", 4) == 0) printf("lock %d\n", shmctl(id, SHM_LOCK, NULL));
      else if (strncmp(line, "detach", 6) == 0) printf("detach %d\n", shmdt(p));
    }
    shmctl(id, IPC_RMID, NULL);
    return 0;
  }
  if (argc >= 4 && strcmp(argv[1], "attach") == 0) {
    /* attach <shmid> ro|rw: hold one attachment until stdin closes */
    int id = atoi(argv[2]);
    void *p = shmat(id, NULL, strcmp(argv[3], "ro") == 0 ? SHM_RDONLY : 0);
    if (p == (void *)-1) { perror("shmat"); return 1; }
    printf("attached %d\n", (int)getpid());
    while (fgets(line, sizeof line, stdin)) {}
    return 0;
  }
  if (argc >= 4 && strcmp(argv[1], "posix") == 0) {
    /* posix <name> <size>: shm_open, fill, keep mapped rw until stdin closes, then unlink */
    size_t size = strtoul(argv[3], NULL, 0);
    int fd = shm_open(argv[2], O_CREAT | O_EXCL | O_RDWR, 0640);
    if (fd < 0) { perror("shm_open"); return 1; }
    if (ftruncate(fd, (off_t)size) < 0) { perror("ftruncate"); return 1; }
    unsigned char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) { perror("mmap"); return 1; }
    fill(p, size);
    printf("posix ready\n");
    while (fgets(line, sizeof line, stdin)) {
      if (strncmp(line, "unlink", 6) == 0) printf("unlink %d\n", shm_unlink(argv[2]));
    }
    shm_unlink(argv[2]);
    return 0;
  }
  if (argc >= 3 && strcmp(argv[1], "sem") == 0) {
    sem_t *s = sem_open(argv[2], O_CREAT | O_EXCL, 0600, 1);
    if (s == SEM_FAILED) { perror("sem_open"); return 1; }
    printf("sem ready\n");
    while (fgets(line, sizeof line, stdin)) {}
    sem_unlink(argv[2]);
    return 0;
  }
  if (argc >= 3 && strcmp(argv[1], "busy") == 0) {
    /* busy <shmid>: rewrite the whole segment forever (a writer that never stops) */
    int id = atoi(argv[2]);
    struct shmid_ds ds;
    if (shmctl(id, IPC_STAT, &ds) < 0) { perror("shmctl"); return 1; }
    volatile unsigned char *p = shmat(id, NULL, 0);
    if (p == (void *)-1) { perror("shmat"); return 1; }
    printf("busy\n");
    for (unsigned v = 0;; v++) for (size_t i = 0; i < ds.shm_segsz; i++) p[i] = (unsigned char)(v + i);
  }
  fprintf(stderr, "usage: shmtool create|attach|posix|sem|busy ...\n");
  return 2;
}
`

let binary: Promise<string> | undefined
/** The compiled shmtool (once per test process). */
export const shmtool = (): Promise<string> => (binary ??= compileC('shmtool', SOURCE))

/** The byte pattern shmtool writes: byte i is (i*7+3) & 0xff. */
export function expectedPattern(size: number, offset = 0): Buffer {
  const b = Buffer.alloc(size)
  for (let i = 0; i < size; i++) b[i] = ((offset + i) * 7 + 3) & 0xff
  return b
}

/** A random key (0x53xxxxxx) that no live segment has. */
export function uniqueKey(): number {
  const live = new Set(
    readFileSync('/proc/sysvipc/shm', 'latin1')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.trim().split(/\s+/)[0]))
  )
  for (;;) {
    const key = 0x53000000 + 1 + Math.floor(Math.random() * 0xfffffe)
    if (!live.has(key)) return key
  }
}

export interface Holder {
  child: ChildProcess
  shmid: number
  /** Send one stdin command and wait for its reply line. */
  command(name: 'sum' | 'rmid' | 'lock' | 'detach'): Promise<string>
}

/** Start `shmtool create`: a segment (IPC_PRIVATE when key is 0) filled with the pattern, attached rw. */
export async function createSegment(key: number, sizeBytes: number, permsOctal: string): Promise<Holder> {
  const child = spawnTracked(await shmtool(), ['create', String(key), String(sizeBytes), permsOctal])
  const m = await waitForLine(child, /^shmid (\d+)$/)
  const shmid = trackShmid(Number(m[1]))
  return {
    child,
    shmid,
    async command(name) {
      const reply = waitForLine(child, new RegExp(`^${name} (\\S+)$`))
      child.stdin?.write(`${name}\n`)
      return (await reply)[1] as string
    }
  }
}

/** Start `shmtool attach`: one more attachment of `shmid`, read-only or read-write. */
export async function attachProcess(shmid: number, mode: 'ro' | 'rw'): Promise<ChildProcess> {
  const child = spawnTracked(await shmtool(), ['attach', String(shmid), mode])
  await waitForLine(child, /^attached \d+$/)
  return child
}

/** Start `shmtool posix`: a POSIX object filled with the pattern, mapped rw. */
export async function createPosix(name: string, sizeBytes: number): Promise<ChildProcess> {
  trackPosix(name)
  const child = spawnTracked(await shmtool(), ['posix', name, String(sizeBytes)])
  await waitForLine(child, /^posix ready$/)
  return child
}

/** Start `shmtool sem`: a named semaphore (the file /dev/shm/sem.<name>). */
export async function createSemaphore(name: string): Promise<ChildProcess> {
  trackPosix(`sem.${name.replace(/^\//, '')}`)
  const child = spawnTracked(await shmtool(), ['sem', name])
  await waitForLine(child, /^sem ready$/)
  return child
}

/** Start `shmtool busy`: a writer rewriting the segment without pause. */
export async function busyWriter(shmid: number): Promise<ChildProcess> {
  const child = spawnTracked(await shmtool(), ['busy', String(shmid)])
  await waitForLine(child, /^busy$/)
  return child
}

/** A shmid that no live segment has. */
export function absentShmid(): number {
  const live = liveShmids()
  let id = 2_000_000_000
  while (live.has(id)) id--
  return id
}

/** A POSIX name unique to this run. */
export const uniquePosixName = (label: string): string => `/shmscope-test-${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`
