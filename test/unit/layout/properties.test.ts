// Property-based checks: any input gives a Layout or a LayoutError; layouts are self-consistent.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileHeader, createDecoder, createNumericDecoder, LayoutError, layoutOf, numericLeaves } from '../../../src/main/core/layout/index'
import { ABIS, type Abi, type LayoutField } from '../../../src/shared/layout'

const SCALARS = ['char', 'unsigned char', 'short', 'int', 'unsigned', 'long', 'long long', 'float', 'double', 'long double', 'void *', '_Bool', 'uint16_t', 'int64_t', 'size_t']
const BITFIELD_TYPES = ['unsigned', 'int', 'unsigned char', 'short', 'unsigned long long', '_Bool']

interface Decl {
  text: string
}

/** A random member declaration; some are deliberately invalid (over-wide bitfields). */
const member = (depth: number, i: number): fc.Arbitrary<Decl> =>
  fc.oneof(
    fc.record({ t: fc.constantFrom(...SCALARS), n: fc.integer({ min: 0, max: 3 }) }).map(({ t, n }) => ({ text: `${t} m${i}${n ? `[${n}]` : ''};` })),
    fc.record({ t: fc.constantFrom(...BITFIELD_TYPES), w: fc.integer({ min: 0, max: 34 }), named: fc.boolean() }).map(({ t, w, named }) => ({
      text: `${t} ${named && w > 0 ? `m${i}` : ''}:${w};`
    })),
    fc.record({ a: fc.constantFrom(1, 2, 4, 8, 16, 3), t: fc.constantFrom(...SCALARS) }).map(({ a, t }) => ({ text: `${t} m${i} __attribute__((aligned(${a})));` })),
    // Anonymous members would flatten into the parent's paths; the corpus covers those.
    depth > 0 ? record(depth - 1).map((body) => ({ text: `${body} m${i};` })) : fc.constant({ text: `int m${i};` })
  )

const record = (depth: number): fc.Arbitrary<string> =>
  fc
    .record({
      kind: fc.constantFrom('struct', 'union'),
      packed: fc.boolean(),
      count: fc.integer({ min: 1, max: 6 }),
      seed: fc.array(fc.nat(), { minLength: 6, maxLength: 6 })
    })
    .chain(({ kind, packed, count }) =>
      fc.tuple(...Array.from({ length: count }, (_, i) => member(depth, i))).map(
        (ms) => `${kind} ${packed ? '__attribute__((packed)) ' : ''}{ ${ms.map((m) => m.text).join(' ')} }`
      )
    )

const header = fc.record({ body: record(2), pack: fc.constantFrom(0, 0, 1, 2, 4, 8) }).map(({ body, pack }) => {
  const pre = pack ? `#pragma pack(push, ${pack})\n` : ''
  const post = pack ? '\n#pragma pack(pop)' : ''
  return { text: `#include <stdint.h>\n${pre}typedef ${body} T;${post}\n`, pack }
})

function overlaps(a: LayoutField, b: LayoutField): boolean {
  const bits = (f: LayoutField): [number, number] =>
    f.bitOffset !== undefined && f.bitWidth !== undefined ? [f.bitOffset, f.bitOffset + f.bitWidth] : [f.offsetBytes * 8, (f.offsetBytes + f.sizeBytes) * 8]
  const [a0, a1] = bits(a)
  const [b0, b1] = bits(b)
  return a0 < b1 && b0 < a1
}

describe('properties', () => {
  it('arbitrary text yields a Header/Layout or a LayoutError, nothing else', async () => {
    const cish = fc.array(
      fc.constantFrom('struct', 'union', 'enum', 'typedef', '{', '}', ';', 'int', 'x', ':', '3', '[', ']', '(', ')', '*', '#define N 4\n', '#pragma pack(push, 2)\n', '__attribute__((packed))', 'N', ',', '=', '-', '/*', '*/', '\n', 'char', 'T', 'sizeof', '_Alignas(8)'),
      { maxLength: 40 }
    )
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), cish.map((a) => a.join(' '))), fc.constantFrom(...ABIS), async (text, abi) => {
        try {
          const h = await compileHeader(text)
          for (const name of [...h.typeNames(), 'T', 'struct x']) {
            try {
              layoutOf(h, name, abi)
            } catch (err) {
              if (!(err instanceof LayoutError)) throw err
            }
          }
        } catch (err) {
          if (!(err instanceof LayoutError)) throw err
        }
      }),
      { numRuns: 300 }
    )
  })

  it('random records: aligned sizes, members inside, no overlap except in unions, aligned members when not packed', async () => {
    let laidOut = 0
    await fc.assert(
      fc.asyncProperty(header, fc.constantFrom<Abi>(...ABIS), async ({ text, pack }, abi) => {
        let l
        try {
          l = layoutOf(await compileHeader(text), 'T', abi)
        } catch (err) {
          if (err instanceof LayoutError) return // e.g. an over-wide bitfield: a LayoutError is the right answer
          throw err
        }
        laidOut++
        const { sizeBytes, alignBytes, fields } = l.json
        expect(alignBytes & (alignBytes - 1)).toBe(0)
        expect(sizeBytes % alignBytes).toBe(0)
        for (const f of fields) expect(f.offsetBytes + f.sizeBytes).toBeLessThanOrEqual(sizeBytes)
        const top = fields.filter((f) => !/[.[]/.test(f.path))
        const isUnion = text.includes('typedef union')
        for (let i = 0; i < top.length; i++) {
          for (let j = i + 1; j < top.length; j++) {
            const a = top[i] as LayoutField
            const b = top[j] as LayoutField
            if (isUnion) expect(Math.min(a.offsetBytes, b.offsetBytes)).toBe(0)
            else if (a.sizeBytes > 0 && b.sizeBytes > 0) expect(overlaps(a, b), `${a.path} / ${b.path} in ${text}`).toBe(false)
          }
        }
        if (!pack && !text.includes('packed')) {
          const h = await compileHeader(`#include <stdint.h>\n${text}`)
          for (const f of top) {
            if (f.bitOffset !== undefined || f.type.includes('<anonymous>')) continue
            const elem = f.type.replace(/\[\d+\]$/, '')
            const probe = await compileHeader(`#include <stdint.h>\ntypedef ${elem} P;`).catch(() => h)
            const align = layoutOf(probe, 'P', abi).json.alignBytes
            expect(f.offsetBytes % align, `${f.path} (${f.type}) at ${f.offsetBytes}`).toBe(0)
          }
        }
      }),
      { numRuns: 200 }
    )
    expect(laidOut, 'enough random records must lay out to mean something').toBeGreaterThan(25)
  })

  it('decoders never throw, whatever the bytes and their length, in either byte order', async () => {
    await fc.assert(
      fc.asyncProperty(header, fc.constantFrom<Abi>(...ABIS), fc.uint8Array({ maxLength: 600 }), fc.boolean(), async ({ text }, abi, bytes, bigEndian) => {
        let l
        try {
          l = layoutOf(await compileHeader(text), 'T', abi)
        } catch (err) {
          if (err instanceof LayoutError) return
          throw err
        }
        const { value, truncated } = createDecoder(l, { bigEndian })(bytes)
        expect(truncated).toBe(bytes.length < l.json.sizeBytes)
        const top = [...new Set(l.json.fields.filter((f) => !/[.[]/.test(f.path)).map((f) => f.path))]
        expect(Object.keys(value as object).sort()).toEqual(top.sort())
        const out = new Float64Array(numericLeaves(l).length)
        createNumericDecoder(l, { bigEndian })(bytes, out) // must not throw
      }),
      { numRuns: 200 }
    )
  })
})
