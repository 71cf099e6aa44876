// `shmscope layout` and `shmscope decode` as a user runs them: real processes, a real System V
// segment written by a C program, layouts compared with gcc, errors and exit codes.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { cleanupAll, compileC, spawnTracked, trackShmid, waitForLine } from '../../helpers/native'
import { compilerFacts } from './oracle'
import type { LayoutJson } from '../../../src/shared/layout'

const root = join(__dirname, '../../..')
const dir = mkdtempSync(join(tmpdir(), 'shmscope-layout-cli-'))

interface Run {
  code: number
  stdout: string
  stderr: string
}

function shmscope(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], { cwd: root, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0
      resolve({ code, stdout, stderr })
    })
  })
}

const HEADER = `#include <stdint.h>
#include <stdbool.h>
#define MSG_LEN 32
typedef enum { MODE_IDLE = 0, MODE_RUN = 3 } mode_t2;
typedef struct { int16_t x, y; } pt_t;
typedef struct {
  int counter;
  char message[MSG_LEN];
  int ready;
  mode_t2 mode;
  mode_t2 unknown_mode;
  double temp;
  uint64_t big;
  int64_t neg;
  struct { unsigned a:3; int b:4; bool c:1; } flags;
  pt_t pts[2];
  void *ptr;
  long double ld;
  uint8_t u8s[4];
  char names[2][6];
} rt_t;
`

const PRODUCER = `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>
${HEADER}
int main(int argc, char **argv) {
  size_t size = argc > 1 ? (size_t)atol(argv[1]) : sizeof(rt_t);
  int id = shmget(IPC_PRIVATE, size, IPC_CREAT | 0600);
  if (id < 0) { perror("shmget"); return 1; }
  unsigned char *p = shmat(id, 0, 0);
  if (p == (void *)-1) { perror("shmat"); return 1; }
  rt_t v;
  memset(&v, 0, sizeof v);
  v.counter = 42;
  strcpy(v.message, "hello from C");
  v.ready = 1;
  v.mode = MODE_RUN;
  v.unknown_mode = (mode_t2)7;
  v.temp = -12.5;
  v.big = 0xFFFFFFFFFFFFFFFFull;
  v.neg = -4096;
  v.flags.a = 5; v.flags.b = -2; v.flags.c = 1;
  v.pts[1].x = 7; v.pts[1].y = -7;
  v.ptr = (void *)0x1234abcd;
  v.ld = 2.5L;
  v.u8s[2] = 200;
  strcpy(v.names[0], "ab"); strcpy(v.names[1], "cdefg");
  memcpy(p, &v, size < sizeof v ? size : sizeof v);
  printf("%d %zu\\n", id, sizeof v);
  fflush(stdout);
  pause();
  return 0;
}
`

const headerPath = join(dir, 'rt.h')
let producer = ''

beforeAll(async () => {
  writeFileSync(headerPath, HEADER)
  // The producer must compile against the header (the decode round trip uses it).
  producer = await compileC('layout-rt-producer', PRODUCER)
  expect(producer).toBeTruthy()
})
afterEach(cleanupAll)

/** Start the C producer (optionally with a smaller segment) and return its shmid, tracked for clean-up. */
async function startProducer(sizeBytes?: number): Promise<number> {
  const child = spawnTracked(producer, sizeBytes === undefined ? [] : [String(sizeBytes)])
  const m = await waitForLine(child, /^(\d+) (\d+)$/m)
  return trackShmid(Number(m[1]))
}

afterAll(async () => {
  await cleanupAll()
  rmSync(dir, { recursive: true, force: true })
})


describe('shmscope layout', () => {
  it('--json matches what gcc says for the same header', async () => {
    const r = await shmscope('layout', headerPath, '--type', 'rt_t', '--json', '--abi', 'x86_64')
    expect(r.code).toBe(0)
    const json = JSON.parse(r.stdout) as LayoutJson
    const [facts] = await compilerFacts(HEADER, [{ typeName: 'rt_t', fields: json.fields }], 'x86_64')
    expect(json.sizeBytes).toBe(facts?.sizeBytes)
    expect(json.alignBytes).toBe(facts?.alignBytes)
    for (const f of json.fields) {
      const w = facts?.fields.get(f.path)
      expect(w, f.path).toBeDefined()
      if (f.bitWidth !== undefined) expect([f.bitOffset, f.bitWidth], f.path).toEqual([w?.bitOffset, w?.bitWidth])
      else expect([f.offsetBytes, f.sizeBytes], f.path).toEqual([w?.offsetBytes, w?.sizeBytes])
    }
    expect(json.fields.map((f) => f.path)).toContain('pts[0].x')
  })

  it('shows a table with padding holes by default', async () => {
    const r = await shmscope('layout', headerPath, '--type', 'rt_t', '--abi', 'i386')
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n')[0]).toMatch(/^rt_t \(i386\): \d+ bytes, aligned to 4$/)
    expect(r.stdout).toMatch(/^\s+\d+\s+\d+\s+\(padding\)$/m)
    expect(r.stdout).toMatch(/^\s+0\s+4\s+int\s+counter$/m)
  })

  it('reports a syntax error as one line with file:line:column and exits 4', async () => {
    const bad = join(dir, 'bad.h')
    writeFileSync(bad, 'struct A {\n  int a;\n  int b\n};\n')
    const r = await shmscope('layout', bad, '--type', 'A')
    expect(r.code).toBe(4)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(`shmscope: ${bad}:3:8: expected ';'\n`)
  })

  it('rejects usage mistakes with exit 1', async () => {
    expect((await shmscope('layout', headerPath)).code).toBe(1)
    expect((await shmscope('layout', headerPath, '--type', 'rt_t', '--abi', 'mips')).code).toBe(1)
    expect((await shmscope('layout', join(dir, 'missing.h'), '--type', 'x')).code).toBe(4)
  })
})

describe('shmscope decode', () => {
  it('returns the values a C program wrote into a real segment', async () => {
    const shmid = await startProducer()
    const r = await shmscope('decode', String(shmid), '--layout', headerPath, '--type', 'rt_t', '--json')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const sample = JSON.parse(r.stdout)
    expect(sample).toMatchObject({ target: String(shmid), type: 'rt_t', abi: 'x86_64', torn: false })
    expect(sample.truncated).toBeUndefined()
    expect(sample.value).toEqual({
      counter: 42, message: 'hello from C', ready: 1, mode: 'MODE_RUN', unknown_mode: 7, temp: -12.5,
      big: '18446744073709551615', neg: -4096, flags: { a: 5, b: -2, c: true },
      pts: [{ x: 0, y: 0 }, { x: 7, y: -7 }], ptr: '0x1234abcd', ld: 2.5, u8s: [0, 0, 200, 0], names: ['ab', 'cdefg']
    })
  })

  it('decodes what fits of a segment smaller than the layout and says so', async () => {
    const shmid = await startProducer(20)
    const r = await shmscope('decode', String(shmid), '--layout', headerPath, '--type', 'rt_t', '--json')
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/^shmscope: warning: .*decoded what fits\n$/)
    const sample = JSON.parse(r.stdout)
    expect(sample.truncated).toBe(true)
    expect(sample.value.counter).toBe(42)
    expect(sample.value.message).toBe('hello from C')
    expect(sample.value.ready).toBeNull()
  })

  it('prints a readable listing without --json', async () => {
    const shmid = await startProducer()
    const r = await shmscope('decode', String(shmid), '--layout', headerPath, '--type', 'rt_t')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^counter\s+42$/m)
    expect(r.stdout).toMatch(/^message\s+"hello from C"$/m)
    expect(r.stdout).toMatch(/^flags\.b\s+-2$/m)
  })

  it('exits 2 for a segment that does not exist and 4 for a layout error', async () => {
    const missing = await shmscope('decode', '2147483000', '--layout', headerPath, '--type', 'rt_t')
    expect(missing.code).toBe(2)
    expect(missing.stderr.split('\n').filter(Boolean)).toHaveLength(1)
    const badType = await shmscope('decode', '1', '--layout', headerPath, '--type', 'nope_t')
    expect(badType.code).toBe(4)
    expect(badType.stderr).toMatch(/^shmscope: .*unknown type 'nope_t'; the header defines: .*rt_t/)
  })
})

