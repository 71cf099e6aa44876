// The monitor engine against real processes and real segments: every counter value seen,
// the observer rules (own attach excluded, let go of a segment marked for destruction),
// exact lifecycle event counts, and 1,000 churn cycles without a leaked attachment.
import { readFileSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ChildProcess } from 'node:child_process'
import { cleanupAll, liveShmids, spawnTracked, trackShmid, waitForLine } from '../../helpers/native'
import { ShmscopeService } from '../../../src/main/core/service'
import type { ShmEvent } from '../../../src/shared/events'
import type { TickDelta, WatchSample } from '../../../src/shared/api'
import { SHARED_HEADER, cyclerBin, holderBin, producerBin, visitorBin } from './programs'

let producer = ''
let holder = ''
let cycler = ''
let visitor = ''
const services: ShmscopeService[] = []

function service(intervalMs: number): ShmscopeService {
  const s = new ShmscopeService({ intervalMs, ephemeral: true })
  services.push(s)
  return s
}

/** System V mappings of this process whose inode (the shmid) is `shmid`; all of them when omitted. */
function ownSysvMappings(shmid?: number): string[] {
  return readFileSync('/proc/self/maps', 'utf8')
    .split('\n')
    .filter((l) => l.includes('/SYSV'))
    .filter((l) => shmid === undefined || l.trim().split(/\s+/)[4] === String(shmid))
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
/** A key of this run only: nobody else's objects can collide with it. */
const runKey = (salt: number): number => (0x53500000 | ((process.pid * 16 + salt) & 0xfffff)) >>> 0

beforeAll(async () => {
  ;[producer, holder, cycler, visitor] = await Promise.all([producerBin(), holderBin(), cyclerBin(), visitorBin()])
})
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.dispose()))
  await cleanupAll()
})
afterAll(cleanupAll)

describe('payload watch', () => {
  it('sees every counter value of a producer updating every 100 ms, in order, when watched at 50 ms', async () => {
    const child = spawnTracked(producer, ['100000'])
    const shmid = trackShmid(Number((await waitForLine(child, /^shmid (\d+)/))[1]))
    const svc = service(50)
    const samples: WatchSample[] = []
    svc.subscribe((t) => samples.push(...t.samples))
    await svc.start()
    const started = await svc.startWatch({ target: { kind: 'sysv', shmid }, source: SHARED_HEADER, typeName: 'shared_data_t' })
    expect(started.ok, JSON.stringify(started)).toBe(true)
    await sleep(3000)
    const status = await svc.getStatus()
    const counters = samples.filter((s) => s.error === undefined).map((s) => (s.value as { counter: number }).counter)
    expect(counters.length).toBeGreaterThan(40)
    const distinct = counters.filter((c, i) => i === 0 || c !== counters[i - 1])
    const gaps = distinct.slice(1).filter((c, i) => c !== (distinct[i] as number) + 1)
    expect(gaps, `values jumped (skipped ticks: ${status.skippedTicks}): ${distinct.join(',')}`).toEqual([])
    expect(distinct.length).toBeGreaterThan(20)
    // nattch as the application sees it (the producer) and as the kernel counts it (with us).
    const last = samples[samples.length - 1] as WatchSample
    expect(last.nattch).toBe(1)
    expect(last.nattchKernel).toBe(2)
    const message = (last.value as { message: string }).message
    expect(message).toMatch(/^update \d+$/)
  })

  it('measures each field\'s update rate and keeps string changes, and does not count unchanged samples', async () => {
    const child = spawnTracked(producer, ['100000'])
    const shmid = trackShmid(Number((await waitForLine(child, /^shmid (\d+)/))[1]))
    const svc = service(50)
    await svc.start()
    const started = await svc.startWatch({ target: { kind: 'sysv', shmid }, source: SHARED_HEADER, typeName: 'shared_data_t' })
    expect(started.ok, JSON.stringify(started)).toBe(true)
    await sleep(5600) // one 5 s rate window
    const info = (await svc.listWatches())[0]
    // The producer writes counter and message ten times a second; ready stays 1 between writes.
    expect(info?.fieldRatesHz['counter']).toBeGreaterThan(7)
    expect(info?.fieldRatesHz['counter']).toBeLessThan(11)
    expect(info?.fieldRatesHz['message']).toBeCloseTo(info?.fieldRatesHz['counter'] as number, 0)
    expect(info?.fieldRatesHz['ready']).toBeLessThan(3)
    const texts = info?.textChanges ?? []
    expect(texts.length).toBeGreaterThan(20)
    expect(texts.every((t) => t.path === 'message' && /^update \d+$/.test(t.value))).toBe(true)
    const numbers = texts.map((t) => Number(t.value.split(' ')[1]))
    expect(numbers.every((n, i) => i === 0 || n > (numbers[i - 1] as number))).toBe(true)
  })
})

describe('observer rules', () => {
  it('lets go of a watched segment within the tick that sees IPC_RMID, so the kernel frees it at the last detach', async () => {
    const child = spawnTracked(holder)
    const shmid = trackShmid(Number((await waitForLine(child, /^shmid (\d+)/))[1]))
    const svc = service(10_000) // ticks driven by hand below
    const events: ShmEvent[] = []
    const samples: WatchSample[] = []
    svc.subscribe((t: TickDelta) => {
      events.push(...t.events)
      samples.push(...t.samples)
    })
    await svc.tickNow()
    const w = await svc.startWatch({ target: { kind: 'sysv', shmid }, source: 'struct raw { unsigned char b[64]; };', typeName: 'raw' })
    expect(w.ok).toBe(true)
    expect(ownSysvMappings(shmid)).toHaveLength(1)
    const mapping = ownSysvMappings(shmid)[0] as string
    expect(mapping.split(/\s+/)[1]).toBe('r--s') // attached read-only
    await svc.tickNow()
    const seg = (await svc.getSnapshot()).sysv.find((s) => s.shmid === shmid)
    expect(seg?.nattch).toBe(2)
    expect(seg?.attachments.map((a) => a.pid)).toEqual([child.pid]) // our own pid is left out

    child.stdin?.write('rmid\n')
    await waitForLine(child, /^rmid$/)
    await svc.tickNow() // the tick that sees SHM_DEST
    expect(ownSysvMappings(shmid)).toEqual([])
    expect((await svc.getStatus()).attachments).toBe(0)
    expect(samples[samples.length - 1]?.error).toMatch(/marked for destruction/)
    expect(events.filter((e) => e.shmid === shmid).map((e) => e.type)).toEqual(['marked-dest'])

    child.stdin?.write('detach\n')
    await waitForLine(child, /^detached$/)
    expect(liveShmids().has(shmid)).toBe(false) // freed at once: the monitor held nothing
    await svc.tickNow()
    expect(events.filter((e) => e.shmid === shmid).map((e) => e.type)).toEqual(['marked-dest', 'detached', 'removed'])
    expect(events.some((e) => e.pid === process.pid)).toBe(false)
  })
})

describe('lifecycle events', () => {
  it('reports exactly what a process did when each step is slower than the interval', async () => {
    const svc = service(50)
    const events: ShmEvent[] = []
    svc.subscribe((t) => events.push(...t.events))
    await svc.start()
    const cycles = 8
    const child = spawnTracked(cycler, [String(runKey(1)), String(cycles), '200000'])
    const ids = new Set<number>()
    child.stdout?.on('data', (b: Buffer) => {
      for (const m of b.toString().matchAll(/created (\d+)/g)) ids.add(trackShmid(Number(m[1])))
    })
    await waitForLine(child, /^done$/, 30_000)
    await sleep(300)
    const mine = events.filter((e) => e.shmid !== undefined && ids.has(e.shmid))
    const count = (type: string): number => mine.filter((e) => e.type === type).length
    expect(ids.size).toBe(cycles)
    const story = mine.map((e) => `${e.tMs % 100000} ${e.shmid} ${e.type}${e.inferred ? '?' : ''} pid=${e.pid} n=${e.nattch}`).join('\n')
    expect({ created: count('created'), attached: count('attached'), detached: count('detached'), removed: count('removed') }, story).toEqual({
      created: cycles,
      attached: cycles,
      detached: cycles,
      removed: cycles
    })
    expect(mine.filter((e) => e.type === 'attached' || e.type === 'detached').every((e) => e.pid === child.pid), story).toBe(true)
    expect(mine.filter((e) => e.type === 'attached').every((e) => e.nattch === 1), story).toBe(true)
    expect(mine.filter((e) => e.type === 'detached').every((e) => e.nattch === 0), story).toBe(true)
  })

  it('infers an attach and detach that happened between two ticks from the kernel times', async () => {
    const child = spawnTracked(holder)
    const shmid = trackShmid(Number((await waitForLine(child, /^shmid (\d+)/))[1]))
    const svc = service(10_000)
    const events: ShmEvent[] = []
    svc.subscribe((t) => events.push(...t.events))
    await svc.tickNow()
    // atime/dtime have one-second resolution: let the clock move on before the visit.
    await sleep(1100)
    const visit = spawnTracked(visitor, [String(shmid)])
    await waitForLine(visit, /^visited$/)
    await svc.tickNow()
    const mine = events.filter((e) => e.shmid === shmid)
    expect(mine.map((e) => [e.type, e.inferred, e.pid])).toEqual([
      ['attached', true, visit.pid],
      ['detached', true, visit.pid]
    ])
  })

  it('survives 1,000 fast create/attach/detach/remove cycles with a key-bound watch, and keeps no attachment after', async () => {
    const svc = service(50)
    const key = runKey(2)
    let ticks = 0
    const events: ShmEvent[] = []
    svc.subscribe((t) => {
      ticks++
      events.push(...t.events)
    })
    await svc.start()
    const w = await svc.startWatch({ target: { kind: 'sysv-key', key }, source: 'struct s { int i; };', typeName: 's' })
    expect(w.ok).toBe(true)
    const child: ChildProcess = spawnTracked(cycler, [String(key), '1000', '500'])
    const ids = new Set<number>()
    child.stdout?.on('data', (b: Buffer) => {
      for (const m of b.toString().matchAll(/created (\d+)/g)) ids.add(trackShmid(Number(m[1])))
    })
    await waitForLine(child, /^done$/, 60_000)
    const before = ticks
    await sleep(300)
    expect(ticks).toBeGreaterThan(before) // the loop is still running
    expect((await svc.getStatus()).lastError).toBeUndefined()
    expect(ids.size).toBe(1000)
    await svc.stopWatch(w.ok ? w.value.watchId : '')
    expect(ownSysvMappings()).toEqual([])
    expect((await svc.getStatus()).attachments).toBe(0)
    // Changes faster than the interval are sampled, never invented: no more events than happened.
    const mine = events.filter((e) => e.shmid !== undefined && ids.has(e.shmid))
    for (const type of ['created', 'removed']) expect(mine.filter((e) => e.type === type).length).toBeLessThanOrEqual(1000)
    expect(mine.some((e) => e.pid === process.pid)).toBe(false)
    for (const id of ids) expect(liveShmids().has(id)).toBe(false)
  }, 90_000)
})
