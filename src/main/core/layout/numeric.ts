// numericLeaves/createNumericDecoder: one number per numeric leaf, for history series.
import type { LayoutEngine } from './engine'
import { arrayShape } from './flatten'
import type { Layout } from './index'
import { bitfieldLeaf, isTextElement, scalarLeaf } from './leaves'
import type { CType } from './model'
import type { Bytes } from './scalars'

/** Past this many leaves, further array elements are left out of the series. */
export const MAX_NUMERIC_LEAVES = 10_000

interface NumLeaf {
  path: string
  read: (b: Bytes) => number
}

const join = (path: string, name: string): string => (path ? `${path}.${name}` : name)

function collect(layout: Layout, le: boolean): NumLeaf[] {
  const engine: LayoutEngine = layout.engine
  const out: NumLeaf[] = []
  const visit = (t: CType, offBits: number, path: string): void => {
    if (out.length >= MAX_NUMERIC_LEAVES) return
    const r = engine.resolve(t)
    if (r.k === 'record') {
      for (const p of engine.recordLayout(r.rec).members) {
        const m = p.member
        const bits = offBits + p.offsetBits
        if (p.bitWidth !== undefined) {
          const num = bitfieldLeaf(m.type, bits, p.bitWidth, engine, le).num
          out.push({ path: join(path, m.name ?? ''), read: (b) => num(b, 0) })
        } else visit(m.type, bits, m.name === undefined ? path : join(path, m.name))
      }
      return
    }
    const shape = arrayShape(t, engine)
    if (shape) {
      if (isTextElement(shape.elem)) return
      const elemSize = engine.typeInfo(shape.elem).sizeBytes
      const count = shape.dims.reduce((a, b) => a * b, 1)
      for (let i = 0; i < count && out.length < MAX_NUMERIC_LEAVES; i++) {
        let rem = i
        let idx = ''
        for (let d = shape.dims.length - 1; d >= 0; d--) {
          const dim = shape.dims[d] as number
          idx = `[${rem % dim}]` + idx
          rem = Math.floor(rem / dim)
        }
        visit(shape.elem, offBits + i * elemSize * 8, path + idx)
      }
      return
    }
    const leaf = scalarLeaf(t, engine, le)
    const num = leaf?.num
    if (!leaf || !num) return
    const o = offBits / 8
    const end = o + leaf.sizeBytes
    out.push({ path, read: (b) => (end <= b.len ? num(b, o) : NaN) })
  }
  visit(layout.root, 0, '')
  return out
}

/** The numeric leaves of a layout (integers, floats, enums, bools, bitfields; array elements too; not strings or pointers). */
export function numericLeaves(layout: Layout): { path: string }[] {
  return collect(layout, true).map((l) => ({ path: l.path }))
}

/** Fills `out[i]` with leaf i of numericLeaves(layout); NaN where the bytes end first. */
export function createNumericDecoder(layout: Layout, opts: { bigEndian?: boolean } = {}): (bytes: Uint8Array, out: Float64Array) => void {
  const leaves = collect(layout, !opts.bigEndian).map((l) => l.read)
  const n = leaves.length
  return (bytes, out) => {
    const b: Bytes = { dv: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), u8: bytes, len: bytes.byteLength }
    const m = Math.min(n, out.length)
    for (let i = 0; i < m; i++) out[i] = (leaves[i] as (b: Bytes) => number)(b)
  }
}
