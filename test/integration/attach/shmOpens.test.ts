// The /dev/shm open signal (inotify) on a private directory: opens and closes of files fire,
// listing the directory does not, and the monitor's own opens can be left out.
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { watchShmOpens, type ShmOpenWatcher } from '../../../src/main/core/attach/shmOpens'

let dir = ''
let watcher: ShmOpenWatcher | undefined
afterEach(() => {
  watcher?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

function setup(): ShmOpenWatcher {
  dir = mkdtempSync(join(tmpdir(), 'shmscope-opens-'))
  writeFileSync(join(dir, 'obj'), Buffer.alloc(4096))
  watcher = watchShmOpens(dir)
  expect(watcher, 'inotify is available').toBeDefined()
  return watcher as ShmOpenWatcher
}

describe('watchShmOpens', () => {
  it('fires once for an open and close of an object, not again until the next one', () => {
    const w = setup()
    expect(w.drain()).toBe(false)
    closeSync(openSync(join(dir, 'obj'), 'r'))
    expect(w.drain()).toBe(true)
    expect(w.drain()).toBe(false)
  })

  it('does not fire when the directory is listed', () => {
    const w = setup()
    readdirSync(dir)
    readdirSync(dir, { withFileTypes: true })
    expect(w.drain()).toBe(false)
  })

  it('leaves out the opens it is told are the monitor\'s own, and not the others', () => {
    const w = setup()
    writeFileSync(join(dir, 'other'), 'x')
    w.drain()
    closeSync(openSync(join(dir, 'obj'), 'r'))
    expect(w.drain(new Set(['/obj']))).toBe(false)
    closeSync(openSync(join(dir, 'obj'), 'r'))
    closeSync(openSync(join(dir, 'other'), 'r'))
    expect(w.drain(new Set(['/obj']))).toBe(true)
  })

  it('says nothing after close', () => {
    const w = setup()
    w.close()
    closeSync(openSync(join(dir, 'obj'), 'r'))
    expect(w.drain()).toBe(false)
  })
})
