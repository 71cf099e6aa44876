// Owns the benchmark's kernel objects: System V segments made by a C holder process,
// C processes that attach to them, and C writers that change payloads; all removed on exit.
import { execFile } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { compileC, spawnTracked, waitForLine, cleanupAll, liveShmids } from '../../test/helpers/native'

const execFileP = promisify(execFile)

// Creates N IPC_PRIVATE segments, prints their ids, and removes every one of them when its
// stdin closes (also when the benchmark is killed) or on SIGTERM/SIGINT/SIGHUP.
const HOLDER_C = String.raw`
#include <sys/ipc.h>
#include <sys/shm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <errno.h>
static volatile sig_atomic_t stop;
static void on_sig(int s) { (void)s; stop = 1; }
int main(int argc, char **argv) {
  if (argc < 3) return 2;
  int want = atoi(argv[1]);
  size_t size = strtoul(argv[2], 0, 10);
  int *ids = calloc(want > 0 ? want : 1, sizeof(int));
  struct sigaction sa; memset(&sa, 0, sizeof sa); sa.sa_handler = on_sig;
  sigaction(SIGTERM, &sa, 0); sigaction(SIGINT, &sa, 0); sigaction(SIGHUP, &sa, 0);
  signal(SIGPIPE, SIG_IGN);
  int n = 0;
  for (; n < want && !stop; n++) {
    int id = shmget(IPC_PRIVATE, size, IPC_CREAT | 0600);
    if (id < 0) { fprintf(stderr, "shmget: %s after %d\n", strerror(errno), n); break; }
    ids[n] = id;
  }
  for (int i = 0; i < n; i++) printf("%d%c", ids[i], (i % 32 == 31 || i == n - 1) ? '\n' : ' ');
  printf("ready %d\n", n); fflush(stdout);
  char buf[64];
  while (!stop) { ssize_t r = read(0, buf, sizeof buf); if (r == 0 || (r < 0 && errno != EINTR)) break; }
  for (int i = 0; i < n; i++) shmctl(ids[i], IPC_RMID, 0);
  printf("removed %d\n", n); fflush(stdout);
  return 0;
}
`

// Attaches to the shmids on its command line (odd positions read-only) and sleeps until
// its stdin closes or a signal arrives; the kernel detaches it when it exits.
const ATTACHER_C = String.raw`
#include <sys/ipc.h>
#include <sys/shm.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <errno.h>
int main(int argc, char **argv) {
  int ok = 0;
  for (int i = 1; i < argc; i++) {
    void *p = shmat(atoi(argv[i]), 0, (i % 2) ? SHM_RDONLY : 0);
    if (p != (void *)-1) ok++;
  }
  printf("attached %d\n", ok); fflush(stdout);
  char buf[16];
  for (;;) { ssize_t r = read(0, buf, sizeof buf); if (r == 0 || (r < 0 && errno != EINTR)) break; }
  return 0;
}
`

// Writes payloads: every period it bumps the first int and the first double of each
// segment. A line "set V" on stdin stores V in the int at offset 0 of every segment and
// answers "set V <epoch ms>" (used to time tick-to-screen). Ends on stdin EOF or deadline.
const WRITER_C = String.raw`
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <poll.h>
static double now_ms(void) { struct timeval tv; gettimeofday(&tv, 0); return tv.tv_sec * 1e3 + tv.tv_usec / 1e3; }
int main(int argc, char **argv) {
  if (argc < 4) return 2;
  int period_ms = atoi(argv[1]);
  double deadline = now_ms() + atof(argv[2]) * 1000.0;
  int n = argc - 3;
  char **p = calloc(n, sizeof(char *));
  for (int i = 0; i < n; i++) { p[i] = shmat(atoi(argv[i + 3]), 0, 0); if (p[i] == (void *)-1) { perror("shmat"); return 1; } }
  printf("writing %d\n", n); fflush(stdout);
  char line[128]; size_t used = 0; long tick = 0;
  while (now_ms() < deadline) {
    struct pollfd pf = { 0, POLLIN, 0 };
    int r = poll(&pf, 1, period_ms > 0 ? period_ms : 1000);
    if (r > 0) {
      ssize_t got = read(0, line + used, sizeof line - 1 - used);
      if (got <= 0) break;
      used += got; line[used] = 0;
      char *nl;
      while ((nl = strchr(line, '\n'))) {
        *nl = 0;
        int v;
        if (sscanf(line, "set %d", &v) == 1) {
          for (int i = 0; i < n; i++) memcpy(p[i], &v, sizeof v);
          printf("set %d %.3f\n", v, now_ms()); fflush(stdout);
        }
        used -= (nl + 1 - line); memmove(line, nl + 1, used + 1);
      }
      if (used >= sizeof line - 1) used = 0;
    } else if (period_ms > 0) {
      tick++;
      for (int i = 0; i < n; i++) { int c; memcpy(&c, p[i], sizeof c); c++; memcpy(p[i], &c, sizeof c); double d = tick * 0.5; memcpy(p[i] + 8, &d, sizeof d); }
    }
  }
  return 0;
}
`

/** Segments that some holder made and that must be gone at the end. */
const madeShmids = new Set<number>()
const holders = new Set<ChildProcess>()

export interface SegmentSet {
  shmids: number[]
  /** Removes the segments (the holder marks them IPC_RMID and exits). */
  release(): Promise<void>
}

/** Free System V slots: SHMMNI minus the segments that exist now. */
export function freeSegmentSlots(): { shmmni: number; existing: number; free: number } {
  const shmmni = Number(readFileSync('/proc/sys/kernel/shmmni', 'utf8').trim())
  const existing = liveShmids().size
  return { shmmni, existing, free: shmmni - existing }
}

/** Create `count` IPC_PRIVATE segments of `sizeBytes` each, held by one C process. */
export async function createSegments(count: number, sizeBytes: number): Promise<SegmentSet> {
  const bin = await compileC('bench-holder', HOLDER_C)
  const child = spawnTracked(bin, [String(count), String(sizeBytes)])
  holders.add(child)
  let out = ''
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString()
  })
  const m = await waitForLine(child, /^ready (\d+)$/, 60_000)
  const ids = out
    .split('\n')
    .filter((l) => /^\d/.test(l))
    .flatMap((l) => l.trim().split(/\s+/).map(Number))
  for (const id of ids) madeShmids.add(id)
  if (ids.length !== Number(m[1])) throw new Error(`holder reported ${m[1]} segments, parsed ${ids.length}`)
  return {
    shmids: ids,
    release: async () => {
      await stopChild(child)
      holders.delete(child)
      await removeLeftovers(ids)
    }
  }
}

// Attaches to every shmid on its command line, then detaches from all of them, every
// periodMs (argv[1]), until its stdin closes: nattch of each moves up and down all the time.
const FLAPPER_C = String.raw`
#include <sys/ipc.h>
#include <sys/shm.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
int main(int argc, char **argv) {
  if (argc < 3) return 2;
  long period = atol(argv[1]) * 1000;
  int n = argc - 2;
  void **p = calloc(n, sizeof(void *));
  fcntl(0, F_SETFL, O_NONBLOCK);
  printf("flapping %d\n", n); fflush(stdout);
  for (int on = 1;; on = !on) {
    char c;
    ssize_t r = read(0, &c, 1);
    if (r == 0 || (r < 0 && errno != EAGAIN)) break;
    for (int i = 0; i < n; i++) {
      if (on) p[i] = shmat(atoi(argv[i + 2]), 0, SHM_RDONLY);
      else if (p[i] != (void *)-1) shmdt(p[i]);
    }
    usleep(period);
  }
  return 0;
}
`

/** Start a C process that attaches to and detaches from all `shmids` every `periodMs`. */
export async function startFlapper(shmids: number[], periodMs: number): Promise<ChildProcess> {
  const bin = await compileC('bench-flapper', FLAPPER_C)
  const child = spawnTracked(bin, [String(periodMs), ...shmids.map(String)])
  await waitForLine(child, /^flapping \d+$/, 10_000)
  return child
}

/** Start `processes` C processes, each attached to `perProcess` of the given segments. */
export async function startAttachers(shmids: number[], processes: number, perProcess: number): Promise<ChildProcess[]> {
  const bin = await compileC('bench-attacher', ATTACHER_C)
  const started: ChildProcess[] = []
  for (let i = 0; i < processes; i++) {
    const mine: string[] = []
    for (let j = 0; j < perProcess && shmids.length > 0; j++) mine.push(String(shmids[(i * perProcess + j) % shmids.length]))
    const child = spawnTracked(bin, mine)
    started.push(child)
  }
  await Promise.all(started.map((c) => waitForLine(c, /^attached \d+$/, 20_000)))
  return started
}

/** Start a C writer over the segments (bumps counters every `periodMs`; 0 = only on "set"). */
export async function startWriter(shmids: number[], periodMs: number, maxSeconds: number): Promise<ChildProcess> {
  const bin = await compileC('bench-writer', WRITER_C)
  const child = spawnTracked(bin, [String(periodMs), String(maxSeconds), ...shmids.map(String)])
  await waitForLine(child, /^writing \d+$/, 10_000)
  return child
}

/** Close a child's stdin (its signal to clean up and leave) and wait, SIGKILL after 5 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  await new Promise<void>((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(hard)
      resolve()
    })
    child.stdin?.end()
  })
}

/** Remove, in one ipcrm call per 200 ids, any of `ids` still present. */
async function removeLeftovers(ids: Iterable<number>): Promise<number> {
  const live = liveShmids()
  const left = [...ids].filter((id) => live.has(id))
  for (let i = 0; i < left.length; i += 200) {
    const args = left.slice(i, i + 200).flatMap((id) => ['-m', String(id)])
    await execFileP('ipcrm', args).catch(() => undefined)
  }
  return left.length
}

/** Stop every holder, attacher and writer, and make sure no segment we made survives. */
export async function cleanupEverything(): Promise<{ leftoverSegments: number }> {
  for (const h of holders) await stopChild(h)
  holders.clear()
  await cleanupAll()
  const leftover = await removeLeftovers(madeShmids)
  madeShmids.clear()
  return { leftoverSegments: leftover }
}
