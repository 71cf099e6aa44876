// Public API of the layout module: C header -> ABI-correct layout -> decoded values.
//
// Parsing uses a real C grammar: tree-sitter-c 0.24 (WASM) under web-tree-sitter 0.25 (both
// language ABI 15). What the grammar cannot see through is handled around it: a text pass
// (prepass.ts) lifts every __attribute__((...)) out of the text (blanked in place, then attached
// by position), expands attribute/type macros and function-like macros, names unnamed
// bitfields, and drops `#ifdef __cplusplus` groups; `sizeof(my_t)` (read by the grammar as an
// expression) is resolved as a type; #if/#ifdef, #pragma pack and #define are evaluated while
// walking the tree in order. Layout rules (engine.ts) follow the Itanium/System V record
// layout shared by GCC and Clang, with the AAPCS differences for aarch64 and armhf; the
// corpus and random tests compare them with the compilers of all four ABIs.
import type { Abi, LayoutJson } from '../../../shared/layout'
import { LayoutEngine } from './engine'
import { LayoutError } from './errors'
import { flattenFields } from './flatten'
import { Header } from './header'
import type { CType } from './model'
import { isRecordDecl } from './model'

export { compileHeader, Header } from './header'
export { LayoutError, formatLayoutError } from './errors'
export { hostAbi, isAbi } from './abi'
export { createDecoder, type DecodeResult } from './decoder'
export { numericLeaves, createNumericDecoder } from './numeric'

/** One type laid out for one ABI. */
export interface Layout {
  /** CONTRACT.md `layout --json`. */
  readonly json: LayoutJson
  readonly abi: Abi
  readonly typeName: string
  /** @internal the type and the engine that laid it out, for the decoders. */
  readonly root: CType
  /** @internal */
  readonly engine: LayoutEngine
}

/**
 * Lays out `typeName` (a typedef name, a tag, `struct X`, `union X` or `enum X`) for `abi`.
 * Throws LayoutError for unknown types and for errors inside the type's declarations.
 */
export function layoutOf(header: Header, typeName: string, abi: Abi): Layout {
  const root = findType(header, typeName)
  const engine = new LayoutEngine(header, abi)
  const info = engine.typeInfo(root)
  const json: LayoutJson = { type: typeName.trim(), abi, sizeBytes: info.sizeBytes, alignBytes: info.alignBytes, fields: flattenFields(root, engine) }
  return { json, abi, typeName: json.type, root, engine }
}

function findType(header: Header, typeName: string): CType {
  const name = typeName.trim()
  const scope = header.scope
  const tagged = /^(struct|union|enum)\s+([A-Za-z_]\w*)$/.exec(name)
  const tag = tagged ? (tagged[2] as string) : name
  const decl = scope.tags.get(tag)
  if (tagged) {
    const kind = tagged[1]
    if (decl && (isRecordDecl(decl) ? decl.kind === kind : kind === 'enum')) return isRecordDecl(decl) ? { k: 'record', rec: decl } : { k: 'enum', en: decl }
  } else {
    if (scope.typedefs.has(name)) return { k: 'named', name, loc: { line: 1, column: 1 } }
    if (decl) return isRecordDecl(decl) ? { k: 'record', rec: decl } : { k: 'enum', en: decl }
  }
  const names = header.typeNames()
  const list = names.length ? `; the header defines: ${names.join(', ')}` : '; the header defines no types'
  throw new LayoutError({ message: `unknown type '${name}'${list}`, file: header.site.file })
}
