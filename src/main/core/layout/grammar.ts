// Loads the C grammar (tree-sitter-c's WASM build under web-tree-sitter) once per process.
import { createRequire } from 'node:module'
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter'

export type { Node, Tree }

let ready: Promise<Parser> | undefined

/**
 * The wasm files are resolved through Node's module resolution, so this works from the
 * sources (tsx), from the bundle in out/main (node_modules stays external) and in an asar.
 */
async function load(): Promise<Parser> {
  // A CommonJS bundle has no import.meta.url; __filename serves there.
  const here = import.meta.url || (typeof __filename === 'string' ? __filename : process.cwd() + '/')
  const require = createRequire(here)
  const runtimeWasm = require.resolve('web-tree-sitter/tree-sitter.wasm')
  const grammarWasm = require.resolve('tree-sitter-c/tree-sitter-c.wasm')
  await Parser.init({ locateFile: () => runtimeWasm })
  const language = await Language.load(grammarWasm)
  const parser = new Parser()
  parser.setLanguage(language)
  return parser
}

/** The shared parser, ready to use synchronously once this resolves. */
export function cParser(): Promise<Parser> {
  ready ??= load().catch((err: unknown) => {
    ready = undefined
    throw err
  })
  return ready
}

/** Parses C text; throws only if the grammar itself fails. */
export function parseC(parser: Parser, text: string): Tree {
  const tree = parser.parse(text)
  if (!tree) throw new Error('the C parser returned no tree')
  return tree
}
