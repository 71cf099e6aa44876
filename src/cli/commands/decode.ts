// `shmscope decode <target> --layout <file.h> --type <Name> [--abi A] [--json] [--big-endian]`:
// one read-only copy of a segment, decoded with a C header's layout.
import type { DecodedSample, DecodedValue } from '../../shared/layout'
import type { ReadError } from '../../shared/payload'
import type { CommandModule } from '../command'
import { CliError, EXIT, usageError, type ExitCode } from '../errors'
import { createDecoder, hostAbi, LayoutError } from '../../main/core/layout/index'
import { readOnce } from '../../main/core/attach/reader'
import { parseTarget } from '../../main/core/target'
import { takeSnapshot } from '../../main/core/snapshot'
import { loadLayout, parseLayoutArgs, reportLayoutError } from './layout'

const READ_EXIT: Record<ReadError['code'], ExitCode> = {
  'not-found': EXIT.notFound,
  removed: EXIT.notFound,
  'permission-denied': EXIT.permission,
  'too-large': EXIT.failure,
  'invalid-range': EXIT.failure,
  failed: EXIT.failure
}

/** `path  value` lines for the readable output. */
export function valueLines(value: DecodedValue, path = ''): [string, string][] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([k, v]) => valueLines(v, path ? `${path}.${k}` : k))
  }
  if (Array.isArray(value)) {
    if (value.some((v) => v !== null && typeof v === 'object')) return value.flatMap((v, i) => valueLines(v, `${path}[${i}]`))
    const shown = value.slice(0, 16).map((v) => JSON.stringify(v)).join(', ')
    return [[path, `[${shown}${value.length > 16 ? `, … ${value.length - 16} more` : ''}]`]]
  }
  return [[path, typeof value === 'string' ? JSON.stringify(value) : String(value)]]
}

async function attachInfo(shmid: number | undefined, key: number | undefined): Promise<Pick<DecodedSample, 'nattch' | 'atimeMs' | 'dtimeMs'>> {
  try {
    const snap = await takeSnapshot()
    const seg = snap.sysv.find((s) => (shmid !== undefined ? s.shmid === shmid : s.key === key))
    return seg ? { nattch: seg.nattch, atimeMs: seg.atimeMs, dtimeMs: seg.dtimeMs } : {}
  } catch {
    return {} // the extras are best effort: the decoded value is the point
  }
}

export const command: CommandModule = {
  usage: 'decode <target> --layout <file.h> --type <Name> [--abi A] [--json] [--big-endian]',
  help: [
    'Reads the target once, read-only, and decodes it with the layout of --type in --layout.',
    'Targets: a shmid (4), a key (key:0x00004243 or key:16963), or a POSIX name (/my_shm).',
    `--abi defaults to this machine's (${hostAbi()}); --big-endian reads multi-byte values big-endian.`,
    'When the layout is larger than the segment, what fits is decoded and a warning says so.'
  ].join('\n'),
  async run(argv: string[]): Promise<number> {
    const args = parseLayoutArgs(argv, ['--layout', '--type', '--abi', '--json', '--big-endian'])
    const [targetText, ...extra] = args.positional
    if (!targetText) throw usageError('decode needs a target: decode <target> --layout <file.h> --type <Name>')
    if (extra.length) throw usageError(`unexpected argument '${extra[0]}'`)
    if (!args.header) throw usageError('decode needs --layout <file.h>')
    if (!args.type) throw usageError('decode needs --type <Name>')
    const target = parseTarget(targetText)
    if (!target) throw usageError(`'${targetText}' is not a target (a shmid, key:0x…, or /name)`)
    let layout
    try {
      layout = await loadLayout(args.header, args.type, args.abi)
    } catch (err) {
      if (err instanceof LayoutError) return reportLayoutError(err)
      throw err
    }
    const sizeBytes = layout.json.sizeBytes
    let read = readOnce(target, 0, sizeBytes)
    // A segment smaller than the layout: read all of it and decode what fits.
    if (!read.ok && read.code === 'invalid-range') read = readOnce(target)
    if (!read.ok) throw new CliError(read.message, READ_EXIT[read.code])
    const bytes = read.bytes.subarray(0, Math.min(read.bytes.byteLength, sizeBytes))
    const { value, truncated } = createDecoder(layout, { bigEndian: args.bigEndian })(bytes)
    if (truncated) {
      process.stderr.write(`shmscope: warning: ${layout.typeName} is ${sizeBytes} bytes but the segment has ${bytes.byteLength}; decoded what fits\n`)
    }
    const sample: DecodedSample = { target: targetText, type: layout.typeName, abi: layout.abi, takenAtMs: read.takenAtMs, torn: read.torn, value }
    if (truncated) sample.truncated = true
    if (target.kind !== 'posix') Object.assign(sample, await attachInfo(target.kind === 'sysv' ? target.shmid : undefined, target.kind === 'sysv-key' ? target.key : undefined))
    if (args.json) {
      process.stdout.write(`${JSON.stringify(sample)}\n`)
      return EXIT.ok
    }
    const lines = valueLines(value)
    const width = Math.max(0, ...lines.map(([p]) => p.length))
    const title = `${layout.typeName} in ${targetText} (${layout.abi}, ${bytes.byteLength} of ${sizeBytes} bytes${read.torn ? ', torn: a writer was busy' : ''})`
    process.stdout.write([title, ...lines.map(([p, v]) => `${p.padEnd(width)}  ${v}`)].join('\n') + '\n')
    return EXIT.ok
  }
}
