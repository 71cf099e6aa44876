// /metrics as text: the names and labels the dashboard and the alert rules use, bounded cardinality, opt-in fields.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MAX_OBJECTS, renderMetrics, type MetricsSource } from '../../../src/main/server/metrics'
import { fakeService, SNAPSHOT } from '../server/fakeService'
import type { Snapshot, SysvSegment } from '../../../src/shared/snapshot'
import type { WatchInfo, WatchSample } from '../../../src/shared/api'

const deploy = join(__dirname, '../../../deploy')
const seg = SNAPSHOT.sysv[0] as SysvSegment

function source(snapshot: Snapshot, withWatch = false): MetricsSource {
  const svc = fakeService()
  const watch = { watchId: 'w1', objectId: 'sysv:7', target: { kind: 'sysv', shmid: 7 }, typeName: 'T', abi: 'x86_64', layout: { type: 'T', abi: 'x86_64', sizeBytes: 8, alignBytes: 4, fields: [] }, startedAtMs: 0, samples: 3, tornSamples: 1, fieldRatesHz: {} } as WatchInfo
  const sample: WatchSample = { watchId: 'w1', target: '7', type: 'T', abi: 'x86_64', takenAtMs: 1, torn: false, value: { counter: 41, nested: { temp: 21.5, ok: true }, label: 'x' }, nattch: 0 }
  return {
    getSnapshot: async () => snapshot,
    getStatus: svc.getStatus,
    listWatches: async () => (withWatch ? [watch] : []),
    latestSamples: () => (withWatch ? [sample] : [])
  }
}

const metricNames = (text: string): Set<string> => new Set(text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(/[{ ]/)[0] as string))

describe('renderMetrics', () => {
  it('exports a segment with its labels, the limits and the monitor', async () => {
    const { body, contentType } = await renderMetrics(source(SNAPSHOT))
    expect(contentType).toMatch(/text\/plain/)
    expect(body).toMatch(/^shmscope_sysv_nattch\{shmid="7",key="0x00004243",owner="root"\} 1$/m)
    expect(body).toMatch(/^shmscope_sysv_size_bytes\{shmid="7",key="0x00004243",owner="root"\} 64$/m)
    expect(body).toMatch(/^shmscope_sysv_segments_limit 4096$/m)
    expect(body).toMatch(/^shmscope_monitor_ticks_total 3$/m)
    expect(body).not.toMatch(/shmscope_watch_field/)
  })

  it('flags an orphaned segment: nobody attached and the creator gone', async () => {
    const snap = { ...SNAPSHOT, sysv: [{ ...seg, nattch: 0 }] }
    expect((await renderMetrics(source(snap))).body).toMatch(/^shmscope_sysv_orphaned\{[^}]*\} 1$/m)
    expect((await renderMetrics(source(SNAPSHOT))).body).toMatch(/^shmscope_sysv_orphaned\{[^}]*\} 0$/m)
  })

  it(`exports at most ${MAX_OBJECTS} objects, the largest, and counts the rest`, async () => {
    const many = Array.from({ length: MAX_OBJECTS + 25 }, (_, i) => ({ ...seg, shmid: i + 1, sizeBytes: 1000 + i }))
    const { body } = await renderMetrics(source({ ...SNAPSHOT, sysv: many }))
    expect(body.split('\n').filter((l) => l.startsWith('shmscope_sysv_size_bytes{')).length).toBe(MAX_OBJECTS)
    expect(body).toMatch(/^shmscope_objects_not_exported 25$/m)
    expect(body).not.toMatch(/shmid="1",/) // the smallest went
  })

  it('exports watched fields only when asked, numbers and booleans', async () => {
    const off = await renderMetrics(source(SNAPSHOT, true))
    expect(off.body).toMatch(/^shmscope_watch_nattch\{watch="w1",target="7",type="T"\} 0$/m)
    expect(off.body).toMatch(/^shmscope_watch_torn_samples_total\{[^}]*\} 1$/m)
    expect(off.body).not.toMatch(/shmscope_watch_field/)
    const on = await renderMetrics(source(SNAPSHOT, true), { fields: true })
    expect(on.body).toMatch(/^shmscope_watch_field\{watch="w1",target="7",type="T",field="counter"\} 41$/m)
    expect(on.body).toMatch(/field="nested.temp"\} 21.5$/m)
    expect(on.body).toMatch(/field="nested.ok"\} 1$/m)
    expect(on.body).not.toMatch(/field="label"/)
  })

  it('has every metric the Grafana dashboard and the alert rules query', async () => {
    const { body } = await renderMetrics(source({ ...SNAPSHOT, posix: [{ name: '/x', kind: 'shm', sizeBytes: 1, mode: 0o600, permsOctal: '600', uid: 0, gid: 0, owner: 'root', mtimeMs: 0, inode: 1, attachments: [] }], sysv: [{ ...seg, atimeMs: 1, dtimeMs: 1 }] }, true), { fields: true })
    const have = metricNames(body)
    const dashboard = readFileSync(join(deploy, 'grafana/shmscope-dashboard.json'), 'utf8')
    const rules = readFileSync(join(deploy, 'prometheus/shmscope-rules.yml'), 'utf8')
    const used = new Set([...`${dashboard}\n${rules}`.matchAll(/\bshmscope_[a-z_]+/g)].map((m) => m[0]))
    expect(used.size).toBeGreaterThan(15)
    expect([...used].filter((n) => !have.has(n))).toEqual([])
    const dash = JSON.parse(dashboard) as { panels: { targets: { expr: string }[] }[] }
    expect(dash.panels.every((p) => p.targets.length > 0)).toBe(true)
  })
})
