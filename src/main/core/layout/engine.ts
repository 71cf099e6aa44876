// Lays out types for one ABI: sizes, alignments, member offsets and bitfield allocation
// (the Itanium/System V record layout that GCC and Clang share, with the AAPCS differences).
import type { Abi } from '../../../shared/layout'
import { abiInfo, primInfo, type AbiInfo, type PrimInfo } from './abi'
import { BUILTIN_UNIONS, builtinTypedef } from './builtins'
import { enumValues, evalConst, type EvalContext } from './constants'
import type { Header } from './header'
import type { CType, EnumDecl, Expr, Member, RecordDecl } from './model'

export interface TypeInfo {
  sizeBytes: number
  alignBytes: number
}

export interface PlacedMember {
  member: Member
  /** Bits from the start of the record. */
  offsetBits: number
  /** Set for bitfields. */
  bitWidth: number | undefined
}

export interface RecordLayout {
  sizeBytes: number
  alignBytes: number
  /** Named members and anonymous struct/union members; unnamed bitfields are left out. */
  members: PlacedMember[]
}

const alignTo = (n: number, a: number): number => Math.ceil(n / a) * a

export class LayoutEngine {
  readonly info: AbiInfo
  readonly ctx: EvalContext
  private readonly records = new Map<RecordDecl, RecordLayout>()
  private readonly inProgress = new Set<RecordDecl>()

  constructor(
    readonly header: Header,
    abi: Abi
  ) {
    this.info = abiInfo(abi)
    this.ctx = {
      scope: header.scope,
      site: header.site,
      abi: this.info,
      sizeOf: (t) => this.typeInfo(t).sizeBytes,
      alignOf: (t) => this.typeInfo(t).alignBytes
    }
  }

  private get site(): Header['site'] {
    return this.header.site
  }

  /** Follows typedef names to the type they stand for. */
  resolve(t: CType): CType {
    let cur = t
    for (let i = 0; cur.k === 'named'; i++) {
      if (i > 100) throw this.site.error(`typedef '${cur.name}' refers to itself`, cur.loc)
      const td = this.header.scope.typedefs.get(cur.name)
      if (td) cur = td.type
      else {
        const p = builtinTypedef(cur.name)
        if (p) cur = { k: 'prim', p }
        else {
          const rec = this.builtinUnion(cur.name)
          if (!rec) throw this.site.error(`unknown type name '${cur.name}'`, cur.loc)
          cur = { k: 'record', rec }
        }
      }
    }
    return cur
  }

  private readonly builtinUnions = new Map<string, RecordDecl>()

  /** pthread_mutex_t, sem_t, ...: glibc's `union { char __size[N]; long __align; }` for this ABI. */
  private builtinUnion(name: string): RecordDecl | undefined {
    const spec = Object.prototype.hasOwnProperty.call(BUILTIN_UNIONS, name) ? BUILTIN_UNIONS[name] : undefined
    if (!spec) return undefined
    let rec = this.builtinUnions.get(name)
    if (!rec) {
      const loc = { line: 1, column: 1 }
      const size: Expr = { k: 'num', v: BigInt(spec.sizeBytes[this.info.name]), loc }
      const member = (n: string, type: CType): Member => ({ name: n, type, bitWidth: undefined, alignAttrs: [], packed: false, loc })
      rec = {
        kind: 'union', tag: undefined, typedefName: name, packed: false, alignAttrs: [], maxPackBytes: undefined, loc,
        members: [member('__size', { k: 'array', elem: { k: 'prim', p: 'char' }, len: size }), member('__align', { k: 'prim', p: spec.align })]
      }
      this.builtinUnions.set(name, rec)
    }
    return rec
  }

  prim(t: CType & { k: 'prim' }): PrimInfo {
    if ((t.p === 'int128' || t.p === 'uint128') && !this.info.hasInt128) throw this.site.error(`__int128 is not supported on ${this.info.name}`)
    return primInfo(t.p, this.info)
  }

  /** Evaluates to a JS number (throws when out of range). */
  num(e: Expr, what: string): number {
    const v = evalConst(e, this.ctx)
    if (v < 0n || v > 0x7fffffffn) throw this.site.error(`${what} ${v} is out of range`, e.loc)
    return Number(v)
  }

  /** Array length; undefined for a flexible array member. */
  arrayLength(t: CType & { k: 'array' }): number | undefined {
    return t.len === undefined ? undefined : this.num(t.len, 'array size')
  }

  typeInfo(t: CType): TypeInfo {
    switch (t.k) {
      case 'named': {
        const td = this.header.scope.typedefs.get(t.name)
        const inner = this.typeInfo(td ? td.type : this.resolve(t))
        if (td?.alignAttr) return { sizeBytes: inner.sizeBytes, alignBytes: this.num(td.alignAttr, 'alignment') }
        return inner
      }
      case 'prim': {
        if (t.p === 'void') throw this.site.error("a member cannot have type 'void'")
        const p = this.prim(t)
        return { sizeBytes: p.sizeBytes, alignBytes: p.alignBytes }
      }
      case 'ptr':
        return { sizeBytes: this.info.pointerBytes, alignBytes: this.info.pointerBytes }
      case 'func':
        throw this.site.error('a member cannot have a function type (use a function pointer)')
      case 'array': {
        const elem = this.typeInfo(t.elem)
        const n = this.arrayLength(t) ?? 0
        return { sizeBytes: elem.sizeBytes * n, alignBytes: elem.alignBytes }
      }
      case 'enum':
        return this.enumInfo(t.en)
      case 'record': {
        const r = this.recordLayout(t.rec)
        return { sizeBytes: r.sizeBytes, alignBytes: r.alignBytes }
      }
    }
  }

  /** The integer type an enum is stored as. */
  enumPrim(en: EnumDecl): PrimInfo {
    const values = en.entries ? enumValues(en, this.ctx) : []
    const min = values.reduce((a, b) => (b < a ? b : a), 0n)
    const max = values.reduce((a, b) => (b > a ? b : a), 0n)
    const signed = min < 0n
    const fits = (bytes: number): boolean => {
      const bits = BigInt(bytes * 8)
      return signed ? min >= -(1n << (bits - 1n)) && max < 1n << (bits - 1n) : max < 1n << bits
    }
    const cls = signed ? 'signed' : 'unsigned'
    if (en.packed) for (const b of [1, 2, 4]) if (fits(b)) return { sizeBytes: b, alignBytes: b, cls }
    if (fits(4)) return { sizeBytes: 4, alignBytes: 4, cls }
    return { ...primInfo('llong', this.info), cls }
  }

  private enumInfo(en: EnumDecl): TypeInfo {
    const p = this.enumPrim(en)
    return { sizeBytes: p.sizeBytes, alignBytes: p.alignBytes }
  }

  private maxAlign(exprs: Expr[]): number {
    let a = 0
    for (const e of exprs) {
      const v = this.num(e, 'alignment')
      if (v & (v - 1)) throw this.site.error(`requested alignment ${v} is not a power of 2`, e.loc)
      a = Math.max(a, v)
    }
    return a
  }

  recordLayout(rec: RecordDecl): RecordLayout {
    const done = this.records.get(rec)
    if (done) return done
    const name = `${rec.kind} ${rec.tag ?? '<anonymous>'}`
    if (!rec.members) throw this.site.error(`'${name}' is declared but never defined`, rec.loc)
    if (this.inProgress.has(rec)) throw this.site.error(`'${name}' contains itself`, rec.loc)
    this.inProgress.add(rec)
    try {
      this.checkDuplicateNames(rec, new Set())
      const r = this.computeRecord(rec)
      this.records.set(rec, r)
      return r
    } finally {
      this.inProgress.delete(rec)
    }
  }

  /** C forbids two members with one name, counting those of anonymous members. */
  private checkDuplicateNames(rec: RecordDecl, seen: Set<string>): void {
    for (const m of rec.members ?? []) {
      if (m.name !== undefined) {
        if (seen.has(m.name)) throw this.site.error(`duplicate member '${m.name}'`, m.loc)
        seen.add(m.name)
      } else if (m.bitWidth === undefined) {
        const inner = this.resolve(m.type)
        if (inner.k === 'record' && inner.rec.members) this.checkDuplicateNames(inner.rec, seen)
      }
    }
  }

  private computeRecord(rec: RecordDecl): RecordLayout {
    const union = rec.kind === 'union'
    const maxPackBits = (rec.maxPackBytes ?? 0) * 8
    let dataBits = 0
    let sizeBits = 0
    let unfilledBits = 0
    let alignBits = 8
    const placed: PlacedMember[] = []
    const members = rec.members ?? []
    members.forEach((m, i) => {
      const explicitBits = this.maxAlign(m.alignAttrs) * 8
      const packed = rec.packed || m.packed
      if (m.bitWidth !== undefined) {
        const { width, storageBits, typeAlignBits } = this.bitfieldType(m)
        let fieldAlign = typeAlignBits
        let unpackedAlign = fieldAlign
        let offset = union ? 0 : dataBits - unfilledBits
        if (packed && width !== 0) fieldAlign = 1 // bits: a packed bitfield goes at the very next bit
        if (explicitBits) {
          fieldAlign = Math.max(fieldAlign, explicitBits)
          unpackedAlign = Math.max(unpackedAlign, explicitBits)
        }
        if (maxPackBits && width) {
          unpackedAlign = Math.min(unpackedAlign, maxPackBits)
          fieldAlign = packed ? unpackedAlign : Math.min(fieldAlign, maxPackBits)
        }
        const allowPadding = maxPackBits === 0
        if (width === 0 || (allowPadding && (offset % fieldAlign) + width > storageBits)) offset = alignTo(offset, fieldAlign)
        else if (explicitBits && (!maxPackBits || explicitBits <= maxPackBits)) offset = alignTo(offset, explicitBits)
        if (m.name !== undefined) placed.push({ member: m, offsetBits: offset, bitWidth: width })
        if (union) dataBits = Math.max(dataBits, alignTo(width, 8))
        else {
          const end = offset + width
          dataBits = alignTo(end, 8)
          unfilledBits = dataBits - end
        }
        // Unnamed bitfields do not raise the record's alignment, except on AAPCS targets.
        if (!this.info.unnamedBitfieldsAlign && m.name === undefined) fieldAlign = 8
        alignBits = Math.max(alignBits, fieldAlign)
      } else {
        unfilledBits = 0
        const t = this.resolve(m.type)
        if (t.k === 'array' && t.len === undefined && !union && i !== members.length - 1) {
          throw this.site.error(`flexible array member '${m.name ?? ''}' is not at the end of the struct`, m.loc)
        }
        const ti = this.typeInfo(m.type)
        let fieldAlign = packed ? 1 : ti.alignBytes
        fieldAlign = Math.max(fieldAlign, explicitBits / 8)
        if (maxPackBits) fieldAlign = Math.min(fieldAlign, maxPackBits / 8)
        const offsetBytes = union ? 0 : alignTo(dataBits / 8, fieldAlign)
        placed.push({ member: m, offsetBits: offsetBytes * 8, bitWidth: undefined })
        dataBits = union ? Math.max(dataBits, ti.sizeBytes * 8) : (offsetBytes + ti.sizeBytes) * 8
        alignBits = Math.max(alignBits, fieldAlign * 8)
      }
      sizeBits = Math.max(sizeBits, dataBits)
    })
    const alignBytes = Math.max(alignBits / 8, this.maxAlign(rec.alignAttrs))
    return { sizeBytes: alignTo(Math.ceil(sizeBits / 8), alignBytes), alignBytes, members: placed }
  }

  private bitfieldType(m: Member): { width: number; storageBits: number; typeAlignBits: number } {
    const t = this.resolve(m.type)
    const label = m.name ? `bitfield '${m.name}'` : 'unnamed bitfield'
    if (t.k !== 'enum' && !(t.k === 'prim' && t.p !== 'float' && t.p !== 'double' && t.p !== 'ldouble' && t.p !== 'void')) {
      throw this.site.error(`${label} has a non-integer type`, m.loc)
    }
    const ti = this.typeInfo(m.type)
    const width = this.num(m.bitWidth as Expr, 'bitfield width')
    const maxBits = t.k === 'prim' && t.p === 'bool' ? 1 : ti.sizeBytes * 8
    if (width > maxBits) throw this.site.error(`width of ${label} (${width} bits) exceeds its type (${maxBits} bits)`, m.loc)
    if (width === 0 && m.name !== undefined) throw this.site.error(`named ${label} has zero width`, m.loc)
    return { width, storageBits: ti.sizeBytes * 8, typeAlignBits: ti.alignBytes * 8 }
  }
}
