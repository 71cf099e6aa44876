// Starts `shmscope serve` from source as a tracked child and waits until it answers HTTP.
import type { ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { spawnTracked } from '../../test/helpers/native'
import { stopChild } from '../lib/fixtures'
import { sleep } from '../lib/stats'

const REPO = fileURLToPath(new URL('../../', import.meta.url))

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const a = s.address()
      const port = typeof a === 'object' && a ? a.port : 0
      s.close(() => resolve(port))
    })
  })
}

export interface ServeHandle {
  url: string
  pid: number
  child: ChildProcess
  stderr: () => string
  stop: () => Promise<void>
}

/** `node --import tsx src/cli/index.ts serve --port P [...extra]`, ready when GET / is 200. */
export async function startServe(extra: string[] = [], timeoutMs = 60_000): Promise<ServeHandle> {
  const port = await freePort()
  const child = spawnTracked(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'serve', '--port', String(port), ...extra], { cwd: REPO })
  let err = ''
  child.stderr?.on('data', (c: Buffer) => {
    err = (err + c.toString()).slice(-4000)
  })
  child.stdout?.resume()
  const url = `http://127.0.0.1:${port}/`
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}: ${err.slice(-600)}`)
    try {
      const res = await fetch(url)
      if (res.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopChild(child)
      throw new Error(`serve did not answer within ${timeoutMs} ms: ${err.slice(-600)}`)
    }
    await sleep(250)
  }
  return {
    url,
    pid: child.pid ?? 0,
    child,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM')
      await stopChild(child)
    }
  }
}

/** Resident set size of a process in MiB, from /proc/<pid>/status (proc(5) VmRSS). */
export async function rssMb(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises')
  const text = await readFile(`/proc/${pid}/status`, 'utf8')
  const m = /VmRSS:\s+(\d+) kB/.exec(text)
  return m ? Number(m[1]) / 1024 : Number.NaN
}
