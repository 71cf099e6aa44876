// Owns joining several opened header files into the one text the editor shows: the file that
// includes others and that none of them includes is the main one, and each `#include "x.h"` naming another opened file is
// replaced by that file's text (once each, marked with comments), as the CLI does with files on disk.

export interface HeaderFile {
  name: string
  text: string
}

const INCLUDE = /^\s*#\s*include\s*"([^"]+)"\s*$/
const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1)

/** The joined text; with one file, that file's text unchanged. */
export function combineHeaders(files: HeaderFile[]): string {
  if (files.length === 0) return ''
  if (files.length === 1) return (files[0] as HeaderFile).text
  const byName = new Map(files.map((f) => [f.name, f]))
  const included = new Set<string>()
  const includer = new Set<string>()
  for (const f of files)
    for (const line of f.text.split('\n')) {
      const m = INCLUDE.exec(line)
      const name = m ? baseName(m[1] as string) : undefined
      if (name && byName.has(name) && name !== f.name) {
        included.add(name)
        includer.add(f.name)
      }
    }
  // The main file includes others and is included by none; failing that (a cycle), the first chosen.
  const main = files.find((f) => !included.has(f.name) && includer.has(f.name)) ?? (files[0] as HeaderFile)
  const done = new Set<string>()
  const expand = (f: HeaderFile, depth: number): string[] => {
    done.add(f.name)
    const out: string[] = []
    for (const line of f.text.split('\n')) {
      const m = INCLUDE.exec(line)
      const other = m ? byName.get(baseName(m[1] as string)) : undefined
      if (!other || depth > 16) out.push(line)
      else if (done.has(other.name)) out.push(`/* ${line.trim()}: already above */`)
      else out.push(`/* ---- ${other.name} ---- */`, ...expand(other, depth + 1), `/* ---- end of ${other.name} ---- */`)
    }
    return out
  }
  const text = expand(main, 0)
  // Opened files nobody includes come first, so their types are declared before use.
  const rest = files.filter((f) => !done.has(f.name)).flatMap((f) => [`/* ---- ${f.name} ---- */`, ...expand(f, 1), `/* ---- end of ${f.name} ---- */`])
  return [...rest, ...text].join('\n')
}
