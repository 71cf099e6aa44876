// Test oracle: asks real compilers (gcc for the host, clang --target for the others) for the
// sizes, alignments, member offsets and bitfield positions of types in a header. The numbers
// come out of the data section of an object file (llvm-objcopy), cached by content hash.
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Abi, LayoutField } from '../../../src/shared/layout'

const execFileP = promisify(execFile)
const cacheDir = join(tmpdir(), 'shmscope-layout-oracle')

export interface CompilerFacts {
  sizeBytes: number
  alignBytes: number
  /** Per path: byte offset and size (non-bitfields) or bit offset and width (bitfields). */
  fields: Map<string, { offsetBytes?: number; sizeBytes?: number; bitOffset?: number; bitWidth?: number }>
}

export interface Query {
  typeName: string
  fields: LayoutField[]
}

export const COMPILERS: Record<Abi, { cmd: string; args: string[] }> = {
  x86_64: { cmd: 'gcc', args: [] },
  aarch64: { cmd: 'clang', args: ['--target=aarch64-linux-gnu', '-ffreestanding'] },
  armhf: { cmd: 'clang', args: ['--target=armv7a-linux-gnueabihf', '-mfloat-abi=hard', '-ffreestanding'] },
  i386: { cmd: 'clang', args: ['--target=i386-linux-gnu', '-ffreestanding'] }
}

const isBool = (f: LayoutField): boolean => f.type === '_Bool' || f.type === 'bool'

/** C source whose `.shmout` section holds every number the queries need. */
export function oracleSource(header: string, queries: Query[]): { source: string; numbers: string[]; unions: { q: number; path: string }[] } {
  const numbers: string[] = []
  const unions: { q: number; path: string }[] = []
  const decls: string[] = []
  const inits: string[] = []
  queries.forEach((q, i) => {
    const T = `__shm_T${i}`
    decls.push(`typedef ${q.typeName} ${T};`)
    numbers.push(`sizeof(${T})`, `_Alignof(${T})`)
    for (const f of q.fields) {
      if (f.bitWidth !== undefined) {
        const u = unions.length
        unions.push({ q: i, path: f.path })
        numbers.push(`__builtin_offsetof(struct __shm_out, u${u})`)
        inits.push(`.u${u} = { .t.${f.path} = ${isBool(f) ? 1 : -1} }`)
      } else {
        numbers.push(`__builtin_offsetof(${T}, ${f.path})`)
        if (!f.type.endsWith('[]')) numbers.push(`sizeof(((${T} *)0)->${f.path})`)
      }
    }
  })
  const unionMembers = unions.map((u, j) => `  union { __shm_T${u.q} t; unsigned char b[sizeof(__shm_T${u.q})]; } u${j};`)
  const source = [
    header,
    '',
    '/* ---- oracle ---- */',
    ...decls,
    'struct __shm_out {',
    `  unsigned long long n[${numbers.length}];`,
    ...unionMembers,
    '};',
    '__attribute__((used, section(".shmout"))) const struct __shm_out __shm_out = {',
    `  { ${numbers.join(',\n    ')} }${inits.length ? ',' : ''}`,
    `  ${inits.join(',\n  ')}`,
    '};',
    ''
  ].join('\n')
  return { source, numbers, unions }
}

async function sectionBytes(source: string, abi: Abi): Promise<Buffer> {
  mkdirSync(cacheDir, { recursive: true })
  const { cmd, args } = COMPILERS[abi]
  const hash = createHash('sha256').update(cmd).update(args.join(' ')).update(source).digest('hex').slice(0, 20)
  const bin = join(cacheDir, `${abi}-${hash}.bin`)
  if (existsSync(bin)) return readFileSync(bin)
  const src = join(cacheDir, `${abi}-${hash}.c`)
  const obj = join(cacheDir, `${abi}-${hash}.${process.pid}.o`)
  writeFileSync(src, source)
  try {
    await execFileP(cmd, [...args, '-std=gnu11', '-w', '-O0', '-c', src, '-o', obj])
  } catch (err) {
    const e = err as { stderr?: string }
    throw new Error(`${cmd} failed for ${abi}: ${(e.stderr ?? String(err)).slice(0, 2000)}`, { cause: err })
  }
  const tmp = `${bin}.${process.pid}`
  await execFileP('llvm-objcopy', ['-O', 'binary', '--only-section=.shmout', obj, tmp])
  renameSync(tmp, bin)
  return readFileSync(bin)
}

/** The compiler's answers for each query, in order. */
export async function compilerFacts(header: string, queries: Query[], abi: Abi): Promise<CompilerFacts[]> {
  const { source, unions } = oracleSource(header, queries)
  const bytes = await sectionBytes(source, abi)
  let k = 0
  const next = (): number => {
    const v = Number(bytes.readBigUInt64LE(8 * k++))
    return v
  }
  return queries.map((q, i) => {
    const facts: CompilerFacts = { sizeBytes: next(), alignBytes: next(), fields: new Map() }
    for (const f of q.fields) {
      if (f.bitWidth !== undefined) {
        const unionOffset = next()
        const u = unions.find((x) => x.q === i && x.path === f.path)
        if (!u) throw new Error('oracle: lost a bitfield')
        facts.fields.set(f.path, setBits(bytes.subarray(unionOffset, unionOffset + facts.sizeBytes)))
      } else {
        const offsetBytes = next()
        const sizeBytes = f.type.endsWith('[]') ? undefined : next()
        facts.fields.set(f.path, { offsetBytes, sizeBytes })
      }
    }
    return facts
  })
}

/** Position and count of the set bits (little-endian bit numbering); they must be contiguous. */
function setBits(bytes: Buffer): { bitOffset: number; bitWidth: number } {
  let first = -1
  let last = -1
  let count = 0
  for (let i = 0; i < bytes.length * 8; i++) {
    if (((bytes[i >> 3] as number) >> (i & 7)) & 1) {
      if (first < 0) first = i
      last = i
      count++
    }
  }
  if (count !== last - first + 1) throw new Error(`oracle: bitfield bits are not contiguous (${first}..${last}, ${count} set)`)
  return { bitOffset: first, bitWidth: count }
}
