// Evaluates integer constant expressions: array sizes, bitfield widths, enum values, alignments, #if.
import type { AbiInfo } from './abi'
import { primInfo } from './abi'
import type { ErrorSite } from './errors'
import type { CType, EnumDecl, Expr, Scope } from './model'

export interface EvalContext {
  scope: Scope
  site: ErrorSite
  /** Undefined while evaluating `#if` (no sizeof, unknown names are 0). */
  abi: AbiInfo | undefined
  sizeOf?: (t: CType) => number
  alignOf?: (t: CType) => number
}

const enumCache = new WeakMap<EnumDecl, Map<string, bigint[]>>()
const MAX_DEPTH = 64

/** The values of an enum's constants, in order. */
export function enumValues(en: EnumDecl, ctx: EvalContext): bigint[] {
  const key = ctx.abi?.name ?? '#if'
  let byAbi = enumCache.get(en)
  const cached = byAbi?.get(key)
  if (cached) return cached
  // Later enumerators may use earlier ones: publish the array while it fills.
  const values: bigint[] = []
  if (!byAbi) enumCache.set(en, (byAbi = new Map()))
  byAbi.set(key, values)
  let next = 0n
  try {
    for (const e of en.entries ?? []) {
      const v = e.value ? evalConst(e.value, ctx) : next
      values.push(v)
      next = v + 1n
    }
  } catch (err) {
    byAbi.delete(key)
    throw err
  }
  return values
}

/** Evaluates to a BigInt or throws a positioned LayoutError. */
export function evalConst(e: Expr, ctx: EvalContext, depth = 0): bigint {
  if (depth > MAX_DEPTH) throw ctx.site.error('constant expression nests too deeply (recursive macro?)', e.loc)
  const ev = (x: Expr): bigint => evalConst(x, ctx, depth + 1)
  switch (e.k) {
    case 'num':
      return e.v
    case 'bad':
      throw ctx.site.error(e.message, e.loc)
    case 'call': {
      const macro = ctx.scope.functionMacros.get(e.name)
      if (!macro) throw ctx.site.error(`'${e.name}(...)' is not a known macro`, e.loc)
      if (macro.params.length !== e.args.length) throw ctx.site.error(`macro '${e.name}' takes ${macro.params.length} arguments, not ${e.args.length}`, e.loc)
      const byName = new Map(macro.params.map((p, i) => [p, e.args[i] as string]))
      const text = macro.body.replace(/[A-Za-z_]\w*/g, (w) => byName.get(w) ?? w)
      return ev(ctx.scope.parseExpr(text, e.loc))
    }
    case 'defined':
      return ctx.scope.macroNames.has(e.name) ? 1n : 0n
    case 'id':
      return identifier(e.name, e.loc, ctx, depth)
    case 'un': {
      const v = ev(e.e)
      if (e.op === '-') return -v
      if (e.op === '+') return v
      if (e.op === '~') return ~v
      if (e.op === '!') return v === 0n ? 1n : 0n
      throw ctx.site.error(`unsupported operator '${e.op}' in a constant expression`, e.loc)
    }
    case 'bin':
      return binary(e.op, e.l, e.r, e.loc, ev, ctx)
    case 'cond':
      return ev(e.c) !== 0n ? ev(e.t) : ev(e.f)
    case 'sizeof':
    case 'alignof': {
      const measure = e.k === 'sizeof' ? ctx.sizeOf : ctx.alignOf
      if (!measure) throw ctx.site.error(`${e.k} is not allowed here`, e.loc)
      return BigInt(measure(e.type))
    }
    case 'cast': {
      const v = ev(e.e)
      if (e.type.k !== 'prim' || !ctx.abi) return v
      const info = primInfo(e.type.p, ctx.abi)
      if (info.cls === 'bool') return v === 0n ? 0n : 1n
      if (info.cls !== 'signed' && info.cls !== 'unsigned') return v
      const bits = info.sizeBytes * 8
      return info.cls === 'signed' ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v)
    }
  }
}

function identifier(name: string, loc: Expr['loc'], ctx: EvalContext, depth: number): bigint {
  if (name === '__BIGGEST_ALIGNMENT__' && ctx.abi) return BigInt(ctx.abi.biggestAlignBytes)
  const c = ctx.scope.constants.get(name)
  if (c?.k === 'enum') {
    const v = enumValues(c.en, ctx)[c.index]
    if (v !== undefined) return v
    throw ctx.site.error(`enumerator '${name}' is used before its value is known`, loc)
  } else if (c?.k === 'macro') {
    return evalConst(c.expr, ctx, depth + 1)
  }
  if (!ctx.abi) return 0n // the preprocessor's rule for names that are not macros
  if (ctx.scope.macroNames.has(name)) throw ctx.site.error(`macro '${name}' is not an integer constant`, loc)
  throw ctx.site.error(`'${name}' is not a known constant`, loc)
}

function binary(op: string, l: Expr, r: Expr, loc: Expr['loc'], ev: (x: Expr) => bigint, ctx: EvalContext): bigint {
  if (op === '&&') return ev(l) !== 0n && ev(r) !== 0n ? 1n : 0n
  if (op === '||') return ev(l) !== 0n || ev(r) !== 0n ? 1n : 0n
  const a = ev(l)
  const b = ev(r)
  const bool = (x: boolean): bigint => (x ? 1n : 0n)
  switch (op) {
    case '+': return a + b
    case '-': return a - b
    case '*': return a * b
    case '/':
    case '%':
      if (b === 0n) throw ctx.site.error('division by zero in a constant expression', loc)
      return op === '/' ? a / b : a % b
    case '<<':
    case '>>':
      if (b < 0n || b > 127n) throw ctx.site.error('shift count out of range in a constant expression', loc)
      return op === '<<' ? a << b : a >> b
    case '&': return a & b
    case '|': return a | b
    case '^': return a ^ b
    case '==': return bool(a === b)
    case '!=': return bool(a !== b)
    case '<': return bool(a < b)
    case '>': return bool(a > b)
    case '<=': return bool(a <= b)
    case '>=': return bool(a >= b)
    default:
      throw ctx.site.error(`unsupported operator '${op}' in a constant expression`, loc)
  }
}
