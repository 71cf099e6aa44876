// Turns tree-sitter expression nodes into constant-expression trees (model.ts Expr).
import type { Node } from './grammar'
import type { CType, Expr, Loc } from './model'

export const locOf = (node: Node, lineOffset = 0, columnOffset = 0): Loc => ({
  line: node.startPosition.row + 1 + lineOffset,
  column: node.startPosition.column + 1 + (node.startPosition.row === 0 ? columnOffset : 0)
})

/** Converts a type_descriptor node; supplied by the declaration converter. */
export type TypeOfDescriptor = (node: Node) => CType

/** Parses a C integer literal (`0x1F`, `017`, `0b101`, `10UL`); undefined when it is not one. */
export function parseIntLiteral(text: string): bigint | undefined {
  const neg = /^\s*-/.test(text)
  const t = text.replace(/^\s*[-+]\s*/, '').replace(/'/g, '').replace(/[uUlL]+$/, '')
  if (neg) {
    const v = parseIntLiteral(t)
    return v === undefined ? undefined : -v
  }
  try {
    if (/^0[xX][0-9a-fA-F]+$/.test(t) || /^0[bB][01]+$/.test(t)) return BigInt(t)
    if (/^0[0-7]+$/.test(t)) return BigInt('0o' + t.slice(1))
    if (/^[0-9]+$/.test(t)) return BigInt(t)
  } catch {
    return undefined
  }
  return undefined
}

const ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34, '?': 63 }

function charValue(text: string): bigint | undefined {
  const m = /^[LuU]?'(.*)'$/s.exec(text)
  if (!m) return undefined
  const body = m[1] as string
  if (body.length === 1) return BigInt(body.charCodeAt(0))
  if (body.startsWith('\\x')) return BigInt(parseInt(body.slice(2), 16))
  if (/^\\[0-7]{1,3}$/.test(body)) return BigInt(parseInt(body.slice(1), 8))
  const esc = body.length === 2 && body[0] === '\\' ? ESCAPES[body[1] as string] : undefined
  return esc === undefined ? undefined : BigInt(esc)
}

/** Builds an Expr from a node; shapes that are not integer constant expressions become `bad`. */
export function toExpr(node: Node, typeOf: TypeOfDescriptor, lineOffset = 0, columnOffset = 0): Expr {
  const loc = locOf(node, lineOffset, columnOffset)
  const sub = (n: Node | null): Expr =>
    n ? toExpr(n, typeOf, lineOffset, columnOffset) : { k: 'bad', message: 'missing operand', loc }
  switch (node.type) {
    case 'number_literal': {
      const v = parseIntLiteral(node.text)
      return v === undefined ? { k: 'bad', message: `'${node.text}' is not an integer constant`, loc } : { k: 'num', v, loc }
    }
    case 'char_literal': {
      const v = charValue(node.text)
      return v === undefined ? { k: 'bad', message: `unsupported character constant ${node.text}`, loc } : { k: 'num', v, loc }
    }
    case 'true':
      return { k: 'num', v: 1n, loc }
    case 'false':
      return { k: 'num', v: 0n, loc }
    case 'identifier':
      return { k: 'id', name: node.text, loc }
    case 'parenthesized_expression':
      return sub(node.namedChild(0))
    case 'unary_expression':
      return { k: 'un', op: node.childForFieldName('operator')?.type ?? '?', e: sub(node.childForFieldName('argument')), loc }
    case 'binary_expression':
      return {
        k: 'bin',
        op: node.childForFieldName('operator')?.type ?? '?',
        l: sub(node.childForFieldName('left')),
        r: sub(node.childForFieldName('right')),
        loc
      }
    case 'conditional_expression':
      return {
        k: 'cond',
        c: sub(node.childForFieldName('condition')),
        t: sub(node.childForFieldName('consequence')),
        f: sub(node.childForFieldName('alternative')),
        loc
      }
    case 'cast_expression': {
      const t = node.childForFieldName('type')
      return { k: 'cast', type: t ? typeOf(t) : { k: 'prim', p: 'int' }, e: sub(node.childForFieldName('value')), loc }
    }
    case 'sizeof_expression':
    case 'alignof_expression': {
      const kind = node.type === 'sizeof_expression' ? 'sizeof' : 'alignof'
      const t = node.childForFieldName('type')
      if (t) return { k: kind, type: typeOf(t), loc }
      // `sizeof(my_t)`: the grammar cannot know my_t is a typedef and reads an expression.
      let v = node.childForFieldName('value')
      while (v && v.type === 'parenthesized_expression') v = v.namedChild(0)
      if (v && v.type === 'identifier') return { k: kind, type: { k: 'named', name: v.text, loc: locOf(v, lineOffset, columnOffset) }, loc }
      return { k: 'bad', message: `${kind} of an expression is not supported; use a type`, loc }
    }
    case 'call_expression': {
      const fn = node.childForFieldName('function')
      const args = node.childForFieldName('arguments')
      if (fn?.type !== 'identifier' || !args) return { k: 'bad', message: `'${node.text.slice(0, 40)}' is not an integer constant expression`, loc }
      return { k: 'call', name: fn.text, args: args.namedChildren.filter((a) => a !== null && a.type !== 'comment').map((a) => (a as Node).text), loc }
    }
    case 'preproc_defined': {
      const id = node.namedChild(0)
      return { k: 'defined', name: id?.text ?? '', loc }
    }
    default:
      return { k: 'bad', message: `'${node.text.slice(0, 40)}' is not an integer constant expression`, loc }
  }
}
