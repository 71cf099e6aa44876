// Converts tree-sitter declaration nodes (specifiers, declarators, fields, records, enums)
// into the header model; attribute lists lifted by the prepass are attached by position.
import type { Node } from './grammar'
import type { ErrorSite } from './errors'
import { locOf, toExpr } from './exprs'
import type { CType, EnumDecl, Expr, Member, Prim, RecordDecl, Scope } from './model'
import { isRecordDecl } from './model'
import { PRIM_SPELLING } from './abi'
import { UNNAMED_BITFIELD, type AttributeItem, type LiftedAttribute } from './prepass'

/** Attribute effects found on one construct. */
export interface Attrs {
  packed: boolean
  aligned: Expr[]
}

const CORE_PRIMS: Record<string, Prim> = { char: 'char', int: 'int', float: 'float', double: 'double', void: 'void', _Bool: 'bool' }
const SPEC_NODES = new Set(['struct_specifier', 'union_specifier', 'enum_specifier'])

export class DeclarationConverter {
  /** `#pragma pack` value in force, bytes. */
  packBytes: number | undefined
  private readonly used = new Set<LiftedAttribute>()

  constructor(
    readonly scope: Scope,
    readonly site: ErrorSite,
    private readonly attributes: LiftedAttribute[],
    /** Parses attribute argument text (at a character index) as an expression. */
    private readonly argExpr: (text: string, index: number) => Expr,
    /** Records the order in which names become available. */
    private readonly onName: (name: string) => void
  ) {}

  /** Attributes between `start` and `end` (character indices) not claimed yet. */
  attrsIn(start: number, end: number): Attrs {
    const out: Attrs = { packed: false, aligned: [] }
    for (const a of this.attributes) {
      if (a.index < start || a.index >= end || this.used.has(a)) continue
      this.used.add(a)
      for (const item of a.items) this.applyItem(item, out)
    }
    return out
  }

  private applyItem(item: AttributeItem, out: Attrs): void {
    if (item.name === 'packed') out.packed = true
    else if (item.name === 'aligned') {
      const loc = this.site.locAt(item.argsIndex)
      out.aligned.push(item.args === undefined || item.args.trim() === '' ? { k: 'id', name: '__BIGGEST_ALIGNMENT__', loc } : this.argExpr(item.args, item.argsIndex))
    }
  }

  /** The type a specifier node names (defining records/enums it contains). */
  specifierType(node: Node): CType {
    switch (node.type) {
      case 'primitive_type': {
        const core = CORE_PRIMS[node.text]
        return core ? { k: 'prim', p: core } : { k: 'named', name: node.text, loc: locOf(node) }
      }
      case 'type_identifier':
        return { k: 'named', name: node.text, loc: locOf(node) }
      case 'sized_type_specifier':
        return sizedType(node, this.site)
      case 'struct_specifier':
      case 'union_specifier':
        return { k: 'record', rec: this.record(node) }
      case 'enum_specifier':
        return { k: 'enum', en: this.enumeration(node) }
      default:
        throw this.site.error(`unsupported type specifier '${node.text.slice(0, 40)}'`, locOf(node))
    }
  }

  /** Applies a declarator to a base type: `(name, type)`; name undefined for abstract ones. */
  declarator(node: Node | null, base: CType): { name: string | undefined; type: CType; node: Node | null } {
    let type = base
    let d = node
    for (;;) {
      if (!d || d.isMissing) return { name: undefined, type, node: d }
      switch (d.type) {
        case 'identifier':
        case 'field_identifier':
        case 'type_identifier':
        case 'primitive_type':
          return { name: d.text, type, node: d }
        case 'pointer_declarator':
        case 'abstract_pointer_declarator':
          type = { k: 'ptr', to: type }
          d = d.childForFieldName('declarator')
          break
        case 'array_declarator':
        case 'abstract_array_declarator': {
          const size = d.childForFieldName('size')
          const len = size ? toExpr(size, (t) => this.typeDescriptor(t)) : undefined
          type = { k: 'array', elem: type, len }
          d = d.childForFieldName('declarator')
          break
        }
        case 'function_declarator':
        case 'abstract_function_declarator': {
          const params = d.childForFieldName('parameters')?.text.replace(/\s+/g, ' ') ?? '()'
          type = { k: 'func', sig: `${spellShort(type)} (*)${params}` }
          d = d.childForFieldName('declarator')
          break
        }
        case 'parenthesized_declarator':
        case 'abstract_parenthesized_declarator':
        case 'attributed_declarator':
          d = d.namedChildren.find((c) => c !== null && c.type !== 'attribute_declaration') ?? null
          break
        default:
          throw this.site.error(`unsupported declarator '${d.text.slice(0, 40)}'`, locOf(d))
      }
    }
  }

  /** `sizeof(type)`, casts, `_Alignas(type)`. */
  typeDescriptor(node: Node): CType {
    const spec = node.childForFieldName('type')
    if (!spec) throw this.site.error('missing type', locOf(node))
    return this.declarator(node.childForFieldName('declarator'), this.specifierType(spec)).type
  }

  /** Defines or references a struct/union. */
  record(node: Node): RecordDecl {
    const kind = node.type === 'union_specifier' ? 'union' : 'struct'
    const tag = node.childForFieldName('name')?.text
    const body = node.childForFieldName('body')
    const loc = locOf(node)
    let rec: RecordDecl | undefined
    const existing = tag === undefined ? undefined : this.scope.tags.get(tag)
    if (existing) {
      if (!isRecordDecl(existing) || existing.kind !== kind) throw this.site.error(`'${tag}' defined as a different kind of tag`, loc)
      if (body && existing.members) throw this.site.error(`redefinition of '${kind} ${tag}'`, loc)
      rec = existing
    }
    if (!rec) {
      rec = { kind, tag, members: undefined, packed: false, alignAttrs: [], maxPackBytes: undefined, loc }
      if (tag !== undefined) this.scope.tags.set(tag, rec)
    }
    if (!body) return rec
    const head = this.attrsIn(node.startIndex, body.startIndex)
    rec.loc = loc
    rec.maxPackBytes = this.packBytes
    const members: Member[] = []
    this.fieldList(body, members)
    const tail = this.attrsIn(body.endIndex, node.endIndex)
    rec.packed = head.packed || tail.packed
    rec.alignAttrs = [...head.aligned, ...tail.aligned]
    rec.members = members
    if (tag !== undefined) this.onName(`${kind} ${tag}`)
    return rec
  }

  /** Applies the record/enum attributes that follow a specifier's body (`} __attribute__((packed)) name;`). */
  trailingSpecifierAttrs(type: CType, specNode: Node, declStart: number): void {
    if (!SPEC_NODES.has(specNode.type) || !specNode.childForFieldName('body')) return
    const a = this.attrsIn(specNode.endIndex, declStart)
    if (type.k === 'record') {
      type.rec.packed ||= a.packed
      type.rec.alignAttrs.push(...a.aligned)
    } else if (type.k === 'enum') type.en.packed ||= a.packed
  }

  private fieldList(body: Node, members: Member[]): void {
    for (const child of body.namedChildren) {
      if (!child) continue
      if (child.type === 'field_declaration') this.field(child, members)
      else if (child.type === 'preproc_call') this.onPragma?.(child)
      else if (child.type.startsWith('preproc_if')) {
        for (const item of this.chosenBranch?.(child) ?? []) if (item.type === 'field_declaration') this.field(item, members)
      }
    }
  }

  /** Hooks set by the unit converter for preprocessor lines inside struct bodies. */
  onPragma?: (node: Node) => void
  chosenBranch?: (node: Node) => Node[]

  private field(node: Node, members: Member[]): void {
    const spec = node.childForFieldName('type')
    if (!spec) throw this.site.error('expected a type', locOf(node))
    const base = this.specifierType(spec)
    const alignAttrs: Expr[] = []
    for (const q of node.namedChildren) {
      const alignas = q?.type === 'type_qualifier' ? q.namedChild(0) : null
      if (alignas?.type === 'alignas_qualifier') {
        const arg = alignas.namedChild(0)
        if (arg?.type === 'type_descriptor') alignAttrs.push({ k: 'alignof', type: this.typeDescriptor(arg), loc: locOf(arg) })
        else if (arg) alignAttrs.push(toExpr(arg, (t) => this.typeDescriptor(t)))
      }
    }
    const decls: { d: Node | null; width: Node | undefined }[] = []
    for (let i = 0; i < node.childCount; i++) {
      const c = node.child(i)
      if (!c) continue
      if (node.fieldNameForChild(i) === 'declarator') decls.push({ d: c, width: undefined })
      else if (c.type === 'bitfield_clause') {
        const last = decls[decls.length - 1]
        if (last && last.width === undefined) last.width = c
        else decls.push({ d: null, width: c })
      }
    }
    const firstDecl = decls.find((d) => d.d && !d.d.isMissing)?.d
    this.trailingSpecifierAttrs(base, spec, firstDecl ? firstDecl.startIndex : node.endIndex)
    const attrs = this.attrsIn(node.startIndex, node.endIndex)
    alignAttrs.push(...attrs.aligned)
    if (decls.length === 0) {
      // An anonymous struct/union member (C11), or a bare declaration that declares nothing.
      if (base.k === 'record') members.push({ name: undefined, type: base, bitWidth: undefined, alignAttrs, packed: attrs.packed, loc: locOf(node) })
      return
    }
    for (const { d, width } of decls) {
      const declared = this.declarator(d, base)
      const type = declared.type
      const name = declared.name === UNNAMED_BITFIELD ? undefined : declared.name
      const widthNode = width?.namedChild(0)
      const bitWidth = widthNode ? toExpr(widthNode, (t) => this.typeDescriptor(t)) : undefined
      if (name === undefined && bitWidth === undefined) throw this.site.error('expected a member name', locOf(d ?? node))
      members.push({ name, type, bitWidth, alignAttrs, packed: attrs.packed, loc: locOf(d && !d.isMissing ? d : node) })
    }
  }

  /** Defines or references an enum; its constants join the scope. */
  enumeration(node: Node): EnumDecl {
    const tag = node.childForFieldName('name')?.text
    const body = node.childForFieldName('body')
    const loc = locOf(node)
    const existing = tag === undefined ? undefined : this.scope.tags.get(tag)
    if (existing && isRecordDecl(existing)) throw this.site.error(`'${tag}' defined as a different kind of tag`, loc)
    const en: EnumDecl = existing ?? { tag, entries: undefined, packed: false, loc }
    if (tag !== undefined && !existing) this.scope.tags.set(tag, en)
    if (!body) return en
    if (en.entries) throw this.site.error(`redefinition of 'enum ${tag}'`, loc)
    const head = this.attrsIn(node.startIndex, body.startIndex)
    en.packed = head.packed
    en.entries = []
    for (const e of body.namedChildren) {
      if (!e || e.type !== 'enumerator') continue
      const name = e.childForFieldName('name')?.text ?? ''
      const v = e.childForFieldName('value')
      en.entries.push({ name, value: v ? toExpr(v, (t) => this.typeDescriptor(t)) : undefined, loc: locOf(e) })
      this.scope.constants.set(name, { k: 'enum', en, index: en.entries.length - 1 })
    }
    if (tag !== undefined) this.onName(`enum ${tag}`)
    return en
  }
}

function sizedType(node: Node, site: ErrorSite): CType {
  let signed: boolean | undefined
  let longs = 0
  let short = false
  let base: string | undefined
  for (const c of node.children) {
    if (!c) continue
    if (c.type === 'signed' || c.type === 'unsigned') signed = c.type === 'signed'
    else if (c.type === 'long') longs++
    else if (c.type === 'short') short = true
    else if (c.type === 'primitive_type' || c.type === 'type_identifier') base = c.text
  }
  const u = signed === false
  let p: Prim | undefined
  if (base === 'char') p = signed === undefined ? 'char' : u ? 'uchar' : 'schar'
  else if (base === 'double') p = longs > 0 ? 'ldouble' : 'double'
  else if (base === '__int128' || base === '__int128_t') p = u ? 'uint128' : 'int128'
  else if (base === undefined || base === 'int') {
    if (short) p = u ? 'ushort' : 'short'
    else if (longs >= 2) p = u ? 'ullong' : 'llong'
    else if (longs === 1) p = u ? 'ulong' : 'long'
    else p = u ? 'uint' : 'int'
  }
  if (!p) throw site.error(`invalid type '${node.text}'`, locOf(node))
  return { k: 'prim', p }
}

/** A short C spelling used inside function pointer signatures. */
function spellShort(t: CType): string {
  switch (t.k) {
    case 'prim':
      return PRIM_SPELLING[t.p]
    case 'named':
      return t.name
    case 'ptr':
      return `${spellShort(t.to)} *`
    case 'record':
      return `${t.rec.kind} ${t.rec.tag ?? '<anonymous>'}`
    case 'enum':
      return `enum ${t.en.tag ?? '<anonymous>'}`
    default:
      return '?'
  }
}
