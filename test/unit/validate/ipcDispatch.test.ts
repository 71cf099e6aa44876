import { describe, expect, it } from 'vitest'
import { dispatchIpc, channelOf, type TrustedPage } from '../../../src/main/electron/ipcDispatch'
import { fakeService } from '../server/fakeService'

const PAGE = 'file:///opt/shmscope/resources/app/out/renderer/index.html'
const trusted: TrustedPage = { webContentsIds: new Set([1]), urlPrefixes: [PAGE] }
const main = { webContentsId: 1, isMainFrame: true, url: PAGE }

describe('dispatchIpc', () => {
  it('runs a valid call from our main frame', async () => {
    const svc = fakeService()
    const r = await dispatchIpc(svc, trusted, channelOf('getSnapshot'), main, [])
    expect(r.ok).toBe(true)
    expect(svc.calls.map((c) => c.method)).toEqual(['getSnapshot'])
  })

  it('refuses calls from subframes, other windows and other pages, without touching the service', async () => {
    const svc = fakeService()
    for (const sender of [
      { ...main, isMainFrame: false },
      { ...main, webContentsId: 2 },
      { ...main, url: 'https://evil.example/' },
      { ...main, url: 'file:///tmp/evil.html' }
    ]) {
      const r = await dispatchIpc(svc, trusted, channelOf('getSnapshot'), sender, [])
      expect(r).toEqual({ ok: false, error: 'refused: not sent by the shmscope window' })
    }
    expect(svc.calls).toEqual([])
  })

  it('refuses unknown channels', async () => {
    const svc = fakeService()
    for (const ch of ['shmscope:removeSegment', 'shmscope:subscribe', 'getSnapshot', 'shmscope:__proto__', 'other:getSnapshot']) {
      const r = await dispatchIpc(svc, trusted, ch, main, [])
      expect(r.ok, ch).toBe(false)
    }
    expect(svc.calls).toEqual([])
  })

  it('refuses bad arguments: non-integer ids, negative and huge lengths, oversized strings', async () => {
    const svc = fakeService()
    const bad: unknown[][] = [
      [{ kind: 'sysv', shmid: 1.5 }, 0, 10],
      [{ kind: 'sysv', shmid: 3 }, -1, 10],
      [{ kind: 'sysv', shmid: 3 }, 0, -10],
      [{ kind: 'sysv', shmid: 3 }, 0, 2 ** 40]
    ]
    for (const args of bad) expect((await dispatchIpc(svc, trusted, channelOf('readPayload'), main, args)).ok).toBe(false)
    expect((await dispatchIpc(svc, trusted, channelOf('compileLayout'), main, ['x'.repeat(10_000_000)])).ok).toBe(false)
    expect(svc.calls).toEqual([])
    const ok = await dispatchIpc(svc, trusted, channelOf('readPayload'), main, [{ kind: 'sysv', shmid: 3 }, 0, 10])
    expect(ok.ok).toBe(true)
  })

  it('a failing service call becomes an error value', async () => {
    const svc = fakeService()
    svc.getStatus = async () => {
      throw new Error('boom\nstack')
    }
    expect(await dispatchIpc(svc, trusted, channelOf('getStatus'), main, [])).toEqual({ ok: false, error: 'boom' })
  })
})
