// The history store: ring buffers that keep the newest points, a memory bound that holds over
// a long simulated run with objects coming and going, and window queries within a point budget.
import { describe, expect, it } from 'vitest'
import { History } from '../../../src/main/core/monitor/history'
import { Track } from '../../../src/main/core/monitor/track'

describe('Track', () => {
  it('keeps the newest points when full, and finds times by binary search', () => {
    const t = new Track(['a'], 4, false)
    for (let i = 1; i <= 6; i++) t.push(i * 10, [i])
    expect(t.length).toBe(4)
    expect([0, 1, 2, 3].map((i) => t.timeAt(i))).toEqual([30, 40, 50, 60])
    expect(t.valueAt(0, 0)).toBe(3)
    expect(t.lowerBound(45)).toBe(2)
    expect(t.lowerBound(0)).toBe(0)
    expect(t.lowerBound(1000)).toBe(4)
  })

  it('stores on-change tracks only when a value moved, NaN equal to NaN', () => {
    const t = new Track(['a', 'b'], 8, true)
    expect(t.push(1, [1, NaN])).toBe(true)
    expect(t.push(2, [1, NaN])).toBe(false)
    expect(t.push(3, [1, 2])).toBe(true)
    expect(t.length).toBe(2)
    expect(t.lastSeenMs).toBe(3)
  })

  it('keeps the newest points when shrunk', () => {
    const t = new Track(['a'], 8, false)
    for (let i = 0; i < 8; i++) t.push(i, [i])
    t.resize(3)
    expect([0, 1, 2].map((i) => t.valueAt(0, i))).toEqual([5, 6, 7])
  })
})

describe('History', () => {
  it('stays within its memory bound over a simulated day of 300 churning objects at 2 Hz', () => {
    const budget = 2 * 1024 * 1024
    const h = new History(budget)
    const names = ['nattch', 'nattchApp', 'sizeBytes', 'rssBytes', 'swapBytes', 'attachedProcesses']
    let maxBytes = 0
    let firstLive = 0
    const live = 300
    const ticks = 2 * 60 * 60 * 24 // a day at 2 Hz: 172,800 ticks
    for (let tick = 0; tick < ticks; tick++) {
      const tMs = tick * 500
      // Every 100 ticks one object goes and a new one comes (1,728 objects over the day).
      if (tick > 0 && tick % 100 === 0) {
        h.markGone(`sysv:${firstLive}`, tMs)
        firstLive++
      }
      // Record a sample of 10 objects per tick (all of them every 30 ticks) to keep this quick.
      const from = tick % 30 === 0 ? 0 : (tick * 10) % live
      const to = tick % 30 === 0 ? live : from + 10
      for (let k = from; k < to; k++) {
        const id = firstLive + k
        h.record(`sysv:${id}`, names, tMs, [tick % 3, tick % 3, 4096, 4096, 0, 1], false)
      }
      if (h.bytes > maxBytes) maxBytes = h.bytes
    }
    expect(maxBytes).toBeLessThanOrEqual(budget)
    expect(h.bytes).toBeLessThanOrEqual(budget)
    // The bound is what was spent, not an accident of few points: it filled up.
    expect(maxBytes).toBeGreaterThan(budget * 0.5)
    // Live objects still answer with recent points, gone ones were evicted first.
    const lastLive = `sysv:${firstLive + live - 1}`
    const w = h.query(lastLive, ['nattch'], (ticks - 600) * 500, undefined, 100)
    expect(w.tMs.length).toBeGreaterThan(0)
    expect(w.tMs.at(-1)).toBeGreaterThan((ticks - 40) * 500)
    expect(h.has('sysv:0')).toBe(false)
  })

  it('shares the budget fairly between objects recorded alike, however the filling started', () => {
    const h = new History(512 * 1024)
    // The first object records alone for a while and takes a large share.
    for (let i = 0; i < 20_000; i++) h.record('first', ['a', 'b'], i, [i, i], false)
    for (let i = 20_000; i < 60_000; i++) for (let k = 0; k < 20; k++) h.record(k === 0 ? 'first' : `o${k}`, ['a', 'b'], i, [i, i], false)
    const held = ['first', ...Array.from({ length: 19 }, (_, k) => `o${k + 1}`)].map((id) => h.query(id, ['a'], undefined, undefined, 2).rawPoints)
    expect(h.bytes).toBeLessThanOrEqual(512 * 1024)
    expect(Math.max(...held) / Math.min(...held)).toBeLessThanOrEqual(2)
    expect(Math.min(...held)).toBeGreaterThanOrEqual(1024)
  })

  it('answers a window with at most the point budget, keeping the first, last and extreme points', () => {
    const h = new History(64 * 1024 * 1024)
    for (let i = 0; i < 10_000; i++) h.record('x', ['v'], i, [i === 5000 ? 1000 : Math.sin(i / 100)], false)
    const w = h.query('x', ['v'], undefined, undefined, 200)
    expect(w.tMs.length).toBeLessThanOrEqual(200)
    expect(w.rawPoints).toBe(10_000)
    expect(w.tMs[0]).toBe(0)
    expect(w.tMs.at(-1)).toBe(9999)
    expect(w.series['v']).toContain(1000)
    const part = h.query('x', ['v'], 100, 199, 1000)
    expect(part.tMs).toEqual(Array.from({ length: 100 }, (_, i) => 100 + i))
  })

  it('answers a step series with the value in force at the window start and carried to the last time seen', () => {
    const h = new History(1024 * 1024)
    h.record('s', ['n'], 0, [1], true)
    h.record('s', ['n'], 100, [1], true)
    h.record('s', ['n'], 200, [2], true)
    h.record('s', ['n'], 300, [2], true)
    const w = h.query('s', ['n'], 50, undefined, 100)
    expect(w.tMs).toEqual([50, 200, 300])
    expect(w.series['n']).toEqual([1, 2, 2])
  })

  it('gives up room of gone objects before shrinking live ones, and never grows one track past a quarter', () => {
    const budget = 64 * 1024
    const h = new History(budget)
    for (let i = 0; i < 5000; i++) h.record('busy', ['a', 'b', 'c'], i, [i, i, i], false)
    expect(h.bytes).toBeLessThanOrEqual(budget / 4)
    h.record('old', ['a'], 0, [1], false)
    h.markGone('old', 1)
    for (let n = 0; n < 100; n++) for (let i = 0; i < 40; i++) h.record(`live${n}`, ['a'], i, [i], false)
    expect(h.bytes).toBeLessThanOrEqual(budget)
    expect(h.has('old')).toBe(false)
    expect(h.has('busy')).toBe(true)
  })
})
