// Owns joining a C header with the project headers it includes (`#include "x.h"`) into one text,
// each file once, remembering where every line came from. The CLI loads files from disk, the
// app from the files the user opened; `#include <...>` is left alone (the layout engine knows
// the standard and system typedefs).

export interface HeaderFile {
  /** Identity, to include each file once (an absolute path, or the file name). */
  key: string
  /** How errors and markers name it. */
  name: string
  text: string
}

export interface LineOrigin {
  file: string
  /** 1-based line in that file. */
  line: number
  text: string
}

export interface JoinedHeader {
  text: string
  /** origins[i] is where line i + 1 of `text` came from. */
  origins: LineOrigin[]
}

/** Deepest chain of includes followed (a mistake or a loop stops here). */
const MAX_DEPTH = 16
const INCLUDE = /^\s*#\s*include\s*"([^"]+)"/

/**
 * `root` with every `#include "spec"` that `load` resolves replaced by that file's text between
 * two marker comments; a file already joined, or one `load` cannot find, leaves the directive
 * as it is (a missing type is then named by the layout).
 */
export async function joinIncludes(root: HeaderFile, load: (spec: string, from: HeaderFile) => Promise<HeaderFile | undefined>): Promise<JoinedHeader> {
  const seen = new Set<string>()
  const lines: string[] = []
  const origins: LineOrigin[] = []
  const visit = async (file: HeaderFile, depth: number): Promise<void> => {
    seen.add(file.key)
    const own = file.text.split('\n')
    for (let i = 0; i < own.length; i++) {
      const line = own[i] as string
      const spec = INCLUDE.exec(line)?.[1]
      const found = spec !== undefined && depth < MAX_DEPTH ? await load(spec, file) : undefined
      const origin = { file: file.name, line: i + 1, text: line }
      if (!found || seen.has(found.key)) {
        lines.push(line)
        origins.push(origin)
        continue
      }
      lines.push(`/* ---- ${found.name} ---- */`)
      origins.push(origin)
      await visit(found, depth + 1)
      lines.push(`/* ---- end of ${found.name} ---- */`)
      origins.push(origin)
    }
  }
  await visit(root, 0)
  return { text: lines.join('\n'), origins }
}
