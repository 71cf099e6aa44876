// Flattens a laid-out type into CONTRACT.md's `layout --json` field list, and spells C types.
import type { LayoutField } from '../../../shared/layout'
import { PRIM_SPELLING } from './abi'
import type { LayoutEngine } from './engine'
import type { CType } from './model'

/** C spelling of a type as the header wrote it (typedef names kept, qualifiers dropped). */
export function spell(t: CType, engine?: LayoutEngine): string {
  switch (t.k) {
    case 'prim':
      return PRIM_SPELLING[t.p]
    case 'named':
      return t.name
    case 'func':
      return t.sig
    case 'ptr': {
      if (t.to.k === 'func') return t.to.sig
      const inner = spell(t.to, engine)
      return inner.endsWith('*') ? `${inner}*` : `${inner} *`
    }
    case 'array': {
      let dims = ''
      let cur: CType = t
      while (cur.k === 'array') {
        dims += cur.len === undefined ? '[]' : `[${engine ? engine.arrayLength(cur) : '?'}]`
        cur = cur.elem
      }
      return `${spell(cur, engine)}${dims}`
    }
    case 'record':
      return `${t.rec.kind} ${t.rec.tag ?? '<anonymous>'}`
    case 'enum':
      return `enum ${t.en.tag ?? '<anonymous>'}`
  }
}

/** Dimensions of a (possibly typedef'd, possibly nested) array type and its element type. */
export function arrayShape(t: CType, engine: LayoutEngine): { dims: number[]; elem: CType } | undefined {
  let cur = engine.resolve(t)
  if (cur.k !== 'array') return undefined
  const dims: number[] = []
  while (cur.k === 'array') {
    dims.push(engine.arrayLength(cur) ?? 0)
    const elem: CType = cur.elem
    cur = engine.resolve(elem)
    if (cur.k !== 'array') return { dims, elem }
  }
  return { dims, elem: cur }
}

const join = (path: string, name: string): string => (path ? `${path}.${name}` : name)

/** Every member, in declaration order, recursively (CONTRACT.md `layout --json` fields). */
export function flattenFields(root: CType, engine: LayoutEngine): LayoutField[] {
  const fields: LayoutField[] = []
  const members = (t: CType, baseBits: number, path: string): void => {
    const r = engine.resolve(t)
    if (r.k !== 'record') return
    for (const p of engine.recordLayout(r.rec).members) {
      const m = p.member
      const off = baseBits + p.offsetBits
      if (p.bitWidth !== undefined) {
        const first = Math.floor(off / 8)
        fields.push({
          path: join(path, m.name ?? ''),
          offsetBytes: first,
          sizeBytes: Math.ceil((off + p.bitWidth) / 8) - first,
          type: spell(m.type, engine),
          bitOffset: off,
          bitWidth: p.bitWidth
        })
      } else if (m.name === undefined) members(m.type, off, path)
      else entry(m.type, off, join(path, m.name))
    }
  }
  const entry = (t: CType, offBits: number, path: string): void => {
    const field: LayoutField = { path, offsetBytes: offBits / 8, sizeBytes: engine.typeInfo(t).sizeBytes, type: spell(t, engine) }
    fields.push(field)
    const shape = arrayShape(t, engine)
    if (shape) {
      field.count = shape.dims.reduce((a, b) => a * b, 1)
      field.dims = shape.dims
      members(shape.elem, offBits, path + '[0]'.repeat(shape.dims.length))
    } else members(t, offBits, path)
  }
  members(root, 0, '')
  if (engine.resolve(root).k !== 'record') entry(root, 0, '')
  return fields
}
