// `shmscope <command>`: dispatch, --help/--version, and the one-line error rule.
import { CliError, EXIT } from './errors'
import type { CommandModule } from './command'

const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  list: () => import('./commands/list').then((m) => m.command),
  show: () => import('./commands/show').then((m) => m.command),
  read: () => import('./commands/read').then((m) => m.command),
  layout: () => import('./commands/layout').then((m) => m.command),
  decode: () => import('./commands/decode').then((m) => m.command),
  watch: () => import('./commands/watch').then((m) => m.command),
  serve: () => import('./commands/serve').then((m) => m.command),
  demo: () => import('./commands/demo').then((m) => m.command)
}

export const CLI_COMMANDS = Object.keys(COMMANDS)

declare const __SHMSCOPE_VERSION__: string | undefined
export const VERSION = typeof __SHMSCOPE_VERSION__ === 'string' ? __SHMSCOPE_VERSION__ : '0.1.0'

async function overview(): Promise<string> {
  const lines = ['shmscope — monitor System V and POSIX shared memory, read-only', '', 'Usage: shmscope <command> [options]', '']
  for (const name of CLI_COMMANDS) {
    const loader = COMMANDS[name]
    const mod = loader ? await loader() : undefined
    lines.push(`  shmscope ${mod?.usage ?? name}`)
  }
  lines.push('', 'Targets: a shmid (4), a key (key:0x00004243 or key:16963), or a POSIX name (/my_shm).')
  lines.push('Exit codes: 0 ok, 1 usage, 2 not found, 3 permission denied, 4 layout error, 5 other failure.')
  lines.push("Run 'shmscope <command> --help' for a command's options.")
  return lines.join('\n')
}

/** Run the CLI; never throws; resolves to the process exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      process.stdout.write((await overview()) + '\n')
      return name === undefined ? EXIT.usage : EXIT.ok
    }
    if (name === '--version' || name === '-V') {
      process.stdout.write(`shmscope ${VERSION}\n`)
      return EXIT.ok
    }
    const loader = COMMANDS[name]
    if (!loader) throw new CliError(`unknown command '${name}' (try 'shmscope --help')`, EXIT.usage)
    const command = await loader()
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(`Usage: shmscope ${command.usage}\n\n${command.help}\n`)
      return EXIT.ok
    }
    return await command.run(rest)
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`shmscope: ${err.message}\n`)
      return err.exitCode
    }
    const message = err instanceof Error ? err.message : String(err)
    process.stderr.write(`shmscope: ${message.split('\n')[0]}\n`)
    if (process.env['SHMSCOPE_DEBUG'] && err instanceof Error) process.stderr.write(`${err.stack}\n`)
    return EXIT.failure
  }
}
