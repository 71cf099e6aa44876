// Owns a running demo: starts its real processes, remembers every object they make, and on stop
// (or when the owner exits) kills them all and removes every segment, semaphore set and /dev/shm
// object the demo made — the deliberate leak included — then sweeps its private keys and prefix.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomBytes } from 'node:crypto'
import type { DemoScenarioInfo, DemoStatus, Result } from '../shared/api'
import { ALL_PROJ_IDS, SEM_PROJ_IDS, findScenario, scenarioNames, scenarios, type RunFacts, type Scenario } from './scenarios'
import type { WorkerConfig } from './worker'

const GRACE_MS = 1500

/** glibc's ftok(3): low 16 bits of the inode, low 8 of the device, 8 of the project id. */
export function ftokOf(path: string, projId: number): number {
  const st = statSync(path, { bigint: true })
  return (Number(st.ino & 0xffffn) | (Number(st.dev & 0xffn) << 16) | ((projId & 0xff) << 24)) >>> 0
}

const keyText = (key: number): string => `key:0x${key.toString(16).padStart(8, '0')}`

/** How to start a worker: the built JS under Node (or Electron as Node), or the TS source under tsx. */
export function workerCommand(): { command: string; args: string[]; cwd?: string; env: NodeJS.ProcessEnv } {
  const here = dirname(fileURLToPath(import.meta.url))
  const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1' }
  for (const candidate of [join(here, 'demoWorker.js'), join(here, '..', 'demoWorker.js')]) {
    if (existsSync(candidate)) return { command: process.execPath, args: [candidate], env }
  }
  const source = join(here, 'worker.ts')
  if (existsSync(source)) return { command: process.execPath, args: ['--import', 'tsx', source], cwd: join(here, '..', '..'), env }
  throw new Error('the demo worker is missing: run `npm run build`')
}

interface Running {
  scenario: Scenario
  startedAtMs: number
  children: { child: ChildProcess; role: string }[]
  made: { shm: Set<number>; sem: Set<number>; posix: Set<string> }
}

export class DemoManager {
  private readonly dir: string
  private readonly keyFile: string
  private readonly tag: string
  private running: Running | undefined
  private readonly onExit = (): void => this.cleanupSync()

  /** `timeScale` below 1 runs the writer's story faster (tests). */
  constructor(private readonly options: { timeScale?: number } = {}) {
    this.tag = randomBytes(3).toString('hex')
    this.dir = mkdtempSync(join(tmpdir(), 'shmscope-demo-'))
    this.keyFile = join(this.dir, 'ftok-key')
    writeFileSync(this.keyFile, 'shmscope demo: System V keys come from ftok() on this file\n')
    process.on('exit', this.onExit)
  }

  private get run(): RunFacts {
    return { keyFile: this.keyFile, posixPrefix: `/shmscope-demo-${this.tag}` }
  }

  /** The target text of the object a scenario points at first. */
  private target(spec: { projId?: number; posixName?: string }): string | undefined {
    if (spec.posixName) return spec.posixName
    return spec.projId === undefined ? undefined : keyText(ftokOf(this.keyFile, spec.projId))
  }

  listScenarios(): DemoScenarioInfo[] {
    return scenarios.map((s) => ({ name: s.name, title: s.title, description: s.description, highlight: this.target(s.highlight(this.run)) }))
  }

  /** The run's private key file and POSIX prefix (tests check that nothing of them remains). */
  get facts(): RunFacts & { keys: number[]; semKeys: number[] } {
    return { ...this.run, keys: ALL_PROJ_IDS.map((p) => ftokOf(this.keyFile, p)), semKeys: SEM_PROJ_IDS.map((p) => ftokOf(this.keyFile, p)) }
  }

  /** What runs now and what to look at. */
  lookAt(): string[] {
    return this.running?.scenario.lookAt ?? []
  }

  status(): DemoStatus {
    const r = this.running
    if (!r) return { running: false, processes: [], headers: [] }
    return {
      running: true,
      scenario: r.scenario.name,
      startedAtMs: r.startedAtMs,
      processes: r.children.filter((c) => c.child.exitCode === null && c.child.signalCode === null).map((c) => ({ pid: c.child.pid ?? 0, role: c.role })),
      headers: r.scenario.headers(this.run).map((h) => ({ name: h.name, source: h.source, typeName: h.typeName, bindTo: this.target(h) }))
    }
  }

  async start(name: string): Promise<Result<DemoStatus>> {
    const scenario = findScenario(name)
    if (!scenario) return { ok: false, error: `no demo scenario '${name}' (one of ${scenarioNames.join(', ')})` }
    await this.stop()
    let cmd
    try {
      cmd = workerCommand()
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) }
    }
    const r: Running = { scenario, startedAtMs: Date.now(), children: [], made: { shm: new Set(), sem: new Set(), posix: new Set() } }
    this.running = r
    let reported = 0
    for (const spec of scenario.processes(this.run)) {
      if (spec.afterMade) await this.waitFor(() => reported >= r.children.length, 5000)
      const child = spawn(cmd.command, [...cmd.args, spec.role, JSON.stringify({ ...spec.config, timeScale: this.options.timeScale } satisfies WorkerConfig)], { cwd: cmd.cwd, env: cmd.env, stdio: ['ignore', 'pipe', 'pipe'] })
      let first = true
      let buffered = ''
      child.stdout?.on('data', (b: Buffer) => {
        buffered += b.toString()
        const lines = buffered.split('\n')
        buffered = lines.pop() ?? ''
        for (const line of lines) {
          try {
            const msg = JSON.parse(line) as { made?: { kind: 'shm' | 'sem' | 'posix'; id: number | string }; ready?: boolean }
            if (msg.made?.kind === 'shm') r.made.shm.add(msg.made.id as number)
            else if (msg.made?.kind === 'sem') r.made.sem.add(msg.made.id as number)
            else if (msg.made?.kind === 'posix') r.made.posix.add(msg.made.id as string)
            if (first && (msg.made || msg.ready)) {
              first = false
              reported++
            }
          } catch {
            // Not one of ours: ignore.
          }
        }
      })
      child.stderr?.on('data', () => undefined)
      // A worker that only reads makes nothing: it counts as reported once it runs.
      if (!['writer', 'producer', 'sensor', 'counter-owner', 'ring-producer', 'leaker', 'doomed'].includes(spec.role) && !(spec.role === 'churner' && spec.config.slot === 0)) {
        first = false
        reported++
      }
      if (spec.killAfterMs !== undefined) {
        const timer = setTimeout(() => child.kill('SIGKILL'), spec.killAfterMs)
        child.once('exit', () => clearTimeout(timer))
      }
      r.children.push({ child, role: spec.role })
    }
    await this.waitFor(() => reported >= r.children.length, 5000)
    return { ok: true, value: this.status() }
  }

  private async waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
    const end = Date.now() + timeoutMs
    while (!done() && Date.now() < end) await new Promise((res) => setTimeout(res, 25))
  }

  /** Stop every process, then remove every object the demo made. */
  async stop(): Promise<DemoStatus> {
    const r = this.running
    if (!r) return this.status()
    this.running = undefined
    await Promise.all(
      r.children.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve()
            const hard = setTimeout(() => child.kill('SIGKILL'), GRACE_MS)
            child.once('exit', () => {
              clearTimeout(hard)
              resolve()
            })
            child.kill('SIGTERM')
          })
      )
    )
    await this.removeObjects(r.made)
    return this.status()
  }

  private cleanupConfig(made?: Running['made']): WorkerConfig['cleanup'] {
    const posix = new Set(made?.posix ?? [])
    const prefix = this.run.posixPrefix.slice(1)
    for (const name of readdirSync('/dev/shm')) if (name.startsWith(prefix)) posix.add(`/${name}`)
    return {
      shm: [...(made?.shm ?? [])],
      sem: [...(made?.sem ?? [])],
      posix: [...posix],
      keys: ALL_PROJ_IDS.map((p) => ftokOf(this.keyFile, p)),
      semKeys: SEM_PROJ_IDS.map((p) => ftokOf(this.keyFile, p))
    }
  }

  /** Removal runs in a worker: the monitor's own process holds no bindings that remove or write. */
  private async removeObjects(made: Running['made']): Promise<void> {
    const cmd = workerCommand()
    await new Promise<void>((resolve) => {
      const child = spawn(cmd.command, [...cmd.args, 'cleanup', JSON.stringify({ cleanup: this.cleanupConfig(made) })], { cwd: cmd.cwd, env: cmd.env, stdio: 'ignore' })
      child.once('exit', () => resolve())
      child.once('error', () => resolve())
    })
  }

  /** Last resort when the owner exits without stop(): kill and remove synchronously. */
  private cleanupSync(): void {
    const r = this.running
    this.running = undefined
    try {
      if (r) {
        for (const { child } of r.children) child.kill('SIGKILL')
        const cmd = workerCommand()
        spawnSync(cmd.command, [...cmd.args, 'cleanup', JSON.stringify({ cleanup: this.cleanupConfig(r.made) })], { cwd: cmd.cwd, env: cmd.env, stdio: 'ignore', timeout: 10_000 })
      }
    } catch {
      // Exiting anyway: nothing more can be done here.
    }
    rmSync(this.dir, { recursive: true, force: true })
  }

  /** Stop and forget: removes the private key file too (call once, at the end). */
  async dispose(): Promise<void> {
    await this.stop()
    process.off('exit', this.onExit)
    rmSync(this.dir, { recursive: true, force: true })
  }
}
