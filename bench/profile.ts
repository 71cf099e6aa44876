// Profiles one benchmark under `node --cpu-prof` and prints its hotspots.
// Usage: node --import tsx bench/profile.ts snapshot|poll-idle|watch|decode-wide [--segments N]
//        [--via service|loop|floor|floor-sync|reference|incremental]  (poll-idle and watch)
import { execFile } from 'node:child_process'
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { cleanupEverything, createSegments, startAttachers, startWriter, stopChild } from './lib/fixtures'
import { hotspots } from './lib/cpuprofile'
import { loadLayout, loadSnapshot } from './lib/core'
import { wideHeader } from './lib/headers'
import { log, round } from './lib/stats'
import type { PollChildConfig } from './pollChild'

const HERE = fileURLToPath(new URL('.', import.meta.url))
const PROF_DIR = join(HERE, 'tmp', 'prof')

/** Work done inside the profiled child. Bounded: at most `count` iterations or 60 s. */
async function childWork(target: string, count: number): Promise<void> {
  const deadline = performance.now() + 60_000
  if (target === 'snapshot') {
    const mod = (await loadSnapshot()).mod
    if (!mod) throw new Error('takeSnapshot not loadable')
    const t0 = performance.now()
    let n = 0
    for (; n < count && performance.now() < deadline; n++) await mod.takeSnapshot()
    log(`child: ${n} snapshots, ${round((performance.now() - t0) / n, 2)} ms each`)
  } else if (target === 'decode-wide') {
    const mod = (await loadLayout()).mod
    if (!mod) throw new Error('layout not loadable')
    const layout = mod.layoutOf(await mod.compileHeader(wideHeader()), 'wide_t', 'x86_64')
    const decode = mod.createDecoder(layout)
    const bytes = new Uint8Array(4096)
    let n = 0
    for (; n < count * 100 && performance.now() < deadline; n++) decode(bytes)
    log(`child: ${n} decodes`)
  }
}

function runProfiled(args: string[]): Promise<string> {
  rmSync(PROF_DIR, { recursive: true, force: true })
  mkdirSync(PROF_DIR, { recursive: true })
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${PROF_DIR}`, '--import', 'tsx', ...args], { timeout: 180_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      process.stderr.write(stderr)
      process.stdout.write(stdout)
      const file = readdirSync(PROF_DIR).find((f) => f.endsWith('.cpuprofile'))
      if (!file) return reject(new Error(`no profile written (${err?.message ?? 'unknown'})`))
      resolve(join(PROF_DIR, file))
    })
  })
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  if (argv[0] === '--child') return childWork(argv[1] ?? '', Number(argv[2] ?? 50))
  const target = argv[0] ?? 'snapshot'
  const segIdx = argv.indexOf('--segments')
  const segments = segIdx >= 0 ? Number(argv[segIdx + 1]) : 4000
  let profile: string
  try {
    if (target === 'snapshot') {
      const set = await createSegments(segments, 4096)
      const att = await startAttachers(set.shmids, 50, 4)
      try {
        profile = await runProfiled([fileURLToPath(import.meta.url), '--child', 'snapshot', '60'])
      } finally {
        for (const a of att) await stopChild(a)
        await set.release()
      }
    } else if (target === 'poll-idle' || target === 'watch') {
      const watch = target === 'watch'
      const set = await createSegments(watch ? 64 : 1000, 4096)
      const extra = watch ? [await startWriter(set.shmids, 10, 120)] : await startAttachers(set.shmids, 50, 4)
      try {
        const cfg: PollChildConfig = { mode: watch ? 'watch' : 'idle', intervalMs: watch ? 50 : 100, warmupSeconds: 2, windowSeconds: 10, shmids: watch ? set.shmids : [], via: (argv.includes('--via') ? argv[argv.indexOf('--via') + 1] : 'service') as PollChildConfig['via'] }
        profile = await runProfiled([join(HERE, 'pollChild.ts'), JSON.stringify(cfg)])
      } finally {
        for (const a of extra) await stopChild(a)
        await set.release()
      }
    } else if (target === 'decode-wide') {
      profile = await runProfiled([fileURLToPath(import.meta.url), '--child', 'decode-wide', '1000'])
    } else {
      throw new Error(`unknown target ${target}`)
    }
  } finally {
    await cleanupEverything()
  }
  const rows = hotspots(profile, 30)
  process.stdout.write(`profile: ${profile}\n  self%  total%  function  (location)\n`)
  for (const r of rows) process.stdout.write(`${r.selfPct.toFixed(1).padStart(7)} ${r.totalPct.toFixed(1).padStart(7)}  ${r.fn}  (${r.where})\n`)
}

await main()
