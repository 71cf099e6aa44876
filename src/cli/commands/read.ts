// `shmscope read <target> [--offset N] [--length N] [--format hex|raw|base64]`: payload bytes, attached read-only just for the read.
import type { Target } from '../../shared/snapshot'
import type { ReadError } from '../../shared/payload'
import type { CommandModule } from '../command'
import { CliError, EXIT, usageError } from '../errors'
import { describeTarget, parseCommandArgs, parseCount, requireTarget, stringOption } from '../format/args'
import { hexDump } from '../format/hexdump'
import { modeString } from '../format/table'
import { readOnce } from '../../main/core/attach/reader'
import { takeSnapshot } from '../../main/core/snapshot'
import { matchTarget } from '../../main/core/target'
import { userNames, nameOf } from '../../main/core/sources/users'

const FORMATS = ['hex', 'raw', 'base64'] as const
type Format = (typeof FORMATS)[number]

/** "…is 600 (rw-------), owned by root; you are nobody (uid 65534)" for a permission error. */
async function whyDenied(target: Target): Promise<string> {
  const snapshot = await takeSnapshot({ excludePids: [process.pid] }).catch(() => undefined)
  const object = snapshot ? matchTarget(snapshot, target)[0] : undefined
  const users = await userNames().catch(() => new Map<number, string>())
  const uid = process.getuid?.() ?? -1
  const me = `you are ${nameOf(users, uid)} (uid ${uid})`
  if (!object) return `permission denied reading ${describeTarget(target)}; ${me}`
  const what = 'shmid' in object ? `System V segment ${object.shmid} (key ${object.keyHex})` : `POSIX object ${object.name}`
  return `permission denied: ${what} is mode ${object.permsOctal} (${modeString(object.mode)}), owned by ${object.owner} (uid ${object.uid}, gid ${object.gid}); ${me}`
}

async function toCliError(err: ReadError, target: Target): Promise<CliError> {
  switch (err.code) {
    case 'not-found':
    case 'removed':
      return new CliError(err.message, EXIT.notFound)
    case 'permission-denied':
      return new CliError(await whyDenied(target), EXIT.permission)
    case 'invalid-range':
      return usageError(err.message)
    case 'too-large':
      return usageError(`${err.message}; choose a range with --offset/--length`)
    default:
      return new CliError(err.message, EXIT.failure)
  }
}

export const command: CommandModule = {
  usage: 'read <target> [--offset N] [--length N] [--format hex|raw|base64]',
  help: [
    'Copy a payload read-only (System V: shmat with SHM_RDONLY, detached at once;',
    'POSIX: open O_RDONLY + pread) and print it. The bytes are copied twice and compared;',
    'if a writer kept changing them, the last copy is shown and a note says so.',
    '',
    '  <target>         a shmid (4), a key (key:0x00004243 or key:16963), or /name',
    '  --offset N       first byte (decimal or 0x hex; default 0)',
    '  --length N       number of bytes (default: to the end; at most 16 MiB per read)',
    '  --format F       hex (default: offsets, hex and ASCII), raw (the bytes), base64',
    '',
    'Exit codes: 2 no such object, 3 permission denied, 1 bad range or options.',
    'Examples:  shmscope read 4    shmscope read /my_shm --length 64    shmscope read key:0x4243 --format raw > dump.bin'
  ].join('\n'),
  async run(argv) {
    const args = parseCommandArgs(argv, { offset: { type: 'string' }, length: { type: 'string' }, format: { type: 'string' } }, 1)
    const target = requireTarget(args.positionals[0], 'read')
    const offset = parseCount('--offset', stringOption(args, 'offset')) ?? 0
    const length = parseCount('--length', stringOption(args, 'length'))
    const format = (stringOption(args, 'format') ?? 'hex') as Format
    if (!FORMATS.includes(format)) throw usageError(`unknown --format '${format}' (one of ${FORMATS.join(', ')})`)
    const result = readOnce(target, offset, length)
    if (!result.ok) throw await toCliError(result, target)
    if (result.torn) process.stderr.write('shmscope: note: the bytes changed during every copy (a writer was busy); showing the last copy\n')
    const bytes = result.bytes
    if (format === 'raw') process.stdout.write(bytes)
    else if (format === 'base64') process.stdout.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64') + '\n')
    else process.stdout.write(hexDump(bytes, result.offset) + '\n')
    return EXIT.ok
  }
}
