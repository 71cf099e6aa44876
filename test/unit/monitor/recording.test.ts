// Recordings: what was written reads back in order; a file cut short (a crash while writing)
// loads up to its last whole line and says so; files that are not recordings are refused.
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { Recorder, readRecording, RECORDING_FORMAT } from '../../../src/main/core/monitor/recording'
import type { TickDelta } from '../../../src/shared/api'
import type { Snapshot } from '../../../src/shared/snapshot'

let dir = ''
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const snapshot = { takenAtMs: 0, sysv: [], posix: [], limits: {}, usage: { segments: 0, sizeBytes: 0, rssBytes: 0 } } as unknown as Snapshot
const tick = (seq: number): TickDelta => ({ seq, tMs: 1_000_000 + seq * 500, events: [], samples: [], changed: [], removed: [] }) as unknown as TickDelta

async function record(ticks: number): Promise<string> {
  dir = mkdtempSync(join(tmpdir(), 'shmscope-rec-'))
  const r = await Recorder.start(dir, 500, 1_000_000)
  // Payload-like noise so that the file is long enough to cut in the middle of the stream.
  for (let i = 1; i <= ticks; i++) r.add({ ...tick(i), note: `tick ${i} ${'x'.repeat(i % 97)}` } as TickDelta, snapshot)
  const info = await r.stop(2_000_000)
  expect(info.ticks).toBe(ticks)
  return info.path
}

const seqs = (lines: Awaited<ReturnType<typeof readRecording>>['lines']): number[] => lines.flatMap((l) => (l.type === 'tick' ? [l.tick.seq] : []))

describe('recordings', () => {
  it('read back every tick in order, with the header first and a keyframe', async () => {
    const path = await record(2000)
    const { lines, truncated } = await readRecording(path)
    expect(truncated).toBe(false)
    expect(lines[0]).toMatchObject({ type: 'header', format: RECORDING_FORMAT, intervalMs: 500 })
    expect(lines.some((l) => l.type === 'snapshot')).toBe(true)
    expect(seqs(lines)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1))
    expect(JSON.parse(readFileSync(`${path}.json`, 'utf8'))).toMatchObject({ ticks: 2000, startedAtMs: 1_000_000, endedAtMs: 2_000_000 })
  })

  it('load up to the last whole line when the file was cut short, and say so', async () => {
    const path = await record(2000)
    const full = readFileSync(path).length
    truncateSync(path, Math.floor(full * 0.6))
    const { lines, truncated } = await readRecording(path)
    expect(truncated).toBe(true)
    const got = seqs(lines)
    expect(got.length).toBeGreaterThan(100)
    expect(got.length).toBeLessThan(2000)
    expect(got).toEqual(Array.from({ length: got.length }, (_, i) => i + 1))
  })

  it('stop at a broken line in a plain file, keeping what came before', async () => {
    dir = mkdtempSync(join(tmpdir(), 'shmscope-rec-'))
    const path = join(dir, 'cut.ndjson')
    const header = JSON.stringify({ type: 'header', format: RECORDING_FORMAT, version: 1, host: 'h', startedAtMs: 0, intervalMs: 500 })
    writeFileSync(path, `${header}\n${JSON.stringify({ type: 'tick', tick: tick(1) })}\n{"type":"tick","tick":{"seq":2,`)
    const { lines, truncated } = await readRecording(path)
    expect(truncated).toBe(true)
    expect(seqs(lines)).toEqual([1])
  })

  it('refuse what is not a recording, and a format from a newer shmscope', async () => {
    dir = mkdtempSync(join(tmpdir(), 'shmscope-rec-'))
    const other = join(dir, 'other.ndjson.gz')
    writeFileSync(other, gzipSync('{"hello":"world"}\n'))
    await expect(readRecording(other)).rejects.toThrow(/not a shmscope recording/)
    const newer = join(dir, 'newer.ndjson.gz')
    writeFileSync(newer, gzipSync(JSON.stringify({ type: 'header', format: RECORDING_FORMAT, version: 99, host: 'h', startedAtMs: 0, intervalMs: 500 }) + '\n'))
    await expect(readRecording(newer)).rejects.toThrow(/newer shmscope/)
    await expect(readRecording(dir)).rejects.toThrow(/not a file/)
  })
})
