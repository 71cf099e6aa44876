// Owns recordings: a session written as gzipped NDJSON (one header line, a full snapshot at the
// start and every minute, then one line per tick delta), listed from the recordings folder and
// read back for replay. NDJSON because every line stands alone: a recording cut short by a
// crash still loads up to its last complete line, and `zcat | jq` reads it without shmscope.
import { createWriteStream, promises as fsp, type WriteStream } from 'node:fs'
import { createGunzip, createGzip, type Gzip } from 'node:zlib'
import { createInterface } from 'node:readline'
import { createReadStream } from 'node:fs'
import { basename, join } from 'node:path'
import { hostname } from 'node:os'
import type { RecordingInfo, TickDelta } from '../../../shared/api'
import type { Snapshot } from '../../../shared/snapshot'

export const RECORDING_FORMAT = 'shmscope-recording'
export const RECORDING_VERSION = 1
/** A full snapshot this often, so a reader can start anywhere near. */
const KEYFRAME_MS = 60_000
/** Recordings larger than this (compressed) are refused on load: they would not fit the history anyway. */
export const MAX_RECORDING_BYTES = 256 * 1024 * 1024

export type RecordingLine =
  | { type: 'header'; format: string; version: number; host: string; startedAtMs: number; intervalMs: number }
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'tick'; tick: TickDelta }

/** Ticks as stored: raw payload bytes are left out (the decoded values are kept). */
function storedTick(tick: TickDelta): TickDelta {
  if (!tick.samples.some((s) => s.bytes)) return tick
  return { ...tick, samples: tick.samples.map(({ bytes: _bytes, ...rest }) => rest) }
}

export class Recorder {
  private readonly gzip: Gzip
  private readonly file: WriteStream
  private ticks = 0
  private lastKeyframeMs = 0
  private endedAtMs: number | undefined
  private failure: string | undefined
  private finished: Promise<void>

  private constructor(
    readonly path: string,
    readonly startedAtMs: number
  ) {
    this.gzip = createGzip()
    this.file = createWriteStream(path, { flags: 'wx', mode: 0o600 })
    this.gzip.pipe(this.file)
    this.finished = new Promise((resolve) => {
      this.file.on('close', () => resolve())
      this.file.on('error', (err) => {
        this.failure = err.message
        resolve()
      })
    })
  }

  /** Start a new file in `dir` named after the time. */
  static async start(dir: string, intervalMs: number, nowMs = Date.now()): Promise<Recorder> {
    await fsp.mkdir(dir, { recursive: true, mode: 0o700 })
    const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-')
    let path = join(dir, `shmscope-${stamp}.ndjson.gz`)
    for (let i = 2; await fsp.access(path).then(() => true, () => false); i++) path = join(dir, `shmscope-${stamp}-${i}.ndjson.gz`)
    const r = new Recorder(path, nowMs)
    r.write({ type: 'header', format: RECORDING_FORMAT, version: RECORDING_VERSION, host: hostname(), startedAtMs: nowMs, intervalMs })
    return r
  }

  private write(line: RecordingLine): void {
    if (this.endedAtMs !== undefined) return
    this.gzip.write(JSON.stringify(line) + '\n')
  }

  /** Write one tick; `snapshot` is the state after it (stored as a keyframe now and then). */
  add(tick: TickDelta, snapshot: Snapshot): void {
    this.write({ type: 'tick', tick: storedTick(tick) })
    if (this.ticks === 0 || tick.tMs - this.lastKeyframeMs >= KEYFRAME_MS) {
      this.write({ type: 'snapshot', snapshot })
      this.lastKeyframeMs = tick.tMs
    }
    this.ticks++
  }

  info(): RecordingInfo {
    return { path: this.path, startedAtMs: this.startedAtMs, endedAtMs: this.endedAtMs, ticks: this.ticks, bytes: this.file.bytesWritten }
  }

  get error(): string | undefined {
    return this.failure
  }

  async stop(nowMs = Date.now()): Promise<RecordingInfo> {
    if (this.endedAtMs === undefined) {
      this.endedAtMs = nowMs
      this.gzip.end()
      await this.finished
      // A summary beside the file, so listing recordings does not mean reading them.
      await fsp.writeFile(`${this.path}.json`, JSON.stringify(this.info()), { mode: 0o600 }).catch(() => undefined)
    }
    await this.finished
    return this.info()
  }
}

/** Every line of a recording, in order; a truncated tail (a crash while writing) is ignored. */
export async function readRecording(path: string): Promise<{ lines: RecordingLine[]; truncated: boolean }> {
  const st = await fsp.stat(path)
  if (!st.isFile()) throw new Error(`${path} is not a file`)
  if (st.size > MAX_RECORDING_BYTES) throw new Error(`${basename(path)} is ${st.size} bytes; recordings over ${MAX_RECORDING_BYTES} bytes are not loaded`)
  const input = createReadStream(path)
  const source = path.endsWith('.gz') ? input.pipe(createGunzip()) : input
  const lines: RecordingLine[] = []
  let truncated = false
  const rl = createInterface({ input: source, crlfDelay: Infinity })
  try {
    for await (const text of rl) {
      if (!text.trim()) continue
      try {
        lines.push(JSON.parse(text) as RecordingLine)
      } catch {
        truncated = true
        break
      }
    }
  } catch {
    // A gzip stream cut short ends here: keep what was read.
    truncated = true
  } finally {
    input.destroy()
  }
  const header = lines[0]
  if (!header || header.type !== 'header' || header.format !== RECORDING_FORMAT) throw new Error(`${basename(path)} is not a shmscope recording`)
  if (header.version > RECORDING_VERSION) throw new Error(`${basename(path)} was written by a newer shmscope (format ${header.version})`)
  return { lines, truncated }
}

/** Recordings in `dir`, newest first. */
export async function listRecordingFiles(dir: string): Promise<RecordingInfo[]> {
  const names = await fsp.readdir(dir).catch(() => [] as string[])
  const out: RecordingInfo[] = []
  for (const name of names) {
    if (!/\.ndjson(\.gz)?$/.test(name)) continue
    const path = join(dir, name)
    const st = await fsp.stat(path).catch(() => undefined)
    if (!st?.isFile()) continue
    const summary = await fsp
      .readFile(`${path}.json`, 'utf8')
      .then((t) => JSON.parse(t) as Partial<RecordingInfo>)
      .catch(() => ({}) as Partial<RecordingInfo>)
    out.push({
      path,
      startedAtMs: typeof summary.startedAtMs === 'number' ? summary.startedAtMs : st.birthtimeMs || st.mtimeMs,
      endedAtMs: typeof summary.endedAtMs === 'number' ? summary.endedAtMs : st.mtimeMs,
      ticks: typeof summary.ticks === 'number' ? summary.ticks : 0,
      bytes: st.size
    })
  }
  return out.sort((a, b) => b.startedAtMs - a.startedAtMs)
}
