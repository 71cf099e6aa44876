// Random records (fast-check, fixed seed) laid out by shmscope and by the real compilers of
// all four ABIs: bitfields, packing, alignment attributes and nesting in combinations nobody
// would write by hand.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileHeader, LayoutError, layoutOf } from '../../../src/main/core/layout/index'
import { ABIS, type Abi } from '../../../src/shared/layout'
import { compilerFacts } from './oracle'

const SCALARS = ['char', 'signed char', 'unsigned char', 'short', 'int', 'unsigned', 'long', 'long long', 'float', 'double', 'long double', 'void *', '_Bool', 'uint16_t', 'int64_t', 'size_t']
const BITFIELD_TYPES: [string, number][] = [['unsigned', 32], ['int', 32], ['unsigned char', 8], ['short', 16], ['unsigned long long', 64], ['long long', 64], ['_Bool', 1], ['char', 8]]

const member = (depth: number): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ t: fc.constantFrom(...SCALARS), n: fc.integer({ min: 0, max: 3 }) }).map(({ t, n }) => `${t} @${n ? `[${n}]` : ''};`) },
    {
      weight: 4,
      arbitrary: fc
        .record({ t: fc.constantFrom(...BITFIELD_TYPES), w: fc.nat(), named: fc.integer({ min: 0, max: 4 }) })
        .map(({ t: [t, max], w, named }) => {
          const width = w % (max + 1)
          return named && width > 0 ? `${t} @:${width};` : `${t} :${width};`
        })
    },
    { weight: 1, arbitrary: fc.record({ a: fc.constantFrom(1, 2, 4, 8, 16), t: fc.constantFrom(...SCALARS) }).map(({ a, t }) => `${t} @ __attribute__((aligned(${a})));`) },
    // _Alignas may not lower alignment (a compile error), so only large values.
    { weight: 1, arbitrary: fc.record({ a: fc.constantFrom(16, 32), t: fc.constantFrom(...SCALARS) }).map(({ a, t }) => `_Alignas(${a}) ${t} @;`) },
    { weight: 1, arbitrary: depth > 0 ? record(depth - 1).map((body) => `${body} @;`) : fc.constant('int @;') },
    { weight: 1, arbitrary: depth > 0 ? record(depth - 1).map((body) => `${body};`) : fc.constant('short @;') },
    { weight: 1, arbitrary: depth > 0 ? record(depth - 1).map((body) => `${body} @[2];`) : fc.constant('char @[3];') }
  )

const record = (depth: number): fc.Arbitrary<string> =>
  fc
    .record({ kind: fc.constantFrom('struct', 'struct', 'union'), packed: fc.integer({ min: 0, max: 4 }), aligned: fc.constantFrom(0, 0, 0, 8, 32) })
    .chain(({ kind, packed, aligned }) =>
      fc.array(member(depth), { minLength: 1, maxLength: 7 }).map((ms) => {
        const attrs = [packed === 0 ? 'packed' : '', aligned ? `aligned(${aligned})` : ''].filter(Boolean)
        return `${kind} ${attrs.length ? `__attribute__((${attrs.join(', ')})) ` : ''}{ ${ms.join(' ')} }`
      })
    )

const typedefs = fc.record({ body: record(2), pack: fc.constantFrom(0, 0, 0, 1, 2, 4, 8) })

/** A header of `count` random types R0..R{count-1}, members named uniquely. */
function randomHeader(seed: number, count: number): { text: string; names: string[] } {
  const samples = fc.sample(typedefs, { seed, numRuns: count })
  let n = 0
  const lines = ['#include <stdint.h>', '#include <stddef.h>', '#include <stdbool.h>']
  const names: string[] = []
  samples.forEach(({ body, pack }, i) => {
    // A record must have a named member somewhere; give it one at the front.
    const named = body.replace(/\{ /, '{ char first; ').replace(/@/g, () => `m${n++}`)
    if (pack) lines.push(`#pragma pack(push, ${pack})`)
    lines.push(`typedef ${named} R${i};`)
    if (pack) lines.push('#pragma pack(pop)')
    names.push(`R${i}`)
  })
  return { text: lines.join('\n') + '\n', names }
}

describe('random records', () => {
  describe.each(ABIS)('%s', (abi: Abi) => {
    it('match the compiler (120 types)', async () => {
      const seed = Number(process.env['SHMSCOPE_LAYOUT_SEED'] ?? 20261122)
      const { text, names } = randomHeader(seed, 120)
      const header = await compileHeader(text, { file: 'random.h' })
      const layouts = names.map((name) => {
        try {
          return layoutOf(header, name, abi)
        } catch (err) {
          if (err instanceof LayoutError) throw new Error(`${name}: ${err.message}\n${text}`, { cause: err })
          throw err
        }
      })
      const facts = await compilerFacts(text, layouts.map((l) => ({ typeName: l.typeName, fields: l.json.fields })), abi)
      const mismatches: string[] = []
      layouts.forEach((l, i) => {
        const want = facts[i]
        if (!want) throw new Error('oracle returned too few answers')
        if (l.json.sizeBytes !== want.sizeBytes || l.json.alignBytes !== want.alignBytes) {
          mismatches.push(`${l.typeName}: size/align ${l.json.sizeBytes}/${l.json.alignBytes}, compiler ${want.sizeBytes}/${want.alignBytes}`)
        }
        for (const f of l.json.fields) {
          const w = want.fields.get(f.path)
          for (const key of ['offsetBytes', 'sizeBytes', 'bitOffset', 'bitWidth'] as const) {
            if (w?.[key] !== undefined && f[key] !== w[key]) mismatches.push(`${l.typeName}.${f.path}: ${key} ${f[key]}, compiler ${w[key]}`)
          }
        }
      })
      const shown = mismatches.slice(0, 20)
      const sources = [...new Set(mismatches.map((m) => m.split(/[.:]/)[0]))].slice(0, 3).map((n) => text.split('\n').find((line) => line.endsWith(` ${n};`)))
      expect({ shown, sources }).toEqual({ shown: [], sources: [] })
    })
  })
})
