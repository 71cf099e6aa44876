// Entry of `npm run bench`: runs the benchmarks of issue 8 in one process, prints ratios
// with absolute figures, and writes bench/results.json. Options: --only a,b  --quick
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { cleanupEverything } from './lib/fixtures'
import { emptyResults, writeResults, type Results } from './lib/results'
import { log } from './lib/stats'
import { benchSnapshot } from './snapshot'
import { printSummary } from './lib/summary'

const ALL = ['snapshot', 'poll', 'decode', 'ui'] as const
type Part = (typeof ALL)[number]

function parseArgs(argv: string[]): { parts: Part[]; quick: boolean; out: string } {
  const here = dirname(fileURLToPath(import.meta.url))
  let parts: Part[] = [...ALL]
  let quick = false
  let out = join(here, 'results.json')
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--quick') quick = true
    else if (a === '--only') parts = (argv[++i] ?? '').split(',').filter((p): p is Part => (ALL as readonly string[]).includes(p))
    else if (a === '--out') out = argv[++i] ?? out
  }
  return { parts, quick, out }
}

async function runPart(part: Part, results: Results, quick: boolean): Promise<void> {
  switch (part) {
    case 'snapshot':
      results.snapshot = await benchSnapshot(
        {
          sizes: [100, 1000, 4000],
          attachedProcesses: 50,
          segmentsPerProcess: 4,
          repetitions: quick ? 5 : 15,
          maxSecondsPerSize: quick ? 15 : 60
        },
        results.notes
      )
      break
    case 'poll': {
      const { benchPollCpu } = await import('./pollCpu')
      results.pollCpu = await benchPollCpu({ windowSeconds: quick ? 5 : 15 }, results.notes)
      break
    }
    case 'decode': {
      const { benchDecode } = await import('./decode')
      results.decode = await benchDecode({ secondsPerCase: quick ? 0.5 : 2 }, results.notes)
      break
    }
    case 'ui': {
      const { benchUi } = await import('./ui')
      results.ui = await benchUi({ quick }, results.notes)
      break
    }
  }
}

async function main(): Promise<void> {
  const { parts, quick, out } = parseArgs(process.argv.slice(2))
  const results = emptyResults()
  // A partial run (--only) keeps the other parts of the previous results.json.
  if (parts.length < ALL.length && existsSync(out)) {
    const previous = JSON.parse(readFileSync(out, 'utf8')) as Partial<Results>
    Object.assign(results, previous, { machine: results.machine, startedAt: results.startedAt, notes: [] })
  }
  let failed = false
  const onSignal = (): void => {
    log('interrupted: cleaning up')
    void cleanupEverything().finally(() => process.exit(130))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    for (const part of parts) {
      try {
        await runPart(part, results, quick)
      } catch (e) {
        failed = true
        const msg = `${part}: failed: ${(e as Error).stack ?? String(e)}`
        results.notes.push(msg.split('\n').slice(0, 3).join(' | '))
        log(msg)
      } finally {
        await cleanupEverything()
      }
    }
  } finally {
    const { leftoverSegments } = await cleanupEverything()
    if (leftoverSegments > 0) results.notes.push(`cleanup removed ${leftoverSegments} leftover segments`)
    results.finishedAt = new Date().toISOString()
    writeResults(out, results)
    printSummary(results)
    log(`wrote ${out}`)
  }
  process.exitCode = failed ? 1 : 0
}

await main()
