// compileHeader: C header text -> Header (the declarations of one file, ABI-independent).
import { evalConst } from './constants'
import { DeclarationConverter } from './declarations'
import { ErrorSite, type LayoutError } from './errors'
import { locOf, toExpr, type TypeOfDescriptor } from './exprs'
import { cParser, parseC, type Node } from './grammar'
import type { Expr, Scope, TypedefDecl } from './model'
import { prepass } from './prepass'
import type { Parser } from 'web-tree-sitter'

/** The declarations of one header. Lay out a type with layoutOf(). */
export class Header {
  /** @internal */
  constructor(
    readonly scope: Scope,
    readonly site: ErrorSite,
    private readonly names: string[]
  ) {}

  /** Typedef names and tags (`struct Foo`, `union X`, `enum E`), in declaration order. */
  typeNames(): string[] {
    return [...this.names]
  }
}

const MACRO_PREFIX = 'int __shmscope_macro = ('

/** Parses a header. Throws LayoutError on syntax errors; never anything else for bad input. */
export async function compileHeader(source: string, opts: { file?: string } = {}): Promise<Header> {
  const parser = await cParser()
  return compileWith(parser, source, opts.file)
}

function compileWith(parser: Parser, source: string, file: string | undefined): Header {
  const site = new ErrorSite(source, file)
  const pre = prepass(source)
  const tree = parseC(parser, pre.text)
  try {
    const err = firstSyntaxError(tree.rootNode, site)
    if (err) throw err
    const scope: Scope = {
      typedefs: new Map(),
      tags: new Map(),
      constants: new Map(),
      macroNames: new Set(),
      functionMacros: new Map(),
      parseExpr: (text, loc) => parseSnippet(parser, text, loc, typeOf)
    }
    const names: string[] = []
    const seen = new Set<string>()
    const onName = (n: string): void => {
      if (!seen.has(n)) names.push(n)
      seen.add(n)
    }
    const typeOf: TypeOfDescriptor = (t) => conv.typeDescriptor(t)
    const snippet = (text: string, index: number): Expr => parseSnippet(parser, text, site.locAt(index), typeOf)
    const conv: DeclarationConverter = new DeclarationConverter(scope, site, pre.attributes, snippet, onName)
    const unit = new UnitWalker(conv, scope, site, onName)
    conv.onPragma = (n) => unit.pragma(n)
    conv.chosenBranch = (n) => unit.branch(n)
    unit.items(tree.rootNode.namedChildren)
    return new Header(scope, site, names)
  } finally {
    tree.delete()
  }
}

/** Parses a macro body or attribute argument as one expression, positioned at `loc`. */
function parseSnippet(parser: Parser, text: string, loc: { line: number; column: number }, typeOf: TypeOfDescriptor): Expr {
  const clean = text.replace(/\\(\r?\n)/g, ' $1')
  const tree = parseC(parser, `${MACRO_PREFIX}${clean}\n);`)
  try {
    const bad: Expr = { k: 'bad', message: `'${clean.trim().slice(0, 40)}' is not an integer constant expression`, loc }
    if (tree.rootNode.hasError) return bad
    const value = tree.rootNode.namedChild(0)?.childForFieldName('declarator')?.childForFieldName('value')
    if (!value || value.type !== 'parenthesized_expression') return bad
    const inner = value.namedChild(0)
    if (!inner) return bad
    return toExpr(inner, typeOf, loc.line - 1, loc.column - 1 - MACRO_PREFIX.length)
  } finally {
    tree.delete()
  }
}

class UnitWalker {
  constructor(
    private readonly conv: DeclarationConverter,
    private readonly scope: Scope,
    private readonly site: ErrorSite,
    private readonly onName: (n: string) => void
  ) {}

  private readonly packStack: (number | undefined)[] = []

  items(nodes: (Node | null)[]): void {
    for (const n of nodes) if (n) this.item(n)
  }

  private item(node: Node): void {
    switch (node.type) {
      case 'preproc_def':
        return this.define(node)
      case 'preproc_function_def': {
        const name = node.childForFieldName('name')?.text
        if (!name) return
        const params = (node.childForFieldName('parameters')?.namedChildren ?? []).filter((p) => p?.type === 'identifier').map((p) => (p as Node).text)
        this.scope.macroNames.add(name)
        this.scope.functionMacros.set(name, { params, body: node.childForFieldName('value')?.text ?? '' })
        return
      }
      case 'preproc_call':
        return this.pragma(node)
      case 'preproc_ifdef':
      case 'preproc_if':
        return this.items(this.branch(node))
      case 'type_definition':
        return this.typedef(node)
      case 'declaration':
      case 'struct_specifier':
      case 'union_specifier':
      case 'enum_specifier': {
        const spec = node.type === 'declaration' ? node.childForFieldName('type') : node
        if (!spec) return
        const type = this.conv.specifierType(spec)
        const firstDecl = node.type === 'declaration' ? node.childForFieldName('declarator') : null
        // A bare `struct S {...} __attribute__((packed));`: the attribute sits before the `;`.
        const end = node.type === 'declaration' ? node.endIndex : (node.nextSibling?.endIndex ?? node.endIndex)
        this.conv.trailingSpecifierAttrs(type, spec, firstDecl ? firstDecl.startIndex : end)
        return
      }
      default:
        return // #include, function definitions, comments, stray semicolons
    }
  }

  private define(node: Node): void {
    const name = node.childForFieldName('name')?.text
    if (!name) return
    this.scope.macroNames.add(name)
    const value = node.childForFieldName('value')
    if (!value) return
    const expr = this.scope.parseExpr(value.text, locOf(value))
    if (expr.k !== 'bad') this.scope.constants.set(name, { k: 'macro', expr })
    else this.scope.constants.delete(name)
  }

  /** `#pragma pack(...)` (GCC/Clang semantics); `#undef`; other directives are accepted and ignored. */
  pragma(node: Node): void {
    const directive = node.childForFieldName('directive')?.text.replace(/\s+/g, '') ?? ''
    const arg = node.childForFieldName('argument')?.text ?? ''
    if (directive === '#undef') {
      const name = arg.trim()
      this.scope.macroNames.delete(name)
      this.scope.functionMacros.delete(name)
      this.scope.constants.delete(name)
      return
    }
    if (directive !== '#pragma') return
    const m = /^\s*pack\s*\(([^)]*)\)/.exec(arg)
    if (!m) return
    const parts = (m[1] as string).split(',').map((p) => p.trim()).filter((p) => p !== '')
    const num = parts.find((p) => /^\d+$/.test(p))
    const value = num === undefined ? undefined : Number(num)
    if (value !== undefined && value !== 0 && ![1, 2, 4, 8, 16].includes(value)) {
      throw this.site.error(`#pragma pack alignment must be 1, 2, 4, 8 or 16, not ${value}`, locOf(node))
    }
    const n = value === 0 ? undefined : value
    if (parts[0] === 'push') {
      this.packStack.push(this.conv.packBytes)
      if (num !== undefined) this.conv.packBytes = n
    } else if (parts[0] === 'pop') {
      this.conv.packBytes = this.packStack.pop()
      if (num !== undefined) this.conv.packBytes = n
    } else if (parts.length === 0) this.conv.packBytes = undefined
    else if (num !== undefined) this.conv.packBytes = n
  }

  /** The items of the branch of a conditional group that the preprocessor would keep. */
  branch(node: Node): Node[] {
    let n: Node | null = node
    while (n) {
      if (n.type === 'preproc_else') return n.namedChildren.filter((c): c is Node => c !== null)
      const taken = this.condition(n)
      const alt: Node | null = n.childForFieldName('alternative')
      if (taken) {
        const skip = new Set([n.childForFieldName('name')?.id, n.childForFieldName('condition')?.id, alt?.id])
        return n.namedChildren.filter((c): c is Node => c !== null && !skip.has(c.id))
      }
      n = alt
    }
    return []
  }

  private condition(n: Node): boolean {
    if (n.type === 'preproc_ifdef' || n.type === 'preproc_elifdef') {
      const name = n.childForFieldName('name')?.text ?? ''
      const negate = (n.child(0)?.type ?? '').includes('ifndef') || (n.child(0)?.type ?? '').includes('elifndef')
      return this.scope.macroNames.has(name) !== negate
    }
    const cond = n.childForFieldName('condition')
    if (!cond) return false
    try {
      const e = toExpr(cond, () => ({ k: 'prim', p: 'int' }))
      return evalConst(e, { scope: this.scope, site: this.site, abi: undefined }) !== 0n
    } catch {
      return true // a condition we cannot evaluate: keep the first branch
    }
  }

  private typedef(node: Node): void {
    const spec = node.childForFieldName('type')
    if (!spec) return
    const base = this.conv.specifierType(spec)
    const declarators = node.childrenForFieldName('declarator').filter((d): d is Node => d !== null)
    this.conv.trailingSpecifierAttrs(base, spec, declarators[0]?.startIndex ?? node.endIndex)
    const attrs = this.conv.attrsIn(node.startIndex, node.endIndex)
    for (const d of declarators) {
      const { name, type } = this.conv.declarator(d, base)
      if (!name) continue
      const decl: TypedefDecl = { name, type, alignAttr: attrs.aligned[attrs.aligned.length - 1], loc: locOf(d) }
      if (attrs.packed && type.k === 'record') type.rec.packed = true
      this.scope.typedefs.set(name, decl)
      this.onName(name)
    }
  }
}

/** The first ERROR or MISSING node, as a LayoutError (unnamed bitfields are not errors). */
function firstSyntaxError(root: Node, site: ErrorSite): LayoutError | undefined {
  if (!root.hasError) return undefined
  const visit = (n: Node): LayoutError | undefined => {
    if (n.isMissing) {
      const unnamedBitfield = n.type === 'field_identifier' && n.parent?.type === 'field_declaration' && n.nextSibling?.type === 'bitfield_clause'
      if (!unnamedBitfield) return site.error(`expected ${/^\w+$/.test(n.type) ? n.type.replace(/_/g, ' ') : `'${n.type}'`}`, locOf(n))
    }
    if (n.isError) {
      const tok = n.text.trim().split(/\s+/)[0] ?? ''
      return site.error(tok ? `syntax error near '${tok.slice(0, 30)}'` : 'syntax error', locOf(n))
    }
    // Inline function bodies may use macros the grammar cannot see through: not our business.
    if ((!n.hasError && !n.isMissing) || n.type === 'compound_statement') return undefined
    for (const c of n.children) {
      const e = c ? visit(c) : undefined
      if (e) return e
    }
    return undefined
  }
  return visit(root)
}
