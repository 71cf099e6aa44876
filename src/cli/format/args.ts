// Owns option parsing shared by list/show/read (node:util parseArgs) and the target lookup with its exit codes.
import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { PosixObject, Snapshot, SysvSegment, Target } from '../../shared/snapshot'
import { CliError, EXIT, usageError } from '../errors'
import { parseTarget, matchTarget, formatTarget } from '../../main/core/target'
import { takeSnapshot } from '../../main/core/snapshot'

type Options = NonNullable<ParseArgsConfig['options']>

export interface ParsedCommandArgs {
  values: Record<string, string | boolean | undefined>
  positionals: string[]
}

/** parseArgs with its errors turned into one-line usage errors (exit 1). */
export function parseCommandArgs(argv: string[], options: Options, maxPositionals: number): ParsedCommandArgs {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  } catch (err) {
    // Node's messages are long and mention parseArgs; keep the gist.
    const msg = err instanceof Error ? err.message.split('\n')[0] ?? '' : String(err)
    const unknown = /Unknown option '([^']+)'/.exec(msg)
    const missing = /Option '([^']+?)(?: <value>)?' argument missing/.exec(msg)
    const ambiguous = /Option '([^']+)' argument is ambiguous/.exec(msg)
    if (unknown) throw usageError(`unknown option '${unknown[1]}'`)
    if (ambiguous) throw usageError(`the value of ${ambiguous[1]} starts with '-'; write ${ambiguous[1]}=VALUE if you mean it`)
    if (missing) throw usageError(`${(missing[1] as string).split(',').pop()?.trim()} needs a value`)
    throw usageError(msg.replace(/\. To specify.*$/, ''))
  }
  if (parsed.positionals.length > maxPositionals) throw usageError(`unexpected argument '${parsed.positionals[maxPositionals]}'`)
  return { values: parsed.values as ParsedCommandArgs['values'], positionals: parsed.positionals }
}

/** A string option's value (parseArgs typed it as a string already). */
export const stringOption = (args: ParsedCommandArgs, name: string): string | undefined => {
  const v = args.values[name]
  return typeof v === 'string' ? v : undefined
}

/** A non-negative integer option, decimal or 0x hex. */
export function parseCount(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const t = text.trim()
  const value = /^0x[0-9a-f]+$/i.test(t) ? parseInt(t.slice(2), 16) : /^\d+$/.test(t) ? Number(t) : NaN
  if (!Number.isSafeInteger(value)) throw usageError(`${name} must be a non-negative integer (decimal or 0x hex), not '${text}'`)
  return value
}

/** The target of a command, or a usage error saying which forms exist. */
export function requireTarget(text: string | undefined, command: string): Target {
  if (text === undefined) throw usageError(`${command} needs a target (a shmid, key:0x…, or /name)`)
  const target = parseTarget(text)
  if (!target) throw usageError(`'${text}' is not a target: use a shmid (4), a key (key:0x00004243 or key:16963) or a POSIX name (/name)`)
  return target
}

/** Describe a target for messages: `segment 4`, `key 0x00004243`, `POSIX object /x`. */
export function describeTarget(target: Target): string {
  if (target.kind === 'sysv') return `System V segment ${target.shmid}`
  if (target.kind === 'sysv-key') return `System V key ${formatTarget(target).slice(4)}`
  return `POSIX object ${target.name}`
}

/** Take a snapshot and find the one object the target names; exit 2 when none does. */
export async function findTarget(target: Target): Promise<{ snapshot: Snapshot; object: SysvSegment | PosixObject }> {
  const snapshot = await takeSnapshot({ excludePids: [process.pid] })
  const found = matchTarget(snapshot, target)
  if (found.length === 0) throw new CliError(`no ${describeTarget(target)}`, EXIT.notFound)
  if (found.length > 1) {
    const ids = found.map((o) => ('shmid' in o ? o.shmid : o.name)).join(', ')
    throw new CliError(`${describeTarget(target)} matches ${found.length} segments (${ids}): IPC_PRIVATE or removed; give a shmid`, EXIT.notFound)
  }
  return { snapshot, object: found[0] as SysvSegment | PosixObject }
}
