import { describe, expect, it } from 'vitest'
import { applyDelta, isGap } from '../../../src/renderer/src/model/delta'
import { buildRows, filterRows, sortRows, gauges } from '../../../src/renderer/src/model/segments'
import { addToHeat, changedOffsets, emptyHeat, heatLevel, hexRows } from '../../../src/renderer/src/model/hex'
import { historyToCsv, eventsToCsv, historyToJson } from '../../../src/renderer/src/model/csv'
import { FieldActivity, appendSample, downsampleRows, emptySeries, numericLeaves } from '../../../src/renderer/src/model/fields'
import { describeEvent, matchesEvent, mergeEvents } from '../../../src/renderer/src/model/events'
import { decodeMessage } from '../../../src/renderer/src/api/wireDecode'
import { targetToObjectId, bindTextOf } from '../../../src/renderer/src/model/objects'
import { encodeWire } from '../../../src/main/server/wireCodec'
import type { Snapshot, SysvSegment, TickDelta } from '../../../src/shared'

function seg(shmid: number, over: Partial<SysvSegment> = {}): SysvSegment {
  return {
    shmid, key: shmid * 16, keyHex: `0x${(shmid * 16).toString(16).padStart(8, '0')}`, sizeBytes: 4096, nattch: 1, mode: 0o600, permsOctal: '600', dest: false, locked: false,
    uid: 0, gid: 0, cuid: 0, cgid: 0, owner: 'root', cpid: 100 + shmid, lpid: 200 + shmid, creatorCommand: '/usr/bin/producer --x', atimeMs: 1000, dtimeMs: null, ctimeMs: 900,
    rssBytes: 4096, swapBytes: 0, attachments: [{ pid: 200 + shmid, comm: 'reader', readOnly: true }], attachmentsHidden: 0, ...over
  }
}
const snap = (sysv: SysvSegment[]): Snapshot => ({
  takenAtMs: 1, sysv, posix: [{ name: '/ring', kind: 'shm', sizeBytes: 100, mode: 0o644, permsOctal: '644', uid: 0, gid: 0, owner: 'root', mtimeMs: 5, inode: 9, attachments: [] }],
  limits: { shmmaxBytes: 1e12, shmallPages: 1000, shmmni: 4096, pageSizeBytes: 4096 }, usage: { segments: sysv.length, sizeBytes: 0, rssBytes: 0 }
})
const delta = (over: Partial<TickDelta>): TickDelta => ({
  seq: 2, tMs: 50, durationMs: 1, skippedTicks: 0, upserted: { sysv: [], posix: [] }, removed: { sysv: [], posix: [] }, usage: { segments: 0, sizeBytes: 0, rssBytes: 0 }, events: [], samples: [], ...over
})

describe('applyDelta', () => {
  it('updates, adds and removes, keeping order and leaving the input alone', () => {
    const s = snap([seg(1), seg(2), seg(3)])
    const next = applyDelta(s, delta({ upserted: { sysv: [seg(2, { nattch: 7 }), seg(9)], posix: [] }, removed: { sysv: [1], posix: ['/ring'] } }))
    expect(next.sysv.map((x) => [x.shmid, x.nattch])).toEqual([[2, 7], [3, 1], [9, 1]])
    expect(next.posix).toEqual([])
    expect(next.takenAtMs).toBe(50)
    expect(s.sysv.map((x) => x.shmid)).toEqual([1, 2, 3])
  })
  it('spots a missed tick', () => {
    expect(isGap(undefined, delta({ seq: 5 }))).toBe(false)
    expect(isGap(4, delta({ seq: 5 }))).toBe(false)
    expect(isGap(3, delta({ seq: 5 }))).toBe(true)
  })
})

describe('segment rows', () => {
  it('badges: dest, orphaned (nattch 0 and creator gone), locked, hidden', () => {
    const rows = buildRows(snap([seg(1, { dest: true }), seg(2, { nattch: 0, creatorCommand: null }), seg(3, { nattch: 0 }), seg(4, { locked: true, attachmentsHidden: 2 })]))
    expect(rows.map((r) => r.badges)).toEqual([['dest'], ['orphaned'], [], ['locked', 'hidden'], []])
    expect(rows[0]?.creatorName).toBe('producer')
    expect(rows[0]?.lastName).toBe('reader')
    expect(rows[4]).toMatchObject({ kind: 'posix', idText: '/ring', nattch: 0 })
  })
  it('sorts numerically by id and by nattch, both directions, stable', () => {
    const rows = buildRows(snap([seg(10, { nattch: 2 }), seg(9, { nattch: 2 }), seg(100, { nattch: 1 })]))
    expect(sortRows(rows, { key: 'idText', descending: false }).map((r) => r.idText)).toEqual(['9', '10', '100', '/ring'])
    expect(sortRows(rows, { key: 'nattch', descending: true }).map((r) => r.idText)).toEqual(['10', '9', '100', '/ring'])
  })
  it('filters on every word and by kind', () => {
    const rows = buildRows(snap([seg(1, { dest: true }), seg(2)]))
    expect(filterRows(rows, 'destruction').map((r) => r.idText)).toEqual(['1'])
    expect(filterRows(rows, 'root reader 202').map((r) => r.idText)).toEqual(['2'])
    expect(filterRows(rows, '', 'posix').map((r) => r.idText)).toEqual(['/ring'])
  })
  it('gauges count segments and pages', () => {
    const g = gauges(snap([seg(1, { sizeBytes: 5000 }), seg(2, { sizeBytes: 1 })]))
    expect(g.segments).toEqual({ used: 2, limit: 4096 })
    expect(g.pages).toEqual({ used: 3, limit: 1000 })
  })
})

describe('hex diff and heat map', () => {
  it('marks changed bytes and counts changes per byte', () => {
    const a = new Uint8Array([1, 2, 3, 4])
    const b = new Uint8Array([1, 9, 3, 5])
    const c = new Uint8Array([1, 8, 3, 5])
    expect([...changedOffsets(a, b)]).toEqual([1, 3])
    expect(changedOffsets(undefined, b).size).toBe(0)
    let heat = addToHeat(emptyHeat(4), undefined, a)
    heat = addToHeat(heat, a, b)
    heat = addToHeat(heat, b, c)
    expect([...heat.counts]).toEqual([0, 2, 0, 1])
    expect(heat.samples).toBe(3)
    expect(heatLevel(heat, 1)).toBe(1)
    expect(heatLevel(heat, 3)).toBe(0.5)
  })
  it('rows of 16 with printable ASCII', () => {
    const rows = hexRows(new Uint8Array([0x41, 0x00, ...new Array(16).fill(0x7e)]))
    expect(rows).toHaveLength(2)
    expect(rows[0]?.hex[0]).toBe('41')
    expect(rows[0]?.ascii.slice(0, 3)).toBe('A.~')
    expect(rows[1]?.offset).toBe(16)
  })
})

describe('export', () => {
  it('CSV quotes what needs quoting', () => {
    const csv = historyToCsv({ objectId: 'sysv:1', tMs: [0, 1000], series: { nattch: [1, null] }, marks: [], rawPoints: 2 })
    expect(csv.split('\r\n')).toEqual(['tMs,time,nattch', '0,1970-01-01T00:00:00.000Z,1', '1000,1970-01-01T00:00:01.000Z,', ''])
    expect(eventsToCsv([{ tMs: 1, type: 'attached', kind: 'posix', name: '/a,"b"' }]).split('\r\n')[1]).toBe('1,attached,posix,,"/a,""b""",,,,,,,')
    expect(JSON.parse(historyToJson({ objectId: 'sysv:1', tMs: [5], series: { a: [2] }, marks: [], rawPoints: 1 })).rows).toEqual([{ tMs: 5, a: 2 }])
  })
})

describe('decoded fields', () => {
  it('numeric leaves by path', () => {
    expect([...numericLeaves({ a: 1, s: 'x', n: { b: 2.5 }, arr: [3, { c: 4 }], f: true })]).toEqual([['a', 1], ['n.b', 2.5], ['arr[0]', 3], ['arr[1].c', 4], ['f', 1]])
  })
  it('update rates count changes per second over the window', () => {
    const act = new FieldActivity(10_000)
    for (let i = 0; i <= 10; i++) act.add({ fast: i, slow: Math.floor(i / 5), fixed: 7 }, i * 1000)
    const r = act.ratesHz(10_000)
    expect(r['fast']).toBeCloseTo(1)
    expect(r['slow']).toBeCloseTo(0.2)
    expect(r['fixed']).toBe(0)
  })
  it('series buffers stay bounded and downsampling never exceeds the budget but keeps spikes', () => {
    let buf = emptySeries()
    for (let i = 0; i < 3000; i++) buf = appendSample(buf, i, new Map([['v', i === 1234 ? 1e6 : i % 10]]), ['v'], false, 2500)
    expect(buf.tMs.length).toBe(2500)
    const idx = downsampleRows(buf, 300)
    expect(idx.length).toBeLessThanOrEqual(300)
    expect(idx.some((i) => buf.values['v']?.[i] === 1e6)).toBe(true)
  })
})

describe('events', () => {
  it('filters, merges without duplicates and describes', () => {
    const e1 = { tMs: 1, type: 'attached' as const, kind: 'sysv' as const, shmid: 4, pid: 10, comm: 'w', nattch: 2 }
    const e2 = { tMs: 2, type: 'removed' as const, kind: 'sysv' as const, shmid: 5 }
    expect(mergeEvents([e1], [e1, e2])).toEqual([e1, e2])
    expect(matchesEvent(e1, { types: new Set(['attached']), objectId: 'sysv:4', pid: 10 })).toBe(true)
    expect(matchesEvent(e1, { types: new Set(['attached']), objectId: '', pid: 11 })).toBe(false)
    expect(matchesEvent(e2, { types: new Set(['attached']), objectId: '', pid: undefined })).toBe(false)
    expect(describeEvent(e1)).toBe('attached by 10 (w) → nattch 2')
  })
})

describe('wire and targets', () => {
  it('bytes survive the server encoding and the browser decoding', () => {
    const bytes = new Uint8Array([0, 255, 128, 7])
    const back = decodeMessage(encodeWire({ tick: { samples: [{ bytes }] } })) as { tick: { samples: { bytes: Uint8Array }[] } }
    expect(back.tick.samples[0]?.bytes).toEqual(bytes)
    expect(decodeMessage('{"$bytes": 5}')).toEqual({ $bytes: 5 })
  })
  it('demo highlights and layout bindings', () => {
    const s = snap([seg(3)])
    expect(targetToObjectId('/ring', s)).toBe('posix:/ring')
    expect(targetToObjectId('3', s)).toBe('sysv:3')
    expect(targetToObjectId('key:0x00000030', s)).toBe('sysv:3')
    expect(bindTextOf({ kind: 'sysv', seg: seg(3) })).toBe('key:0x00000030')
    expect(bindTextOf({ kind: 'sysv', seg: seg(3, { key: 0 }) })).toBeUndefined()
  })
})
