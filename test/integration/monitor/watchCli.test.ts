// `shmscope watch` as a user runs it: NDJSON lifecycle events and decoded samples from real processes.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { cleanupAll, spawnTracked, trackShmid, waitForLine } from '../../helpers/native'
import { SHARED_HEADER, holderBin, producerBin } from './programs'

const root = join(__dirname, '../../..')
const dir = mkdtempSync(join(tmpdir(), 'shmscope-watch-cli-'))
const headerPath = join(dir, 'shared.h')
let producer = ''
let holder = ''

interface Run {
  code: number | null
  lines: string[]
  stderr: string
}

/** Run the CLI from source; `during` runs once it has started (its first stderr line or 1.5 s). */
function shmscope(args: string[], during?: () => Promise<void>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], { cwd: root })
    let out = ''
    let err = ''
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.stdout.on('data', (b: Buffer) => (out += b.toString()))
    child.stderr.on('data', (b: Buffer) => (err += b.toString()))
    child.on('error', reject)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, lines: out.split('\n').filter(Boolean), stderr: err })
    })
    if (during) setTimeout(() => void during().catch(reject), 2500)
  })
}

beforeAll(async () => {
  writeFileSync(headerPath, SHARED_HEADER)
  ;[producer, holder] = await Promise.all([producerBin(), holderBin()])
})
afterEach(cleanupAll)
afterAll(async () => {
  await cleanupAll()
  rmSync(dir, { recursive: true, force: true })
})

describe('shmscope watch', () => {
  it('prints one decoded sample per poll as NDJSON with nattch without the monitor', async () => {
    const child = spawnTracked(producer, ['100000'])
    const shmid = trackShmid(Number((await waitForLine(child, /^shmid (\d+)/))[1]))
    const r = await shmscope(['watch', String(shmid), '--layout', headerPath, '--type', 'shared_data_t', '--interval-ms', '50', '--count', '20', '--json'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.lines).toHaveLength(20)
    const samples = r.lines.map((l) => JSON.parse(l) as { target: string; type: string; torn: boolean; nattch: number; atimeMs: number; value: { counter: number; message: string; ready: number } })
    for (const s of samples) {
      expect(s).toMatchObject({ target: String(shmid), type: 'shared_data_t', nattch: 1 })
      expect(typeof s.atimeMs).toBe('number')
      expect(s.value.message).toMatch(/^update \d+$/)
    }
    const counters = samples.map((s) => s.value.counter)
    expect(counters.every((c, i) => i === 0 || c >= (counters[i - 1] as number))).toBe(true)
    expect(new Set(counters).size).toBeGreaterThan(3)
  })

  it('prints lifecycle events as NDJSON: created, attached and detached with the pid', async () => {
    let shmid = -1
    let pid = -1
    const r = await shmscope(['watch', '--json', '--interval-ms', '100', '--count', '45'], async () => {
      const child = spawnTracked(holder)
      shmid = trackShmid(Number((await waitForLine(child, /^shmid (\d+)/))[1]))
      pid = child.pid as number
      await new Promise((res) => setTimeout(res, 400))
      child.stdin?.write('detach\n')
      await waitForLine(child, /^detached$/)
      await new Promise((res) => setTimeout(res, 400))
      child.stdin?.write('rmid\n')
      await waitForLine(child, /^rmid$/)
    })
    expect(r.code).toBe(0)
    const events = r.lines.map((l) => JSON.parse(l) as { type: string; kind: string; shmid?: number; pid?: number; nattch?: number; tMs: number })
    const mine = events.filter((e) => e.shmid === shmid)
    expect(mine.map((e) => e.type)).toEqual(['created', 'attached', 'detached', 'removed'])
    expect(mine[1]).toMatchObject({ kind: 'sysv', pid, nattch: 1 })
    expect(mine[2]).toMatchObject({ pid, nattch: 0 })
    expect(mine.every((e) => typeof e.tMs === 'number')).toBe(true)
  })

  it('refuses a missing target with exit 2 and bad options with exit 1', async () => {
    expect((await shmscope(['watch', '2147483000', '--layout', headerPath, '--type', 'shared_data_t', '--count', '1'])).code).toBe(2)
    expect((await shmscope(['watch', '--interval-ms', '10'])).code).toBe(1)
    expect((await shmscope(['watch', '4', '--count', '1'])).code).toBe(1)
    const bad = await shmscope(['watch', '4', '--layout', join(dir, 'missing.h'), '--type', 'x'])
    expect(bad.code).toBe(4)
  })
})
