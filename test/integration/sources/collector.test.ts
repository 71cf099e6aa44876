// The poll loop's incremental collector against the real kernel: after every kind of change a
// process can make, what it reports for our objects is what a full takeSnapshot() reports.
import { afterEach, describe, expect, it } from 'vitest'
import { cleanupAll, compileC, spawnTracked, waitForLine } from '../../helpers/native'
import { takeSnapshot } from '../../../src/main/core/snapshot'
import { createCollector, type Collector } from '../../../src/main/core/collector'
import type { Snapshot } from '../../../src/shared/snapshot'
import { attachProcess, createPosix, createSegment, uniqueKey, uniquePosixName } from './shmtool'

const collectors: Collector[] = []
afterEach(async () => {
  collectors.splice(0).forEach((c) => c.close())
  await cleanupAll()
})

function collectorWith(options: Parameters<typeof createCollector>[0]): Collector {
  const c = createCollector(options)
  collectors.push(c)
  return c
}

/** late <name>: waits for a line on stdin, then maps the existing POSIX object read-only and says so. */
const LATE_MAPPER = String.raw`
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>
int main(int argc, char **argv) {
  char line[64];
  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("waiting\n");
  if (!fgets(line, sizeof line, stdin)) return 1;
  int fd = shm_open(argv[1], O_RDONLY, 0);
  if (fd < 0) { perror("shm_open"); return 1; }
  void *p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) { perror("mmap"); return 1; }
  close(fd);
  printf("mapped\n");
  while (fgets(line, sizeof line, stdin)) {}
  return 0;
}
`

/** What a page shows of one segment (everything but the times, which a tick apart may differ). */
function sysvView(snap: Snapshot, shmid: number): unknown {
  const s = snap.sysv.find((x) => x.shmid === shmid)
  if (!s) return undefined
  return { key: s.key, nattch: s.nattch, dest: s.dest, locked: s.locked, sizeBytes: s.sizeBytes, attachments: s.attachments, hidden: s.attachmentsHidden, creator: s.creatorCommand }
}

function posixView(snap: Snapshot, name: string): unknown {
  const p = snap.posix.find((x) => x.name === name)
  return p ? { sizeBytes: p.sizeBytes, attachments: p.attachments } : undefined
}

/** Collect until the collector agrees with a full snapshot on `view` (both read after the change); at most two collects. */
async function expectAgrees(collector: Collector, view: (s: Snapshot) => unknown): Promise<void> {
  const ours = view(await collector.collect())
  const full = view(await takeSnapshot())
  expect(ours).toEqual(full)
}

/** toggler <shmid>: "a" on stdin attaches (read-only), "d" detaches the last attach; each answered. */
const TOGGLER = String.raw`
#include <stdio.h>
#include <stdlib.h>
#include <sys/shm.h>
int main(int argc, char **argv) {
  char line[16];
  void *p[64];
  int n = 0, id = atoi(argv[1]);
  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("ready\n");
  while (fgets(line, sizeof line, stdin)) {
    if (line[0] == 'a' && n < 64) { p[n] = shmat(id, NULL, SHM_RDONLY); printf("%s\n", p[n] == (void *)-1 ? "error" : "attached"); if (p[n] != (void *)-1) n++; }
    else if (line[0] == 'd' && n > 0) { shmdt(p[--n]); printf("detached\n"); }
  }
  return 0;
}
`

describe('incremental collector', () => {
  it('agrees with a full snapshot after create, attach read-only and read-write, detach, mark for destruction and exit', async () => {
    // A long rescan period: every agreement below comes from the change itself, not the timer.
    const collector = collectorWith({ excludePids: [process.pid], fullRescanMs: 600_000 })
    await collector.collect()
    const holder = await createSegment(uniqueKey(), 8192, '640')
    const view = (s: Snapshot): unknown => sysvView(s, holder.shmid)
    await expectAgrees(collector, view)

    const ro = await attachProcess(holder.shmid, 'ro')
    await expectAgrees(collector, view)
    const rw = await attachProcess(holder.shmid, 'rw')
    await expectAgrees(collector, view)
    const seen = (await collector.collect()).sysv.find((s) => s.shmid === holder.shmid)
    expect(seen?.attachments.map((a) => [a.pid, a.readOnly])).toEqual(
      [
        [holder.child.pid, false],
        [ro.pid, true],
        [rw.pid, false]
      ].sort((a, b) => Number(a[0]) - Number(b[0]))
    )

    expect(await holder.command('detach')).toBe('0')
    await expectAgrees(collector, view)
    expect((await collector.collect()).sysv.find((s) => s.shmid === holder.shmid)?.attachments.map((a) => a.pid)).not.toContain(holder.child.pid)

    expect(await holder.command('rmid')).toBe('0')
    await expectAgrees(collector, view)
    expect((await collector.collect()).sysv.find((s) => s.shmid === holder.shmid)).toMatchObject({ dest: true, key: 0 })

    await new Promise((resolve) => {
      ro.once('exit', resolve)
      ro.kill('SIGKILL')
    })
    await expectAgrees(collector, view)
    expect((await collector.collect()).sysv.find((s) => s.shmid === holder.shmid)?.attachments.map((a) => a.pid)).toEqual([rw.pid])
  })

  it('sees a new POSIX object with its mapping, and its removal, on the next collect', async () => {
    const collector = collectorWith({ excludePids: [process.pid], fullRescanMs: 600_000 })
    await collector.collect()
    const name = uniquePosixName('collector')
    const writer = await createPosix(name, 8192)
    const view = (s: Snapshot): unknown => posixView(s, name)
    await expectAgrees(collector, view)
    expect((await collector.collect()).posix.find((p) => p.name === name)?.attachments.map((a) => a.pid)).toEqual([writer.pid])
    await new Promise((resolve) => {
      writer.once('exit', resolve)
      writer.stdin?.end()
    })
    expect((await collector.collect()).posix.find((p) => p.name === name)).toBeUndefined()
  })

  it('sees a running process map an existing POSIX object on the next collect (the open is the signal)', async () => {
    const late = await compileC('late-mapper', LATE_MAPPER)
    const name = uniquePosixName('late')
    const writer = await createPosix(name, 8192)
    const mapper = spawnTracked(late, [name])
    await waitForLine(mapper, /^waiting/)
    const collector = collectorWith({ excludePids: [process.pid], fullRescanMs: 600_000 })
    await collector.collect()
    await collector.collect()
    const before = collector.stats.full
    mapper.stdin?.write('go\n')
    await waitForLine(mapper, /^mapped/)
    const snap = await collector.collect()
    expect(collector.stats.full).toBeGreaterThan(before)
    expect(snap.posix.find((p) => p.name === name)?.attachments.map((a) => [a.pid, a.readOnly])).toEqual(
      [
        [writer.pid, false],
        [mapper.pid, true]
      ].sort((a, b) => Number(a[0]) - Number(b[0]))
    )
  })

  it('agrees with a full snapshot when running processes attach and detach, one or two in the same tick', async () => {
    const bin = await compileC('toggler', TOGGLER)
    const holder = await createSegment(uniqueKey(), 4096, '600')
    const togglers = [spawnTracked(bin, [String(holder.shmid)]), spawnTracked(bin, [String(holder.shmid)])]
    await Promise.all(togglers.map((t) => waitForLine(t, /^ready/)))
    const collector = collectorWith({ excludePids: [process.pid], fullRescanMs: 600_000 })
    const view = (s: Snapshot): unknown => sysvView(s, holder.shmid)
    await collector.collect()
    const say = async (i: number, what: 'a' | 'd'): Promise<void> => {
      const t = togglers[i] as (typeof togglers)[number]
      const answer = waitForLine(t, what === 'a' ? /^attached/ : /^detached/)
      t.stdin?.write(`${what}\n`)
      await answer
    }
    // One process: its lpid explains the change.
    await say(0, 'a')
    await expectAgrees(collector, view)
    await say(0, 'a')
    await expectAgrees(collector, view)
    // Two processes in one tick: the lpid names only the last; the count check catches the other.
    await say(0, 'd')
    await say(1, 'a')
    await expectAgrees(collector, view)
    await say(1, 'd')
    await say(0, 'd')
    await expectAgrees(collector, view)
    const seen = (await collector.collect()).sysv.find((s) => s.shmid === holder.shmid)
    expect(seen?.attachments.map((a) => a.pid)).toEqual([holder.child.pid])
  })

  it('counts every collect once, and rereads every maps file when the rescan period has passed', async () => {
    const collector = collectorWith({ excludePids: [process.pid], fullRescanMs: 0 })
    for (let i = 0; i < 4; i++) await collector.collect()
    expect(collector.stats).toEqual({ full: 4, light: 0, reused: 0 })
    const lazy = collectorWith({ excludePids: [process.pid], fullRescanMs: 600_000 })
    for (let i = 0; i < 4; i++) await lazy.collect()
    const { full, light, reused } = lazy.stats
    expect(full + light + reused).toBe(4)
    expect(full).toBeGreaterThanOrEqual(1)
  })
})
