import { afterEach, describe, expect, it } from 'vitest'
import { RemoteService, checkRemoteTarget } from '../../../src/main/server/remoteClient'
import { startServeServer, type ServeHandle } from '../../../src/main/server/server'
import { fakeService, tick } from './fakeService'

let srv: ServeHandle | undefined
let remote: RemoteService | undefined
afterEach(async () => {
  remote?.dispose()
  await srv?.close()
})

const until = async (f: () => boolean, ms = 3000): Promise<void> => {
  const end = Date.now() + ms
  while (!f()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('remote view client', () => {
  it('speaks the API and receives ticks (bytes included) from a serve with a token', async () => {
    const svc = fakeService()
    srv = await startServeServer({ service: svc, port: 0, token: 'remote-token-123' })
    remote = new RemoteService({ host: '127.0.0.1', port: srv.port, token: 'remote-token-123' })
    const snap = await remote.api.getSnapshot()
    expect(snap.sysv[0]?.shmid).toBe(7)
    const got: number[] = []
    let bytes: Uint8Array | undefined
    remote.api.subscribe((t) => {
      got.push(t.seq)
      bytes = t.samples[0]?.bytes
    })
    svc.emit(tick(4))
    await until(() => got.length > 0)
    expect(got).toEqual([4])
    expect(bytes).toEqual(new Uint8Array([0, 1, 2, 250]))
    await expect(remote.api.readPayload({ kind: 'sysv', shmid: 7 }, -5, 1)).rejects.toThrow(/offset/)
  })

  it('says when the token is refused, and reconnects after the server comes back', async () => {
    srv = await startServeServer({ service: fakeService(), port: 0, token: 'remote-token-123' })
    const port = srv.port
    remote = new RemoteService({ host: '127.0.0.1', port, token: 'wrong-token-456' })
    const details: (string | undefined)[] = []
    remote.onState((s, d) => s === 'closed' && details.push(d))
    await until(() => details.includes('the token was refused'))
    remote.dispose()
    remote = new RemoteService({ host: '127.0.0.1', port, token: 'remote-token-123' })
    await until(() => remote?.state() === 'open')
    await srv.close()
    await until(() => remote?.state() !== 'open')
    srv = await startServeServer({ service: fakeService(), port, token: 'remote-token-123' })
    await until(() => remote?.state() === 'open', 8000)
    expect((await remote.api.getSnapshot()).sysv).toHaveLength(1)
  })

  it('checks the remote target', () => {
    expect(checkRemoteTarget({ host: 'pi.local', port: 7766, token: 'abcdefgh' })).toBeUndefined()
    expect(checkRemoteTarget({ host: 'a b', port: 7766 })).toMatch(/host/)
    expect(checkRemoteTarget({ host: 'x', port: 70000 })).toMatch(/port/)
    expect(checkRemoteTarget({ host: 'x', port: 1, token: 'no' })).toMatch(/token/)
    expect(checkRemoteTarget({ host: 'x', port: 1, evil: 1 })).toMatch(/unknown/)
  })
})
