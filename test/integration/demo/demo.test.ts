// Each demo scenario under the real monitor: it shows what it promises (lost updates without the
// lock and none with it, the leak orphaned, the dying segment, churn, the ring moving), and after
// stop nothing the demo made is left in /proc/sysvipc/shm, /proc/sysvipc/sem or /dev/shm.
import { readdirSync, readFileSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DemoManager } from '../../../src/demo/manager'
import { ShmscopeService } from '../../../src/main/core/service'
import { readOnce } from '../../../src/main/core/attach/reader'
import { compileHeader, createDecoder, layoutOf } from '../../../src/main/core/layout/index'
import { COUNTER_HEADER, RING_HEADER, SENSOR_HEADER } from '../../../src/demo/headers'
import type { ShmEvent } from '../../../src/shared/events'
import type { Snapshot, SysvSegment } from '../../../src/shared/snapshot'

const root = join(__dirname, '../../..')
const managers: DemoManager[] = []
const services: ShmscopeService[] = []
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.dispose()))
  await Promise.all(managers.splice(0).map((m) => m.dispose()))
})

/** Keys (second column) of /proc/sysvipc/shm or /proc/sysvipc/sem. */
function kernelKeys(file: 'shm' | 'sem'): Set<number> {
  const rows = readFileSync(`/proc/sysvipc/${file}`, 'utf8').trim().split('\n').slice(1)
  return new Set(rows.map((r) => Number(r.trim().split(/\s+/)[0]) >>> 0))
}

async function startDemo(name: string): Promise<{ manager: DemoManager; service: ShmscopeService; events: ShmEvent[]; facts: DemoManager['facts'] }> {
  const manager = new DemoManager({ timeScale: 0.2 })
  managers.push(manager)
  const service = new ShmscopeService({ intervalMs: 100, ephemeral: true })
  services.push(service)
  const events: ShmEvent[] = []
  service.subscribe((t) => events.push(...t.events))
  await service.start()
  const started = await manager.start(name)
  expect(started.ok, JSON.stringify(started)).toBe(true)
  return { manager, service, events, facts: manager.facts }
}

/** After stop: none of the run's keys, semaphores or POSIX names remain. */
async function expectNothingLeft(manager: DemoManager, facts: DemoManager['facts']): Promise<void> {
  await manager.stop()
  const shm = kernelKeys('shm')
  const sem = kernelKeys('sem')
  expect(facts.keys.filter((k) => shm.has(k))).toEqual([])
  expect(facts.semKeys.filter((k) => sem.has(k))).toEqual([])
  expect(readdirSync('/dev/shm').filter((n) => n.startsWith(facts.posixPrefix.slice(1)))).toEqual([])
}

/** Poll `check` until it returns a value or `timeoutMs` passes (workers start slower on a loaded machine). */
async function until<T>(check: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await check()
    if (v !== undefined || Date.now() > end) return v
    await sleep(250)
  }
}

const byKey = (snap: Snapshot, key: number): SysvSegment | undefined => snap.sysv.find((s) => s.key === key)

async function decodeKey<T>(header: string, type: string, key: number): Promise<T> {
  const layout = layoutOf(await compileHeader(header), type, 'x86_64')
  const r = readOnce({ kind: 'sysv-key', key }, 0, layout.json.sizeBytes)
  if (!r.ok) throw new Error(r.message)
  return createDecoder(layout)(r.bytes).value as T
}

describe('demo scenarios under the monitor', () => {
  it('locked-counter: lost updates above 0 without the lock, exactly 0 with it', async () => {
    const { manager, facts } = await startDemo('locked-counter')
    const [lockedKey, unlockedKey] = [facts.keys[5] as number, facts.keys[6] as number]
    type Counter = { counter: number; increments: number[] }
    // Usually counting within 1 s; waited for (then 1 s more), as workers start late on a loaded machine.
    await until(async () => {
      const counting = await Promise.all([lockedKey, unlockedKey].map((k) => decodeKey<Counter>(COUNTER_HEADER, 'counter_t', k).then((c) => c.counter > 0, () => false)))
      return counting.every(Boolean) ? true : undefined
    }, 20_000)
    await sleep(1000)
    let lostUnlocked = 0
    for (let i = 0; i < 5; i++) {
      const locked = await decodeKey<Counter>(COUNTER_HEADER, 'counter_t', lockedKey)
      const unlocked = await decodeKey<Counter>(COUNTER_HEADER, 'counter_t', unlockedKey)
      const sum = (c: Counter): number => c.increments.reduce((a, b) => a + b, 0)
      expect(locked.counter).toBeGreaterThan(0)
      expect(sum(locked) - locked.counter).toBe(0)
      lostUnlocked = sum(unlocked) - unlocked.counter
      await sleep(200)
    }
    expect(lostUnlocked).toBeGreaterThan(0)
    await expectNothingLeft(manager, facts)
  }, 60_000)

  it('lifecycle: the leak is orphaned, a segment is marked for destruction while attached, churn moves nattch', async () => {
    const { manager, service, events, facts } = await startDemo('lifecycle')
    const isDoomed = (s: SysvSegment): boolean => s.dest && s.attachments.length === 1 && manager.status().processes.some((p) => p.pid === s.cpid && p.role === 'doomed')
    // Usually about 4 s; waited for, not slept, as the workers start late on a loaded machine.
    const snap =
      (await until(async () => {
        const s = await service.getSnapshot()
        const leaked = byKey(s, facts.keys[7] as number)
        const churning = byKey(s, facts.keys[9] as number)
        const moved = events.filter((e) => e.shmid === churning?.shmid && (e.type === 'attached' || e.type === 'detached')).length
        return leaked && leaked.creatorCommand === null && leaked.nattch === 0 && s.sysv.some(isDoomed) && moved >= 4 ? s : undefined
      }, 20_000)) ?? (await service.getSnapshot())
    const leak = byKey(snap, facts.keys[7] as number)
    expect(leak, 'the leaked segment').toBeDefined()
    expect(leak?.nattch).toBe(0)
    expect(leak?.creatorCommand).toBeNull()
    const doomed = snap.sysv.find(isDoomed)
    expect(doomed, 'a dest segment with its creator attached').toBeDefined()
    const churn = byKey(snap, facts.keys[9] as number)
    expect(churn).toBeDefined()
    const moves = events.filter((e) => e.shmid === churn?.shmid && (e.type === 'attached' || e.type === 'detached'))
    expect(moves.length).toBeGreaterThanOrEqual(4)
    await expectNothingLeft(manager, facts)
    expect(kernelKeys('shm').has(facts.keys[7] as number)).toBe(false) // the leak too
  }, 60_000)

  it('writer-reader: readers move nattch, the writer marks the segment for removal and it goes', async () => {
    const { manager, service, events, facts } = await startDemo('writer-reader')
    const key = facts.keys[0] as number
    // One generation at timeScale 0.2 takes about 3 s; waited for, as workers start late on a loaded machine.
    await until(async () => {
      const created = events.find((e) => e.type === 'created' && e.key === key)
      return created && events.some((e) => e.type === 'removed' && e.shmid === created.shmid) ? true : undefined
    }, 20_000)
    const first = events.find((e) => e.type === 'created' && e.key === key)
    expect(first).toBeDefined()
    const mine = events.filter((e) => e.shmid === first?.shmid)
    expect(mine.filter((e) => e.type === 'attached').length).toBeGreaterThanOrEqual(2)
    expect(mine.some((e) => e.type === 'marked-dest')).toBe(true)
    expect(mine.some((e) => e.type === 'removed')).toBe(true)
    expect((await service.getSnapshot()).sysv.some((s) => s.shmid === first?.shmid)).toBe(false)
    await expectNothingLeft(manager, facts)
  }, 60_000)

  it('sensors and producer-consumer: values that move, consumers attached read-only', async () => {
    const { manager, service, facts } = await startDemo('sensors')
    await until(async () => (byKey(await service.getSnapshot(), facts.keys[2] as number) ? true : undefined), 20_000)
    await sleep(500)
    const a = await decodeKey<{ sensor_id: number; value: number; status: string }>(SENSOR_HEADER, 'struct SensorData', facts.keys[2] as number)
    await sleep(1200)
    const b = await decodeKey<{ sensor_id: number; value: number; status: string }>(SENSOR_HEADER, 'struct SensorData', facts.keys[2] as number)
    expect(a.sensor_id).toBe(1)
    expect(b.value).not.toBe(a.value)
    expect(['OK', 'HIGH', 'LOW']).toContain(b.status)
    await expectNothingLeft(manager, facts)

    const started = await manager.start('producer-consumer')
    expect(started.ok).toBe(true)
    await until(async () => {
      await service.tickNow()
      return (byKey(await service.getSnapshot(), facts.keys[1] as number)?.attachments.length ?? 0) >= 3 ? true : undefined
    }, 20_000)
    const seg = byKey(await service.getSnapshot(), facts.keys[1] as number)
    expect(seg?.attachments.filter((x) => x.readOnly)).toHaveLength(2)
    expect(seg?.attachments.filter((x) => !x.readOnly)).toHaveLength(1)
    await expectNothingLeft(manager, facts)
  }, 60_000)

  it('posix-ring: a /dev/shm object mapped by both, head advancing', async () => {
    const { manager, service, facts } = await startDemo('posix-ring')
    const name = `${facts.posixPrefix}-ring`
    await until(async () => {
      await service.tickNow()
      return ((await service.getSnapshot()).posix.find((p) => p.name === name)?.attachments.length ?? 0) >= 2 ? true : undefined
    }, 20_000)
    const obj = (await service.getSnapshot()).posix.find((p) => p.name === name)
    expect(obj?.attachments).toHaveLength(2)
    const layout = layoutOf(await compileHeader(RING_HEADER), 'ring_t', 'x86_64')
    const read = (): { head: number; tail: number } => {
      const r = readOnce({ kind: 'posix', name })
      if (!r.ok) throw new Error(r.message)
      return createDecoder(layout)(r.bytes).value as { head: number; tail: number }
    }
    const before = read()
    await sleep(800)
    const after = read()
    expect(after.head).toBeGreaterThan(before.head)
    expect(after.tail).toBeLessThanOrEqual(after.head)
    await expectNothingLeft(manager, facts)
  }, 60_000)
})

describe('shmscope demo', () => {
  function run(args: string[], interruptAfterMs?: number): Promise<{ code: number | null; out: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'demo', ...args], { cwd: root })
      let out = ''
      child.stdout.on('data', (b: Buffer) => (out += b.toString()))
      child.stderr.on('data', (b: Buffer) => (out += b.toString()))
      const hard = setTimeout(() => child.kill('SIGKILL'), 60_000)
      if (interruptAfterMs) {
        // Interrupt once it says it runs, as Ctrl+C would.
        const onData = (): void => {
          if (!/is running/.test(out)) return
          child.stdout.off('data', onData)
          setTimeout(() => child.kill('SIGINT'), interruptAfterMs)
        }
        child.stdout.on('data', onData)
      }
      child.on('exit', (code) => {
        clearTimeout(hard)
        resolve({ code, out })
      })
    })
  }
  const demoKeys = (out: string): number[] => [...out.matchAll(/key:0x([0-9a-f]{8})/g)].map((m) => parseInt(m[1] as string, 16))
  const demoPosix = (out: string): string[] => [...out.matchAll(/(\/shmscope-demo-[0-9a-f]+-\w+)/g)].map((m) => (m[1] as string).slice(1))

  it('runs a scenario for its duration, says what to look at, and leaves nothing', async () => {
    const r = await run(['--scenario', 'lifecycle', '--duration-s', '3'])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/What to look at/)
    expect(r.out).toMatch(/nothing left behind/)
    const keys = demoKeys(r.out)
    expect(keys.length).toBeGreaterThan(0)
    const shm = kernelKeys('shm')
    expect(keys.filter((k) => shm.has(k))).toEqual([])
  }, 60_000)

  it('cleans up everything on Ctrl+C, POSIX objects and semaphores included', async () => {
    const r = await run(['--scenario', 'all'], 1500)
    expect(r.code).toBe(0)
    const shm = kernelKeys('shm')
    const sem = kernelKeys('sem')
    expect(demoKeys(r.out).filter((k) => shm.has(k) || sem.has(k))).toEqual([])
    const names = demoPosix(r.out)
    expect(names.length).toBeGreaterThan(0)
    expect(readdirSync('/dev/shm').filter((n) => names.includes(n))).toEqual([])
  }, 90_000)

  it('refuses an unknown scenario with exit 1 and lists the names', async () => {
    const r = await run(['--scenario', 'nope'])
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/locked-counter/)
  })
})
