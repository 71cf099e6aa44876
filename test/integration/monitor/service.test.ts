// ShmscopeService as the transports use it: settings while running, saved layouts that re-attach
// by key, recordings written and replayed, history queries with a point budget — real segments.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { cleanupAll, spawnTracked, trackShmid, waitForLine } from '../../helpers/native'
import { ShmscopeService } from '../../../src/main/core/service'
import type { TickDelta } from '../../../src/shared/api'
import { SHARED_HEADER, cyclerBin, producerBin } from './programs'

const dataDir = mkdtempSync(join(tmpdir(), 'shmscope-service-'))
const services: ShmscopeService[] = []
let producer = ''
let cycler = ''
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

function service(intervalMs: number, dir?: string): ShmscopeService {
  const s = new ShmscopeService({ intervalMs, ...(dir ? { dataDir: dir } : { ephemeral: true }) })
  services.push(s)
  return s
}

async function startProducer(): Promise<number> {
  const child = spawnTracked(producer, ['50000'])
  return trackShmid(Number((await waitForLine(child, /^shmid (\d+)/))[1]))
}

beforeAll(async () => {
  ;[producer, cycler] = await Promise.all([producerBin(), cyclerBin()])
})
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.dispose()))
  await cleanupAll()
})
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe('settings', () => {
  it('changes the interval while running, and pause stops the ticks until resume', async () => {
    const svc = service(500)
    const ticks: number[] = []
    svc.subscribe((t) => ticks.push(t.tMs))
    await svc.start()
    expect((await svc.setSettings({ intervalMs: 50 })).ok).toBe(true)
    await sleep(1000)
    const fast = ticks.length
    expect(fast).toBeGreaterThan(8) // at 500 ms there would be about 3
    expect(await svc.setSettings({ paused: true })).toMatchObject({ ok: true, value: { paused: true, intervalMs: 50 } })
    const atPause = ticks.length
    await sleep(400)
    expect(ticks.length).toBeLessThanOrEqual(atPause + 1) // a tick already running may finish
    await svc.setSettings({ paused: false })
    await sleep(400)
    expect(ticks.length).toBeGreaterThan(atPause + 2)
    expect(await svc.setSettings({ intervalMs: 20 })).toMatchObject({ ok: false })
    const status = await svc.getStatus()
    expect(status.settings.intervalMs).toBe(50)
    expect(status.ticks).toBeGreaterThanOrEqual(ticks.length)
  })
})

describe('history', () => {
  it('answers a window with at most the point budget, nattch with and without the monitor', async () => {
    const shmid = await startProducer()
    const svc = service(50)
    await svc.start()
    const w = await svc.startWatch({ target: { kind: 'sysv', shmid }, source: SHARED_HEADER, typeName: 'shared_data_t' })
    expect(w.ok).toBe(true)
    await sleep(1500)
    const h = await svc.queryHistory({ objectId: `sysv:${shmid}`, series: ['nattch', 'nattchApp', 'sizeBytes'], maxPoints: 10 })
    expect(h.tMs.length).toBeGreaterThan(1)
    expect(h.tMs.length).toBeLessThanOrEqual(10)
    expect(h.series['nattchApp']?.at(-1)).toBe(1)
    expect(h.series['nattch']?.at(-1)).toBe(2)
    expect(h.series['sizeBytes']?.at(-1)).toBe(264)
    const fields = await svc.queryHistory({ objectId: `sysv:${shmid}`, series: ['field:counter'], maxPoints: 8 })
    expect(fields.rawPoints).toBeGreaterThan(10)
    expect(fields.tMs.length).toBeLessThanOrEqual(8)
    const counters = fields.series['field:counter'] as number[]
    expect(counters.every((c, i) => i === 0 || c >= (counters[i - 1] as number))).toBe(true)
    expect(counters.at(-1)).toBeGreaterThan(counters[0] as number)
  })
})

describe('saved layouts', () => {
  it('binds a layout to a key so that its watch attaches again when a new segment takes the key', async () => {
    const dir = mkdtempSync(join(dataDir, 'layouts-'))
    const svc = service(50, dir)
    const key = (0x53600000 | (process.pid & 0xfffff)) >>> 0
    const keyText = `key:0x${key.toString(16).padStart(8, '0')}`
    const saved = await svc.saveLayout({ name: 'one int', source: 'struct s { int i; };', typeName: 's', abi: 'x86_64', bindTo: keyText })
    expect(saved.ok).toBe(true)
    expect(await svc.saveLayout({ name: 'bad', source: 'struct {', typeName: 's', abi: 'x86_64' })).toMatchObject({ ok: false })
    const samples: TickDelta['samples'] = []
    svc.subscribe((t) => samples.push(...t.samples))
    await svc.start()
    // Two segments in a row under the key (each created, written with its cycle number, removed).
    const child = spawnTracked(cycler, [String(key), '2', '300000'])
    child.stdout?.on('data', (b: Buffer) => {
      for (const m of b.toString().matchAll(/created (\d+)/g)) trackShmid(Number(m[1]))
    })
    await waitForLine(child, /^done$/, 20_000)
    const values = samples.filter((s) => s.error === undefined).map((s) => (s.value as { i: number }).i)
    expect(values).toContain(0)
    expect(values).toContain(1)
    const watches = await svc.listWatches()
    expect(watches).toHaveLength(1)
    expect(watches[0]?.boundLayoutId).toBe(saved.ok ? saved.value.id : '')
    // The binding outlives the service: a new one finds it on disk.
    const again = service(50, dir)
    expect((await again.listLayouts()).map((l) => l.bindTo)).toEqual([keyText])
    await svc.deleteLayout(saved.ok ? saved.value.id : '')
    await svc.tickNow()
    expect(await svc.listWatches()).toEqual([])
  })
})

describe('recording and replay', () => {
  it('records a session to gzipped NDJSON and shows it again: the snapshot, the events and the history', async () => {
    const dir = mkdtempSync(join(dataDir, 'rec-'))
    const svc = service(50, dir)
    await svc.start()
    const started = await svc.startRecording()
    expect(started.ok).toBe(true)
    const shmid = await startProducer()
    await sleep(600)
    await cleanupAll() // the producer dies; its segment is removed
    await sleep(400)
    const stopped = await svc.stopRecording()
    expect(stopped.ok).toBe(true)
    if (!stopped.ok) return
    expect(stopped.value.path).toMatch(/\.ndjson\.gz$/)
    expect(stopped.value.ticks).toBeGreaterThan(5)
    expect((await svc.listRecordings()).map((r) => r.path)).toContain(stopped.value.path)

    const replayer = service(10_000, dir)
    await replayer.tickNow()
    const loaded = await replayer.loadRecording(stopped.value.path)
    expect(loaded.ok).toBe(true)
    expect((await replayer.getStatus()).replay?.path).toBe(stopped.value.path)
    const events = await replayer.listEvents({ objectId: `sysv:${shmid}` })
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['created', 'removed']))
    const h = await replayer.queryHistory({ objectId: `sysv:${shmid}`, series: ['nattchApp'], maxPoints: 100 })
    expect(h.series['nattchApp']).toContain(1)
    expect((await replayer.getSnapshot()).sysv.some((s) => s.shmid === shmid)).toBe(false)
    // A path outside the recordings folder is refused; undefined goes back to live.
    expect(await replayer.loadRecording('/etc/passwd.ndjson')).toMatchObject({ ok: false })
    expect(await replayer.loadRecording(undefined)).toEqual({ ok: true, value: null })
    expect((await replayer.getStatus()).replay).toBeNull()
  })
})
