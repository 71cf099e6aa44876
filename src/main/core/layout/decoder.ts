// createDecoder: one closure tree per layout that turns a sample's bytes into JSON values.
import type { DecodedValue } from '../../../shared/layout'
import type { LayoutEngine } from './engine'
import { arrayShape } from './flatten'
import type { Layout } from './index'
import { bitfieldLeaf, isTextElement, scalarLeaf } from './leaves'
import type { CType } from './model'
import { cString, type Bytes } from './scalars'

export interface DecodeResult {
  value: DecodedValue
  /** The bytes were shorter than the layout: members past the end are null. */
  truncated: boolean
}

type Reader = (b: Bytes, base: number) => DecodedValue

/** Builds the decoder of a layout once; each call decodes one sample (little-endian unless told). */
export function createDecoder(layout: Layout, opts: { bigEndian?: boolean } = {}): (bytes: Uint8Array) => DecodeResult {
  const le = !opts.bigEndian
  const read = readerOf(layout.root, 0, layout.engine, le)
  const sizeBytes = layout.json.sizeBytes
  return (bytes) => {
    const b: Bytes = { dv: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), u8: bytes, len: bytes.byteLength }
    return { value: read(b, 0), truncated: bytes.byteLength < sizeBytes }
  }
}

/** A reader for a value of type `t` at byte `off` from the base it is given. */
function readerOf(t: CType, off: number, engine: LayoutEngine, le: boolean): Reader {
  const r = engine.resolve(t)
  if (r.k === 'record') return recordReader(r, off, engine, le)
  const shape = arrayShape(t, engine)
  if (shape) return arrayReader(shape.dims, shape.elem, off, engine, le, r.k === 'array' && r.len === undefined)
  const leaf = scalarLeaf(t, engine, le)
  if (!leaf) return () => null
  const { sizeBytes, value } = leaf
  return (b, base) => {
    const o = base + off
    return o + sizeBytes <= b.len ? value(b, o) : null
  }
}

function recordReader(r: CType & { k: 'record' }, off: number, engine: LayoutEngine, le: boolean): Reader {
  const keys: string[] = []
  const readers: Reader[] = []
  const collect = (rec: CType & { k: 'record' }, baseBits: number): void => {
    for (const p of engine.recordLayout(rec.rec).members) {
      const m = p.member
      const bits = baseBits + p.offsetBits
      if (p.bitWidth !== undefined) {
        keys.push(m.name ?? '')
        readers.push(bitfieldLeaf(m.type, bits, p.bitWidth, engine, le).value)
      } else if (m.name === undefined) {
        const inner = engine.resolve(m.type)
        if (inner.k === 'record') collect(inner, bits)
      } else {
        keys.push(m.name)
        readers.push(readerOf(m.type, bits / 8, engine, le))
      }
    }
  }
  collect(r, off * 8)
  return objectBuilder(keys, readers)
}

/**
 * An object literal with the record's member names, so V8 gives every sample the same
 * hidden class (several times faster than adding keys in a loop for wide records).
 * The keys are C identifiers, checked again here before they become source text.
 */
function objectBuilder(keys: string[], readers: Reader[]): Reader {
  const safe = keys.every((k) => /^[A-Za-z_]\w*$/.test(k) && k !== '__proto__') && new Set(keys).size === keys.length
  if (safe) {
    try {
      const body = keys.map((k, i) => `${k}: r[${i}](b, base)`).join(',\n')
      return new Function('r', `return (b, base) => ({\n${body}\n})`)(readers) as Reader
    } catch {
      // A Content-Security-Policy without 'unsafe-eval': the loop below is slower but equal.
    }
  }
  const n = keys.length
  return (b, base) => {
    const out: { [member: string]: DecodedValue } = {}
    for (let i = 0; i < n; i++) {
      Object.defineProperty(out, keys[i] as string, { value: (readers[i] as Reader)(b, base), enumerable: true, writable: true, configurable: true })
    }
    return out
  }
}

/** Elements of a flexible array member decoded at most (the rest of a segment can be large). */
export const MAX_FLEXIBLE_ELEMENTS = 65536

/**
 * A (possibly multi-dimensional) array. A flexible array member (`T x[]`) has as many
 * elements as the bytes after it hold, up to MAX_FLEXIBLE_ELEMENTS.
 */
function arrayReader(dims: number[], elem: CType, off: number, engine: LayoutEngine, le: boolean, flexible = false): Reader {
  const elemSize = engine.typeInfo(elem).sizeBytes
  const [first, ...rest] = dims
  const fixed = first ?? 0
  const stride = rest.reduce((a, d) => a * d, 1) * elemSize
  const count = flexible
    ? (b: Bytes, o: number): number => (stride > 0 ? Math.min(MAX_FLEXIBLE_ELEMENTS, Math.max(0, Math.floor((b.len - o) / stride))) : 0)
    : (): number => fixed
  if (rest.length === 0 && isTextElement(elem)) {
    return (b, base) => {
      const o = base + off
      const n = flexible ? b.len - o : fixed
      return o < b.len || n === 0 ? cString(b.u8, o, Math.min(o + n, b.len)) : null
    }
  }
  const item = rest.length ? arrayReader(rest, elem, 0, engine, le) : readerOf(elem, 0, engine, le)
  return (b, base) => {
    const o = base + off
    const n = count(b, o)
    const out: DecodedValue[] = new Array<DecodedValue>(n)
    for (let i = 0; i < n; i++) out[i] = item(b, o + i * stride)
    return out
  }
}
