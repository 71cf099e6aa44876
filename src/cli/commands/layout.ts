// `shmscope layout <file.h> --type <Name> [--abi A] [--json]`: a C type's computed layout.
import type { Abi, LayoutJson } from '../../shared/layout'
import { ABIS } from '../../shared/layout'
import type { CommandModule } from '../command'
import { EXIT, usageError } from '../errors'
import { readHeaderSource } from '../headerSource'
import { compileHeader, formatLayoutError, hostAbi, isAbi, LayoutError, layoutOf, type Layout } from '../../main/core/layout/index'

export interface LayoutArgs {
  positional: string[]
  header?: string
  type?: string
  abi: Abi
  json: boolean
  bigEndian: boolean
}

/** Parses the options `layout` and `decode` share; `header` comes from --layout or the first positional. */
export function parseLayoutArgs(argv: string[], allowed: string[]): LayoutArgs {
  const out: LayoutArgs = { positional: [], abi: hostAbi(), json: false, bigEndian: false }
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] as string
    const eq = raw.indexOf('=')
    const name = raw.startsWith('--') && eq > 0 ? raw.slice(0, eq) : raw
    const inline = raw.startsWith('--') && eq > 0 ? raw.slice(eq + 1) : undefined
    const value = (): string => {
      const v = inline ?? argv[++i]
      if (v === undefined || v === '') throw usageError(`${name} needs a value`)
      return v
    }
    if (!name.startsWith('--') || name === '--') {
      out.positional.push(raw)
      continue
    }
    if (!allowed.includes(name)) throw usageError(`unknown option '${name}'`)
    if (name === '--json') out.json = true
    else if (name === '--big-endian') out.bigEndian = true
    else if (name === '--type') out.type = value()
    else if (name === '--layout') out.header = value()
    else if (name === '--abi') {
      const abi = value()
      if (!isAbi(abi)) throw usageError(`unknown --abi '${abi}' (one of ${ABIS.join(', ')})`)
      out.abi = abi
    }
  }
  return out
}

/** Writes a LayoutError the CLI way: one line, plus the source line and a caret on a terminal. */
export function reportLayoutError(err: LayoutError): number {
  const { info } = err
  let text = `shmscope: ${formatLayoutError(info)}\n`
  if (process.stderr.isTTY && info.sourceLine !== undefined) {
    text += `  ${info.sourceLine}\n  ${' '.repeat(Math.max(0, (info.column ?? 1) - 1))}^\n`
  }
  process.stderr.write(text)
  return EXIT.layout
}

/** Reads (local includes followed), parses and lays out; LayoutErrors propagate with their file and line. */
export async function loadLayout(file: string, typeName: string, abi: Abi): Promise<Layout> {
  const header = await readHeaderSource(file)
  try {
    return layoutOf(await compileHeader(header.source, { file }), typeName, abi)
  } catch (err) {
    throw err instanceof LayoutError ? header.locate(err) : err
  }
}

/** The readable table: offset, size, type, path, with padding holes. */
export function layoutTable(json: LayoutJson): string {
  const rows: { at: number; order: number; cells: string[] }[] = []
  const covered = new Uint8Array(json.sizeBytes)
  const mark = (from: number, to: number): void => {
    covered.fill(1, Math.max(0, from), Math.min(json.sizeBytes, to))
  }
  json.fields.forEach((f, i) => {
    const next = json.fields[i + 1]
    const aggregate = next !== undefined && (next.path.startsWith(`${f.path}.`) || next.path.startsWith(`${f.path}[`))
    if (f.bitOffset !== undefined && f.bitWidth !== undefined) {
      mark(f.offsetBytes, f.offsetBytes + f.sizeBytes)
      rows.push({ at: f.offsetBytes, order: i, cells: [`${Math.floor(f.bitOffset / 8)}.${f.bitOffset % 8}`, `${f.bitWidth}b`, f.type, f.path] })
      return
    }
    if (!aggregate) mark(f.offsetBytes, f.offsetBytes + f.sizeBytes)
    else if (f.count && f.count > 1) mark(f.offsetBytes + f.sizeBytes / f.count, f.offsetBytes + f.sizeBytes)
    rows.push({ at: f.offsetBytes, order: i, cells: [String(f.offsetBytes), String(f.sizeBytes), f.type, f.path] })
  })
  // A flexible array member takes no bytes but splits the padding around it (before it, and
  // the tail padding after it).
  const boundaries = new Set(json.fields.filter((f) => f.sizeBytes === 0).map((f) => f.offsetBytes))
  for (let i = 0; i < json.sizeBytes; ) {
    if (covered[i]) {
      i++
      continue
    }
    const start = i
    while (i < json.sizeBytes && !covered[i] && (i === start || !boundaries.has(i))) i++
    rows.push({ at: start, order: -1, cells: [String(start), String(i - start), '(padding)', ''] })
  }
  rows.sort((a, b) => a.at - b.at || (a.order < 0 ? 1 : b.order < 0 ? -1 : a.order - b.order))
  const header = ['OFFSET', 'SIZE', 'TYPE', 'PATH']
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r.cells[c] as string).length)))
  const line = (cells: string[]): string =>
    cells.map((cell, c) => (c < 2 ? cell.padStart(widths[c] as number) : cell.padEnd(widths[c] as number))).join('  ').trimEnd()
  const title = `${json.type} (${json.abi}): ${json.sizeBytes} bytes, aligned to ${json.alignBytes}`
  return [title, line(header), ...rows.map((r) => line(r.cells))].join('\n')
}

export const command: CommandModule = {
  usage: 'layout <file.h> --type <Name> [--abi x86_64|aarch64|armhf|i386] [--json]',
  help: [
    'Lays out a C type from a header exactly as the compiler of the chosen ABI would.',
    '--type accepts a typedef name, a tag (SensorData), or struct X / union X.',
    `--abi defaults to this machine's (${hostAbi()}).`,
    'The table shows OFFSET and SIZE in bytes; bitfields as byte.bit and their width in bits (3b).'
  ].join('\n'),
  async run(argv: string[]): Promise<number> {
    const args = parseLayoutArgs(argv, ['--type', '--abi', '--json'])
    const [file, ...extra] = args.positional
    if (!file) throw usageError('layout needs a header file: layout <file.h> --type <Name>')
    if (extra.length) throw usageError(`unexpected argument '${extra[0]}'`)
    if (!args.type) throw usageError('layout needs --type <Name>')
    try {
      const layout = await loadLayout(file, args.type, args.abi)
      process.stdout.write(args.json ? `${JSON.stringify(layout.json, null, 2)}\n` : `${layoutTable(layout.json)}\n`)
      return EXIT.ok
    } catch (err) {
      if (err instanceof LayoutError) return reportLayoutError(err)
      throw err
    }
  }
}
