// The ABI-independent model of a parsed C header: types, records, enums, constant expressions.

/** 1-based position in the user's header. */
export interface Loc {
  line: number
  column: number
}

export type Prim =
  | 'void' | 'char' | 'schar' | 'uchar' | 'short' | 'ushort' | 'int' | 'uint'
  | 'long' | 'ulong' | 'llong' | 'ullong' | 'int128' | 'uint128'
  | 'bool' | 'float' | 'double' | 'ldouble' | 'wchar'

export type CType =
  | { k: 'prim'; p: Prim }
  | { k: 'ptr'; to: CType }
  /** Only ever behind a pointer; `sig` is `ret (*)(params)` for display. */
  | { k: 'func'; sig: string }
  /** `len` undefined: a flexible array member (`x[]`). */
  | { k: 'array'; elem: CType; len: Expr | undefined }
  | { k: 'record'; rec: RecordDecl }
  | { k: 'enum'; en: EnumDecl }
  /** A typedef name, resolved when laid out (typedefs of the header, then the builtins). */
  | { k: 'named'; name: string; loc: Loc }

export interface Member {
  /** Undefined for unnamed bitfields and anonymous struct/union members. */
  name: string | undefined
  type: CType
  bitWidth: Expr | undefined
  /** `__attribute__((aligned(n)))` and `_Alignas(n)` on the member. */
  alignAttrs: Expr[]
  packed: boolean
  loc: Loc
}

export interface RecordDecl {
  kind: 'struct' | 'union'
  tag: string | undefined
  /** Undefined while only declared (`struct X;`). */
  members: Member[] | undefined
  packed: boolean
  alignAttrs: Expr[]
  /** `#pragma pack(n)` in force at the definition, bytes; undefined when none. */
  maxPackBytes: number | undefined
  loc: Loc
  /** The typedef name, when the record is anonymous and named by a typedef. */
  typedefName?: string
}

export interface Enumerator {
  name: string
  value: Expr | undefined
  loc: Loc
}

export interface EnumDecl {
  tag: string | undefined
  entries: Enumerator[] | undefined
  packed: boolean
  loc: Loc
  typedefName?: string
}

export interface TypedefDecl {
  name: string
  type: CType
  /** An aligned attribute on a typedef sets the alignment, up or down (GCC semantics). */
  alignAttr: Expr | undefined
  loc: Loc
}

export type Expr =
  | { k: 'num'; v: bigint; loc: Loc }
  | { k: 'id'; name: string; loc: Loc }
  | { k: 'un'; op: string; e: Expr; loc: Loc }
  | { k: 'bin'; op: string; l: Expr; r: Expr; loc: Loc }
  | { k: 'cond'; c: Expr; t: Expr; f: Expr; loc: Loc }
  | { k: 'sizeof'; type: CType; loc: Loc }
  | { k: 'alignof'; type: CType; loc: Loc }
  | { k: 'cast'; type: CType; e: Expr; loc: Loc }
  | { k: 'defined'; name: string; loc: Loc }
  /** A function-like macro used in a constant expression; `args` are the argument texts. */
  | { k: 'call'; name: string; args: string[]; loc: Loc }
  | { k: 'bad'; message: string; loc: Loc }

/** A named constant: an enumerator or an object-like `#define`. */
export type Constant = { k: 'enum'; en: EnumDecl; index: number } | { k: 'macro'; expr: Expr }

/** Everything a header declares, by namespace. */
export interface Scope {
  typedefs: Map<string, TypedefDecl>
  /** Struct, union and enum tags share one namespace in C. */
  tags: Map<string, RecordDecl | EnumDecl>
  constants: Map<string, Constant>
  /** Names of every macro (for `#ifdef`), expression or not. */
  macroNames: Set<string>
  /** Function-like macros: parameters and body text. */
  functionMacros: Map<string, { params: string[]; body: string }>
  /** Parses expression text (a macro expansion) positioned at `loc`. */
  parseExpr: (text: string, loc: Loc) => Expr
}

export const isRecordDecl = (d: RecordDecl | EnumDecl): d is RecordDecl => 'kind' in d
