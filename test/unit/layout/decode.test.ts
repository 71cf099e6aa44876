// Decoding: values written at the offsets the layout reports come back as CONTRACT.md says.
import { describe, expect, it } from 'vitest'
import { compileHeader, createDecoder, createNumericDecoder, layoutOf, numericLeaves, type Layout } from '../../../src/main/core/layout/index'
import type { Abi } from '../../../src/shared/layout'

async function lay(source: string, type: string, abi: Abi = 'x86_64'): Promise<Layout> {
  return layoutOf(await compileHeader(source), type, abi)
}
const off = (l: Layout, path: string): number => {
  const f = l.json.fields.find((x) => x.path === path)
  if (!f) throw new Error(`no field ${path}`)
  return f.offsetBytes
}

describe('createDecoder', () => {
  it('decodes shared_data_t', async () => {
    const l = await lay('typedef struct { int counter; char message[256]; int ready; } shared_data_t;', 'shared_data_t')
    const bytes = new Uint8Array(l.json.sizeBytes)
    const dv = new DataView(bytes.buffer)
    dv.setInt32(off(l, 'counter'), -42, true)
    bytes.set(new TextEncoder().encode('héllo\0junk'), off(l, 'message'))
    dv.setInt32(off(l, 'ready'), 1, true)
    expect(createDecoder(l)(bytes)).toEqual({ value: { counter: -42, message: 'héllo', ready: 1 }, truncated: false })
  })

  it('decodes enums by name, bools, pointers, 64-bit integers and nested arrays', async () => {
    const src = `#include <stdint.h>
      enum Mode { OFF, ON = 5 };
      struct P { uint16_t x, y; };
      struct S { enum Mode m; enum Mode other; _Bool b; void *p; uint64_t big; int64_t neg; int64_t small;
                 struct P pts[2]; char names[2][4]; double d; float grid[2][2]; };`
    const l = await lay(src, 'S')
    const bytes = new Uint8Array(l.json.sizeBytes)
    const dv = new DataView(bytes.buffer)
    dv.setInt32(off(l, 'm'), 5, true)
    dv.setInt32(off(l, 'other'), 7, true)
    bytes[off(l, 'b')] = 1
    dv.setBigUint64(off(l, 'p'), 0x7ffd12345678n, true)
    dv.setBigUint64(off(l, 'big'), 0xffffffffffffffffn, true)
    dv.setBigInt64(off(l, 'neg'), -(2n ** 60n), true)
    dv.setBigInt64(off(l, 'small'), -123456789012n, true)
    dv.setUint16(off(l, 'pts') + 4, 7, true)
    bytes.set([65, 66, 0, 0, 67, 68, 69, 70], off(l, 'names'))
    dv.setFloat64(off(l, 'd'), 98.6, true)
    dv.setFloat32(off(l, 'grid') + 12, 1.5, true)
    expect(createDecoder(l)(bytes).value).toEqual({
      m: 'ON', other: 7, b: true, p: '0x7ffd12345678', big: '18446744073709551615', neg: String(-(2n ** 60n)), small: -123456789012,
      pts: [{ x: 0, y: 0 }, { x: 7, y: 0 }], names: ['AB', 'CDEF'], d: 98.6, grid: [[0, 0], [0, 1.5]]
    })
  })

  it('decodes bitfields at the positions the layout reports, signed and unsigned, both byte orders', async () => {
    const l = await lay('struct S { unsigned a:3; int b:5; unsigned long long c:40; _Bool d:1; };', 'S')
    const set = (bytes: Uint8Array, path: string, value: bigint, le: boolean): void => {
      const f = l.json.fields.find((x) => x.path === path)
      if (f?.bitOffset === undefined || f.bitWidth === undefined) throw new Error('not a bitfield')
      for (let i = 0; i < f.bitWidth; i++) {
        if (!((value >> BigInt(i)) & 1n)) continue
        const bit = f.bitOffset + i
        const byte = Math.floor(bit / 8)
        // Little-endian numbers bits from the LSB up; big-endian from the MSB of the field's bytes.
        if (le) bytes[byte] = (bytes[byte] as number) | (1 << (bit % 8))
        else {
          const pos = f.bitOffset + f.bitWidth - 1 - i
          bytes[Math.floor(pos / 8)] = (bytes[Math.floor(pos / 8)] as number) | (0x80 >> (pos % 8))
        }
      }
    }
    for (const le of [true, false]) {
      const bytes = new Uint8Array(l.json.sizeBytes)
      set(bytes, 'a', 5n, le)
      set(bytes, 'b', 0b11101n, le) // -3 in 5 bits
      set(bytes, 'c', 0xabcdef1234n, le)
      set(bytes, 'd', 1n, le)
      expect(createDecoder(l, { bigEndian: !le })(bytes).value).toEqual({ a: 5, b: -3, c: 0xabcdef1234, d: true })
    }
  })

  it('reads big-endian integers and floats when asked', async () => {
    const l = await lay('struct S { unsigned short a; int b; double c; };', 'S')
    const bytes = new Uint8Array(l.json.sizeBytes)
    const dv = new DataView(bytes.buffer)
    dv.setUint16(0, 0x1234, false)
    dv.setInt32(4, -2, false)
    dv.setFloat64(8, 2.5, false)
    expect(createDecoder(l, { bigEndian: true })(bytes).value).toEqual({ a: 0x1234, b: -2, c: 2.5 })
  })

  it('decodes what fits when the bytes are shorter than the layout', async () => {
    const l = await lay('struct S { int a; char s[8]; int b; };', 'S')
    const bytes = new Uint8Array(8)
    new DataView(bytes.buffer).setInt32(0, 9, true)
    bytes.set([104, 105, 33, 33], 4)
    expect(createDecoder(l)(bytes)).toEqual({ value: { a: 9, s: 'hi!!', b: null }, truncated: true })
  })

  it('decodes a flexible array member as far as the bytes go', async () => {
    const l = await lay('struct S { int count; short vals[]; }; struct T { int n; char text[]; };', 'S')
    const bytes = new Uint8Array(4 + 3 * 2 + 1)
    new DataView(bytes.buffer).setInt16(4 + 2, -3, true)
    expect(createDecoder(l)(bytes)).toEqual({ value: { count: 0, vals: [0, -3, 0] }, truncated: false })
    const t = layoutOf(await compileHeader('struct T { int n; char text[]; };'), 'T', 'x86_64')
    expect(createDecoder(t)(new Uint8Array([1, 0, 0, 0, 104, 105, 0, 120])).value).toEqual({ n: 1, text: 'hi' })
  })

  it('decodes long double on x86_64 (x87), aarch64 (binary128) and armhf (double)', async () => {
    const src = 'struct S { long double v; };'
    const x = await lay(src, 'S', 'x86_64')
    const bx = new Uint8Array(16)
    new DataView(bx.buffer).setBigUint64(0, 0xc000000000000000n, true) // 1.5 = 1.1b × 2^0
    new DataView(bx.buffer).setUint16(8, 16383, true)
    expect(createDecoder(x)(bx).value).toEqual({ v: 1.5 })
    const a = await lay(src, 'S', 'aarch64')
    const ba = new Uint8Array(16)
    new DataView(ba.buffer).setUint32(12, (16384 << 16) | 0x8000, true) // 3 = 1.1b × 2^1
    expect(createDecoder(a)(ba).value).toEqual({ v: 3 })
    const h = await lay(src, 'S', 'armhf')
    const bh = new Uint8Array(8)
    new DataView(bh.buffer).setFloat64(0, -0.25, true)
    expect(createDecoder(h)(bh).value).toEqual({ v: -0.25 })
  })

  it('decodes 32-bit layouts with 4-byte pointers', async () => {
    const l = await lay('struct S { char c; void *p; long long v; };', 'S', 'i386')
    expect(l.json.sizeBytes).toBe(16)
    const bytes = new Uint8Array(16)
    new DataView(bytes.buffer).setUint32(4, 0xdeadbeef, true)
    new DataView(bytes.buffer).setBigInt64(8, -5n, true)
    expect(createDecoder(l)(bytes).value).toEqual({ c: 0, p: '0xdeadbeef', v: -5 })
  })
})

describe('numeric decoder', () => {
  it('lists numeric leaves (not strings or pointers) and fills one number each, NaN past the end', async () => {
    const l = await lay('enum E { A = 2 }; struct S { int a; char name[4]; double v[2]; enum E e; unsigned f:4; void *p; struct { short x; } in; };', 'S')
    expect(numericLeaves(l).map((x) => x.path)).toEqual(['a', 'v[0]', 'v[1]', 'e', 'f', 'in.x'])
    const bytes = new Uint8Array(l.json.sizeBytes)
    const dv = new DataView(bytes.buffer)
    dv.setInt32(off(l, 'a'), 7, true)
    dv.setFloat64(off(l, 'v') + 8, 0.5, true)
    dv.setInt32(off(l, 'e'), 2, true)
    bytes[off(l, 'f')] = 0xf9
    dv.setInt16(off(l, 'in.x'), -4, true)
    const out = new Float64Array(6)
    createNumericDecoder(l)(bytes, out)
    expect(Array.from(out)).toEqual([7, 0, 0.5, 2, 9, -4])
    createNumericDecoder(l)(bytes.subarray(0, 16), out)
    expect(Array.from(out).map((v) => (Number.isNaN(v) ? 'NaN' : v))).toEqual([7, 0, 'NaN', 'NaN', 'NaN', 'NaN'])
  })
})
