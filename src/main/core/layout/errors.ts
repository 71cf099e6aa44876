// LayoutError: a problem in the user's header or type name, with its position.
import type { LayoutErrorInfo } from '../../../shared/layout'
import type { Loc } from './model'

/** Thrown by compileHeader/layoutOf for syntax errors, unknown types and impossible layouts. */
export class LayoutError extends Error {
  constructor(readonly info: LayoutErrorInfo) {
    super(formatLayoutError(info))
    this.name = 'LayoutError'
  }
}

/** `file:line:col: message` (the parts that are known). */
export function formatLayoutError(info: LayoutErrorInfo): string {
  const where = [info.file, info.line, info.column].filter((p) => p !== undefined).join(':')
  return where ? `${where}: ${info.message}` : info.message
}

/** Builds LayoutErrors positioned in one header's text. */
export class ErrorSite {
  private readonly lines: string[]
  private readonly lineStarts: number[] = [0]
  constructor(
    source: string,
    readonly file: string | undefined
  ) {
    this.lines = source.split('\n')
    for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) this.lineStarts.push(i + 1)
  }

  /** The position of a character index. */
  locAt(index: number): Loc {
    let lo = 0
    let hi = this.lineStarts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((this.lineStarts[mid] as number) <= index) lo = mid
      else hi = mid - 1
    }
    return { line: lo + 1, column: index - (this.lineStarts[lo] as number) + 1 }
  }

  error(message: string, loc?: Loc): LayoutError {
    if (!loc) return new LayoutError({ message, file: this.file })
    const sourceLine = this.lines[loc.line - 1]?.replace(/\r$/, '')
    return new LayoutError({ message, file: this.file, line: loc.line, column: loc.column, sourceLine })
  }
}
