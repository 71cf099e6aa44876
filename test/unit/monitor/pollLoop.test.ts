// The poll loop's timing rules: a slow tick makes the next ones skip (counted), errors are
// reported without stopping the loop, the interval changes while running, pause and resume.
import { afterEach, describe, expect, it } from 'vitest'
import { PollLoop } from '../../../src/main/core/monitor/pollLoop'

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const loops: PollLoop[] = []
afterEach(() => loops.splice(0).forEach((l) => l.stop()))

function loop(tick: () => Promise<void>, ms: number): PollLoop {
  const l = new PollLoop(tick, ms)
  loops.push(l)
  return l
}

describe('PollLoop', () => {
  it('skips ticks while one is still running, never runs two at once, and counts the skips', async () => {
    let running = 0
    let most = 0
    const l = loop(async () => {
      running++
      most = Math.max(most, running)
      await sleep(60)
      running--
    }, 10)
    l.start()
    await sleep(300)
    l.stop()
    await l.idle()
    expect(most).toBe(1)
    expect(l.skipped).toBeGreaterThan(5)
    expect(l.ticks).toBeGreaterThanOrEqual(2)
    expect(l.ticks).toBeLessThanOrEqual(6)
  })

  it('reports a failing tick and goes on', async () => {
    let n = 0
    const l = loop(async () => {
      n++
      if (n === 1) throw new Error('maps vanished')
    }, 10)
    l.start()
    await sleep(5)
    await l.idle()
    expect(l.lastError).toBe('maps vanished')
    await sleep(50)
    await l.idle()
    expect(n).toBeGreaterThan(2)
    expect(l.lastError).toBeUndefined()
  })

  it('changes the interval while running, and pause stops the ticks until resume', async () => {
    let n = 0
    const l = loop(async () => void n++, 200)
    l.start()
    await sleep(50)
    expect(n).toBe(1) // the first tick runs at once, the next not before 200 ms
    l.setIntervalMs(10)
    await sleep(120)
    expect(n).toBeGreaterThan(4)
    l.setPaused(true)
    await l.idle()
    const paused = n
    await sleep(80)
    expect(n).toBe(paused)
    expect(l.running).toBe(false)
    l.setPaused(false)
    await sleep(60)
    expect(n).toBeGreaterThan(paused)
  })
})
