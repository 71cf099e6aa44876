// Owns reading a header file from disk for the CLI: `#include "x.h"` of the project's own
// headers is followed (relative to the including file, each file once, as a compiler with
// include guards would see them), so a struct using types from a sibling header lays out.
// `#include <...>` is left alone: the layout engine knows the standard and system typedefs.
import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { CliError, EXIT } from './errors'
import { formatLayoutError, type LayoutError } from '../main/core/layout/index'
import { joinIncludes } from '../shared/includes'

/** The most text read for one header and its includes (a loop or a mistake stops here). */
const MAX_BYTES = 4 * 1024 * 1024

export interface HeaderSource {
  /** The text the layout engine compiles: the file with its local includes in place. */
  source: string
  /** Rewrite a LayoutError's position (a line of `source`) into the file and line it came from. */
  locate(err: LayoutError): LayoutError
}

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
  const top = resolve(file)
  const text = await readText(top, shownAs)
  let bytes = text.length
  // Each file read once, even when several headers include it.
  const read = new Map<string, string | undefined>()
  const { text: source, origins } = await joinIncludes({ key: top, name: shownAs, text }, async (spec, from) => {
    const key = resolve(dirname(from.key), spec)
    if (!read.has(key)) {
      const included = await readFile(key, 'utf8').catch(() => undefined)
      bytes += included?.length ?? 0
      if (bytes > MAX_BYTES) throw new CliError(`${shownAs}: the header and its includes exceed ${MAX_BYTES / 1024 / 1024} MiB`, EXIT.layout)
      read.set(key, included)
    }
    const included = read.get(key)
    return included === undefined ? undefined : { key, name: spec, text: included }
  })
  return {
    source,
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
