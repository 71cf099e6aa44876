// Owns reading a header file from disk for the CLI: `#include "x.h"` of the project's own
// headers is followed (relative to the including file, each file once, as a compiler with
// include guards would see them), so a struct using types from a sibling header lays out.
// `#include <...>` is left alone: the layout engine knows the standard and system typedefs.
import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { CliError, EXIT } from './errors'
import { formatLayoutError, type LayoutError } from '../main/core/layout/index'

/** Deepest chain of includes followed, and the most text read in all (a loop or a mistake stops here). */
const MAX_DEPTH = 16
const MAX_BYTES = 4 * 1024 * 1024

export interface HeaderSource {
  /** The text the layout engine compiles: the file with its local includes in place. */
  source: string
  /** Rewrite a LayoutError's position (a line of `source`) into the file and line it came from. */
  locate(err: LayoutError): LayoutError
}

interface Origin {
  file: string
  line: number
  text: string
}

const INCLUDE = /^\s*#\s*include\s*"([^"]+)"/

async function readText(file: string, shownAs: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new CliError(`${shownAs}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : 'cannot read the header'}`, EXIT.layout)
  }
}

/** `file` with the local headers it includes inlined; `shownAs` names it in errors (as the user typed it). */
export async function readHeaderSource(file: string, shownAs = file): Promise<HeaderSource> {
  const seen = new Set<string>()
  const lines: string[] = []
  const origins: Origin[] = []
  let bytes = 0

  const visit = async (path: string, name: string, text: string, depth: number): Promise<void> => {
    seen.add(path)
    bytes += text.length
    if (bytes > MAX_BYTES) throw new CliError(`${name}: the header and its includes exceed ${MAX_BYTES / 1024 / 1024} MiB`, EXIT.layout)
    const own = text.split('\n')
    for (let i = 0; i < own.length; i++) {
      const line = own[i] as string
      const m = INCLUDE.exec(line)
      const target = m ? resolve(dirname(path), m[1] as string) : undefined
      const included = target && !seen.has(target) && depth < MAX_DEPTH ? await readFile(target, 'utf8').catch(() => undefined) : undefined
      // The directive's own line stays (blanked when followed), so every line keeps its origin.
      lines.push(included === undefined ? line : '')
      origins.push({ file: name, line: i + 1, text: line })
      // A missing local include stays as it is: the layout then names the type it lacks.
      if (target && included !== undefined) await visit(target, m?.[1] as string, included, depth + 1)
    }
  }
  const top = resolve(file)
  await visit(top, shownAs, await readText(top, shownAs), 0)

  return {
    source: lines.join('\n'),
    locate(err) {
      const at = err.info.line === undefined ? undefined : origins[err.info.line - 1]
      if (at) {
        err.info.file = at.file
        err.info.line = at.line
        err.info.sourceLine = at.text
        err.message = formatLayoutError(err.info)
      }
      return err
    }
  }
}
