// Decoding plans for scalar members: one reader per C type, built once per layout.
import type { DecodedValue } from '../../../shared/layout'
import type { LayoutEngine } from './engine'
import type { CType, EnumDecl } from './model'
import { enumValues } from './constants'
import { bitfieldReader, floatReader, intReader, pointerReader, type Bytes } from './scalars'

export interface Leaf {
  sizeBytes: number
  /** The JSON value (caller checks that the bytes are present). */
  value: (b: Bytes, o: number) => DecodedValue
  /** A number for history series; undefined for pointers. */
  num: ((b: Bytes, o: number) => number) | undefined
}

const toNumber = (v: number | string): number => (typeof v === 'number' ? v : Number(v))

/** Names of an enum's values by number (the first name wins for duplicates). */
export function enumNames(en: EnumDecl, engine: LayoutEngine): Map<number, string> {
  const names = new Map<number, string>()
  const values = enumValues(en, engine.ctx)
  ;(en.entries ?? []).forEach((e, i) => {
    const v = Number(values[i] ?? 0n)
    if (!names.has(v)) names.set(v, e.name)
  })
  return names
}

/** The reader of a non-aggregate type; undefined for records and arrays. */
export function scalarLeaf(t: CType, engine: LayoutEngine, le: boolean): Leaf | undefined {
  const r = engine.resolve(t)
  switch (r.k) {
    case 'prim': {
      const p = engine.prim(r)
      if (p.cls === 'bool') return { sizeBytes: 1, value: (b, o) => b.u8[o] !== 0, num: (b, o) => (b.u8[o] !== 0 ? 1 : 0) }
      if (p.cls === 'float') {
        const read = floatReader(p.sizeBytes, engine.info, le)
        return { sizeBytes: p.sizeBytes, value: read, num: read }
      }
      if (p.cls === 'void') return undefined
      const read = intReader(p.sizeBytes, p.cls === 'signed', le)
      return { sizeBytes: p.sizeBytes, value: read, num: (b, o) => toNumber(read(b, o)) }
    }
    case 'ptr': {
      const size = engine.info.pointerBytes
      return { sizeBytes: size, value: pointerReader(size, le), num: undefined }
    }
    case 'enum': {
      const p = engine.enumPrim(r.en)
      const read = intReader(p.sizeBytes, p.cls === 'signed', le)
      const names = enumNames(r.en, engine)
      return {
        sizeBytes: p.sizeBytes,
        value: (b, o) => {
          const v = read(b, o)
          return (typeof v === 'number' ? names.get(v) : undefined) ?? v
        },
        num: (b, o) => toNumber(read(b, o))
      }
    }
    default:
      return undefined
  }
}

/** A bitfield's reader, relative to the start of its record; null when its bytes are missing. */
export function bitfieldLeaf(t: CType, bitOffset: number, width: number, engine: LayoutEngine, le: boolean): {
  value: (b: Bytes, base: number) => DecodedValue
  num: (b: Bytes, base: number) => number
} {
  const r = engine.resolve(t)
  let signed = false
  let names: Map<number, string> | undefined
  let bool = false
  if (r.k === 'enum') {
    signed = engine.enumPrim(r.en).cls === 'signed'
    names = enumNames(r.en, engine)
  } else if (r.k === 'prim') {
    const p = engine.prim(r)
    signed = p.cls === 'signed'
    bool = p.cls === 'bool'
  }
  const read = bitfieldReader(bitOffset, width, signed, le)
  const num = (b: Bytes, base: number): number => {
    const v = read(b, base)
    return v === null ? NaN : toNumber(v)
  }
  if (bool) return { value: (b, base) => { const v = read(b, base); return v === null ? null : v !== 0 }, num }
  if (names) {
    const n = names
    return { value: (b, base) => { const v = read(b, base); return typeof v === 'number' ? (n.get(v) ?? v) : v }, num }
  }
  return { value: read, num }
}

/** Whether an array of this element type decodes as a string: plain char, signed char or unsigned char as spelled. */
export function isTextElement(elem: CType): boolean {
  return elem.k === 'prim' && (elem.p === 'char' || elem.p === 'schar' || elem.p === 'uchar')
}
