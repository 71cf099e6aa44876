// Owns joining several opened header files into the one text the editor shows: the file that
// includes others and that none of them includes is the main one, its `#include "x.h"` of the
// other opened files are joined in (shared/includes.ts, as the CLI does with files on disk),
// and opened files nobody includes go first, so their types are declared before use.
import { joinIncludes, type HeaderFile } from '../../../shared/includes'

export interface OpenedFile {
  name: string
  text: string
}

const INCLUDE = /^\s*#\s*include\s*"([^"]+)"/
const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1)

/** Names of the opened files that `file` includes. */
function includesOf(file: OpenedFile, opened: ReadonlyMap<string, OpenedFile>): string[] {
  return file.text.split('\n').flatMap((line) => {
    const spec = INCLUDE.exec(line)?.[1]
    const name = spec === undefined ? undefined : baseName(spec)
    return name !== undefined && name !== file.name && opened.has(name) ? [name] : []
  })
}

/** The joined text; with one file, that file's text unchanged. */
export async function combineHeaders(files: OpenedFile[]): Promise<string> {
  if (files.length <= 1) return files[0]?.text ?? ''
  const byName = new Map(files.map((f) => [f.name, f]))
  const included = new Set(files.flatMap((f) => includesOf(f, byName)))
  // The main file includes others and is included by none; failing that (a cycle), the first chosen.
  const main = files.find((f) => !included.has(f.name) && includesOf(f, byName).length > 0) ?? (files[0] as OpenedFile)
  const joined = new Set<string>()
  const asHeader = (f: OpenedFile): HeaderFile => ({ key: f.name, name: f.name, text: f.text })
  const join = async (f: OpenedFile): Promise<string> =>
    (
      await joinIncludes(asHeader(f), async (spec) => {
        const found = byName.get(baseName(spec))
        if (found && !joined.has(found.name)) {
          joined.add(found.name)
          return asHeader(found)
        }
        return undefined
      })
    ).text
  joined.add(main.name)
  const body = await join(main)
  const rest: string[] = []
  for (const f of files) {
    if (joined.has(f.name)) continue
    joined.add(f.name)
    rest.push(`/* ---- ${f.name} ---- */`, await join(f), `/* ---- end of ${f.name} ---- */`)
  }
  return [...rest, body].join('\n')
}
