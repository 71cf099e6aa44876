// `shmscope demo [--scenario NAME] [--duration-s N] [--list]`: real demo processes until Ctrl+C,
// the end of the duration or SIGTERM; then every process stopped and every object removed.
import type { CommandModule } from '../command'
import { EXIT, usageError } from '../errors'
import { parseCommandArgs, parseCount, stringOption } from '../format/args'
import { DemoManager } from '../../demo/manager'
import { scenarioNames, scenarios } from '../../demo/scenarios'

export const command: CommandModule = {
  usage: 'demo [--scenario NAME] [--duration-s N] [--list]',
  help: [
    'Start real demo processes that share memory, for teaching and live demos, and print what',
    'to look at. Ctrl+C (or the end of --duration-s) stops them and removes every segment,',
    'semaphore set and /dev/shm object the demo made, the deliberate leak included. Keys come',
    "from ftok() on a private file and POSIX names start with /shmscope-demo-, so a user's",
    'own objects are never touched.',
    '',
    `  --scenario NAME  ${scenarioNames.join(', ')} (default: all)`,
    '  --duration-s N   stop by itself after N seconds',
    '  --list           list the scenarios and exit',
    '',
    'Watch it with `shmscope serve` (or the desktop app) in another terminal.'
  ].join('\n'),
  async run(argv) {
    const args = parseCommandArgs(argv, { scenario: { type: 'string' }, 'duration-s': { type: 'string' }, list: { type: 'boolean' } }, 0)
    if (args.values['list'] === true) {
      for (const s of scenarios) process.stdout.write(`${s.name.padEnd(18)} ${s.title}: ${s.description}\n`)
      return EXIT.ok
    }
    const name = stringOption(args, 'scenario') ?? 'all'
    if (!scenarioNames.includes(name)) throw usageError(`unknown --scenario '${name}' (one of ${scenarioNames.join(', ')})`)
    const durationS = parseCount('--duration-s', stringOption(args, 'duration-s'))
    if (durationS === 0) throw usageError('--duration-s must be at least 1')

    const manager = new DemoManager()
    const started = await manager.start(name)
    if (!started.ok) {
      await manager.dispose()
      process.stderr.write(`shmscope: ${started.error}\n`)
      return EXIT.failure
    }
    const st = started.value
    const out: string[] = [`shmscope demo: ${name} is running (${st.processes.length} processes: ${[...new Set(st.processes.map((p) => p.role))].join(', ')})`, '']
    out.push('Objects, with the header to decode each one:')
    for (const h of st.headers) out.push(`  ${(h.bindTo ?? '').padEnd(20)} ${h.name} --type '${h.typeName}'`)
    out.push('', 'What to look at:')
    for (const line of manager.lookAt()) out.push(`  - ${line}`)
    out.push('', `Stop with Ctrl+C${durationS ? ` (or it stops by itself in ${durationS} s)` : ''}; everything the demo made is removed.`)
    process.stdout.write(out.join('\n') + '\n')

    await new Promise<void>((resolve) => {
      const timer = durationS ? setTimeout(resolve, durationS * 1000) : undefined
      const onSignal = (): void => {
        clearTimeout(timer)
        resolve()
      }
      process.once('SIGINT', onSignal)
      process.once('SIGTERM', onSignal)
      process.once('SIGHUP', onSignal)
    })
    process.stdout.write('shmscope demo: stopping and removing what it made…\n')
    await manager.dispose()
    process.stdout.write('shmscope demo: done, nothing left behind\n')
    return EXIT.ok
  }
}
