// `shmscope watch`: lifecycle events as they happen, or, given a target and a layout, one
// decoded sample per poll — one JSON object per line with --json.
import type { CommandModule } from '../command'
import type { ShmEvent } from '../../shared/events'
import type { Abi, DecodedValue } from '../../shared/layout'
import type { TickDelta, WatchSample } from '../../shared/api'
import type { Target } from '../../shared/snapshot'
import { ABIS } from '../../shared/layout'
import { CliError, EXIT, usageError } from '../errors'
import { describeTarget, parseCommandArgs, parseCount, requireTarget, stringOption } from '../format/args'
import { hostAbi, isAbi, LayoutError } from '../../main/core/layout/index'
import { ShmscopeService } from '../../main/core/service'
import { matchTarget } from '../../main/core/target'
import { loadLayout, reportLayoutError } from './layout'
import { readHeaderSource } from '../headerSource'

const clock = (tMs: number): string => new Date(tMs).toISOString().slice(11, 23)

/** One readable line per event: time, type, object, who, nattch. */
export function eventLine(e: ShmEvent): string {
  const what = e.kind === 'sysv' ? `sysv ${e.shmid}${e.key ? ` (key 0x${e.key.toString(16).padStart(8, '0')})` : ''}` : `posix ${e.name}`
  const parts = [clock(e.tMs), e.type.padEnd(13), what]
  if (e.pid !== undefined) parts.push(`pid ${e.pid}${e.comm ? ` (${e.comm})` : ''}`)
  else if (e.type === 'attached' || e.type === 'detached') parts.push('pid unknown')
  if (e.nattch !== undefined) parts.push(`nattch ${e.nattch}`)
  if (e.from !== undefined && e.to !== undefined) parts.push(e.type === 'perms-changed' ? `${e.from.toString(8)} -> ${e.to.toString(8)}` : `${e.from} -> ${e.to} bytes`)
  if (e.inferred) parts.push('(inferred from the kernel times)')
  return parts.join('  ')
}

function compact(value: DecodedValue, path: string, out: string[]): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) compact(v, path ? `${path}.${k}` : k, out)
    return
  }
  const text = Array.isArray(value) ? JSON.stringify(value.length > 8 ? [...value.slice(0, 8), '…'] : value) : JSON.stringify(value)
  out.push(`${path}=${text}`)
}

/** One readable line per sample: time, nattch, then field=value pairs. */
export function sampleLine(s: WatchSample): string {
  const head = `${clock(s.takenAtMs)}  nattch ${s.nattch ?? '?'}${s.torn ? '  TORN' : ''}`
  if (s.error !== undefined) return `${head}  (${s.error})`
  const fields: string[] = []
  compact(s.value, '', fields)
  return `${head}  ${fields.join(' ')}`
}

/** The CONTRACT.md sample: DecodedSample plus nattch and the System V times. */
function sampleJson(s: WatchSample): Record<string, unknown> {
  const { watchId: _w, bytes: _b, ...rest } = s
  return rest
}

export const command: CommandModule = {
  usage: 'watch [<target> --layout <file.h> --type <Name> [--abi A]] [--interval-ms N] [--count N] [--json]',
  help: [
    'Without a target: print lifecycle events as the monitor sees them (created, removed,',
    'attached, detached, marked-dest, perms-changed, resized), attaches by pid when',
    '/proc/<pid>/maps shows who, and attaches between two polls inferred from the kernel times.',
    'With a target and a layout: one decoded sample per poll, through one read-only attachment',
    'that is let go as soon as the segment is marked for destruction.',
    '',
    '  --interval-ms N  poll interval, 50 to 10000 (default 500)',
    '  --count N        stop after N polls (N samples with a target); default: until Ctrl+C',
    '  --json           one JSON object per line (NDJSON)',
    `  --abi A          ${ABIS.join(', ')} (default ${hostAbi()})`,
    '',
    'Examples:  shmscope watch --json    shmscope watch key:0x4243 --layout shared.h --type shared_data_t'
  ].join('\n'),
  async run(argv) {
    const args = parseCommandArgs(
      argv,
      { layout: { type: 'string' }, type: { type: 'string' }, abi: { type: 'string' }, json: { type: 'boolean' }, 'interval-ms': { type: 'string' }, count: { type: 'string' } },
      1
    )
    const intervalMs = parseCount('--interval-ms', stringOption(args, 'interval-ms')) ?? 500
    if (intervalMs < 50 || intervalMs > 10_000) throw usageError('--interval-ms must be from 50 to 10000')
    const count = parseCount('--count', stringOption(args, 'count'))
    if (count === 0) throw usageError('--count must be at least 1')
    const json = args.values['json'] === true
    const abiText = stringOption(args, 'abi') ?? hostAbi()
    if (!isAbi(abiText)) throw usageError(`unknown --abi '${abiText}' (one of ${ABIS.join(', ')})`)
    const header = stringOption(args, 'layout')
    const typeName = stringOption(args, 'type')
    const targetText = args.positionals[0]
    if (targetText === undefined && (header || typeName)) throw usageError('--layout and --type go with a target: watch <target> --layout <file.h> --type <Name>')
    if (targetText !== undefined && (!header || !typeName)) throw usageError('watching a payload needs --layout <file.h> and --type <Name>')

    const service = new ShmscopeService({ intervalMs, transport: 'cli', ephemeral: true })
    try {
      if (targetText === undefined) return await watchEvents(service, json, count)
      const target = requireTarget(targetText, 'watch')
      return await watchSamples(service, target, header as string, typeName as string, abiText, json, count)
    } finally {
      await service.dispose()
    }
  }
}

/** Run ticks until `count` of them or a signal; `onTick` may end the watch by returning a code. */
function runUntilDone(service: ShmscopeService, count: number | undefined, onTick: (tick: TickDelta) => number | undefined): Promise<number> {
  return new Promise<number>((resolve) => {
    let seen = 0
    let done = false
    const finish = (code: number): void => {
      if (done) return
      done = true
      unsubscribe()
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      resolve(code)
    }
    const onSignal = (): void => finish(EXIT.ok)
    const unsubscribe = service.subscribe((tick) => {
      if (done) return
      const code = onTick(tick)
      if (code !== undefined) return finish(code)
      if (count !== undefined && ++seen >= count) finish(EXIT.ok)
    })
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
    void service.start().catch((err: unknown) => {
      process.stderr.write(`shmscope: ${err instanceof Error ? err.message : String(err)}\n`)
      finish(EXIT.failure)
    })
  })
}

async function watchEvents(service: ShmscopeService, json: boolean, count: number | undefined): Promise<number> {
  let first = true
  return runUntilDone(service, count, (tick) => {
    if (first && !json) {
      first = false
      process.stderr.write(`shmscope: watching ${tick.upserted.sysv.length} System V segments and ${tick.upserted.posix.length} POSIX objects; Ctrl+C to stop\n`)
    }
    for (const e of tick.events) process.stdout.write(json ? `${JSON.stringify(e)}\n` : `${eventLine(e)}\n`)
    return undefined
  })
}

async function watchSamples(service: ShmscopeService, target: Target, file: string, typeName: string, abi: Abi, json: boolean, count: number | undefined): Promise<number> {
  try {
    await loadLayout(file, typeName, abi) // file:line:column errors, exit 4, before anything attaches
  } catch (err) {
    if (err instanceof LayoutError) return reportLayoutError(err)
    throw err
  }
  const { source } = await readHeaderSource(file)
  const snapshot = await service.getSnapshot()
  const found = matchTarget(snapshot, target)
  if (found.length === 0) throw new CliError(`no ${describeTarget(target)}`, EXIT.notFound)
  if (target.kind === 'sysv-key' && found.filter((s) => !('dest' in s) || !s.dest).length > 1) {
    throw new CliError(`${describeTarget(target)} names several segments: give a shmid`, EXIT.notFound)
  }
  const started = await service.startWatch({ target, source, typeName, abi })
  if (!started.ok) throw new CliError(started.error, /permission denied/i.test(started.error) ? EXIT.permission : EXIT.failure)
  const watchId = started.value.watchId
  if (!json) process.stderr.write(`shmscope: watching ${describeTarget(target)} as ${typeName} (${abi}) every poll; Ctrl+C to stop\n`)
  return runUntilDone(service, count, (tick) => {
    const s = tick.samples.find((x) => x.watchId === watchId)
    if (!s) return undefined
    process.stdout.write(json ? `${JSON.stringify(sampleJson(s))}\n` : `${sampleLine(s)}\n`)
    // A shmid never comes back once removed: there is nothing more to watch.
    if (target.kind === 'sysv' && tick.removed.sysv.includes(target.shmid)) {
      process.stderr.write(`shmscope: segment ${target.shmid} was removed\n`)
      return EXIT.ok
    }
    return undefined
  })
}
