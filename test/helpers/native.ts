// Test support: compile small C programs with gcc, run them as tracked child processes,
// and remove every process, System V segment and /dev/shm object a test made — also when
// it fails (call `cleanupAll()` from afterEach/afterAll).
import { spawn, execFile, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, writeFileSync, rmSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const execFileP = promisify(execFile)
const binDir = join(tmpdir(), 'shmscope-test-bin')

const children = new Set<ChildProcess>()
const shmids = new Set<number>()
const posixNames = new Set<string>()

/** Compile `source` once per content and return the binary's path. */
export async function compileC(name: string, source: string, flags: string[] = []): Promise<string> {
  mkdirSync(binDir, { recursive: true })
  const hash = createHash('sha1').update(source).update(flags.join(' ')).digest('hex').slice(0, 12)
  const bin = join(binDir, `${name}-${hash}`)
  if (existsSync(bin)) return bin
  const src = `${bin}.c`
  writeFileSync(src, source)
  const tmpBin = `${bin}.tmp${process.pid}`
  await execFileP('gcc', ['-O1', '-Wall', '-o', tmpBin, src, ...flags, '-lrt', '-lpthread'])
  // rename is atomic, so concurrent test files never run a half-written binary.
  await execFileP('mv', ['-f', tmpBin, bin])
  return bin
}

/** Start a process that `cleanupAll()` will kill. */
export function spawnTracked(command: string, args: string[] = [], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options })
  children.add(child)
  child.once('exit', () => children.delete(child))
  return child
}

/** Resolve with the first stdout line matching `pattern` (rejects on exit or timeout). */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let buffered = ''
    let stderr = ''
    const timer = setTimeout(() => finish(new Error(`timed out waiting for ${pattern}; stdout so far: ${buffered.slice(-400)} stderr: ${stderr.slice(-400)}`)), timeoutMs)
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString()
      for (const line of buffered.split('\n')) {
        const m = line.match(pattern)
        if (m) return finish(undefined, m)
      }
    }
    const onErr = (chunk: Buffer): void => {
      stderr += chunk.toString()
    }
    const onExit = (code: number | null): void => finish(new Error(`process exited (${code}) before ${pattern}; stderr: ${stderr.slice(-400)}`))
    function finish(err?: Error, m?: RegExpMatchArray): void {
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      child.stderr?.off('data', onErr)
      child.off('exit', onExit)
      if (err) reject(err)
      else resolve(m as RegExpMatchArray)
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onErr)
    child.once('exit', onExit)
  })
}

/** Remember a segment so that cleanup removes it. */
export function trackShmid(shmid: number): number {
  shmids.add(shmid)
  return shmid
}

/** Remember a /dev/shm name (with or without leading slash) so that cleanup unlinks it. */
export function trackPosix(name: string): string {
  posixNames.add(name.replace(/^\//, ''))
  return name
}

/** Segments currently in /proc/sysvipc/shm, by shmid. */
export function liveShmids(): Set<number> {
  const lines = readFileSync('/proc/sysvipc/shm', 'utf8').trim().split('\n').slice(1)
  return new Set(lines.map((l) => Number(l.trim().split(/\s+/)[1])))
}

/** Kill every tracked process (SIGKILL after a grace period) and remove tracked objects. */
export async function cleanupAll(): Promise<void> {
  const waits = [...children].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        const hard = setTimeout(() => child.kill('SIGKILL'), 1500)
        child.once('exit', () => {
          clearTimeout(hard)
          resolve()
        })
        child.kill('SIGTERM')
      })
  )
  await Promise.all(waits)
  children.clear()
  const live = liveShmids()
  for (const id of shmids) {
    if (live.has(id)) await execFileP('ipcrm', ['-m', String(id)]).catch(() => undefined)
  }
  shmids.clear()
  for (const name of posixNames) rmSync(join('/dev/shm', name), { force: true })
  posixNames.clear()
}
