// First line of argument checks in the preload (main checks everything again): shapes and sizes, so junk never crosses IPC.
import { API_METHODS, type ApiMethod } from '../shared/api'

const MAX_ARGS = 3
const MAX_STRING_CHARS = 512 * 1024
const MAX_DEPTH = 4

function problemIn(v: unknown, depth: number): string | undefined {
  if (v === undefined || v === null || typeof v === 'boolean') return undefined
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : 'numbers must be finite'
  if (typeof v === 'string') return v.length > MAX_STRING_CHARS ? 'a string is too long' : undefined
  if (depth >= MAX_DEPTH) return 'arguments are nested too deeply'
  if (Array.isArray(v)) {
    if (v.length > 1000) return 'an array is too long'
    for (const x of v) {
      const p = problemIn(x, depth + 1)
      if (p) return p
    }
    return undefined
  }
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v) as unknown
    if (proto !== Object.prototype && proto !== null) return 'only plain objects may be passed'
    const entries = Object.entries(v as Record<string, unknown>)
    if (entries.length > 32) return 'an object has too many fields'
    for (const [, x] of entries) {
      const p = problemIn(x, depth + 1)
      if (p) return p
    }
    return undefined
  }
  return `a ${typeof v} cannot be passed`
}

/** A sentence saying what is wrong with a call, or undefined when it may be sent. */
export function checkArgs(method: string, args: unknown[]): string | undefined {
  if (!(API_METHODS as readonly string[]).includes(method as ApiMethod)) return 'unknown method'
  if (args.length > MAX_ARGS) return 'too many arguments'
  for (const a of args) {
    const p = problemIn(a, 0)
    if (p) return p
  }
  return undefined
}
