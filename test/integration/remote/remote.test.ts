// Remote view: serve A (with --remote-view) is switched to watch serve B (token, another port):
// A's API then shows B's machine, the link state is visible, a lost B is retried and comes back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { cleanupAll, spawnTracked, trackShmid, waitForLine } from '../../helpers/native'
import { startServe, type Serve } from '../../e2e/harness'
import { creatorBin } from '../../e2e/programs'
import { WS_PROTOCOL } from '../../../src/shared/wire'
import type { ConnectionInfo, Result, ServerInfo } from '../../../src/shared/api'
import type { Snapshot } from '../../../src/shared/snapshot'

const TOKEN = 'remote-view-token-42'

/** One WebSocket client of serve A, calling ShmscopeApi methods. */
class Client {
  private id = 1
  private readonly pending = new Map<number, (v: { result?: unknown; error?: { message: string } }) => void>()
  constructor(private readonly ws: WebSocket) {
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as { id?: number; result?: unknown; error?: { message: string } }
      if (typeof m.id === 'number') this.pending.get(m.id)?.(m)
    })
  }
  static open(url: string): Promise<Client> {
    const u = new URL(url)
    const ws = new WebSocket(`ws://${u.host}/api/ws`, [WS_PROTOCOL])
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new Client(ws)))
      ws.once('error', reject)
    })
  }
  call<T>(method: string, ...params: unknown[]): Promise<T> {
    const id = this.id++
    return new Promise((resolve, reject) => {
      this.pending.set(id, (m) => (m.error ? reject(new Error(m.error.message)) : resolve(m.result as T)))
      this.ws.send(JSON.stringify({ id, method, params }))
    })
  }
  close(): void {
    this.ws.close()
  }
}

const until = async <T>(f: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> => {
  const end = Date.now() + ms
  for (;;) {
    const v = await f()
    if (ok(v) || Date.now() > end) return v
    await new Promise((r) => setTimeout(r, 200))
  }
}

describe('remote view', () => {
  let a: Serve
  let b: Serve
  let client: Client
  let bPort = 0

  beforeAll(async () => {
    a = await startServe(['--remote-view', '--interval-ms', '200'])
    b = await startServe(['--token', TOKEN, '--interval-ms', '200'])
    bPort = Number(new URL(b.url).port)
    client = await Client.open(a.url)
  }, 120_000)
  afterAll(async () => {
    client?.close()
    await Promise.all([a?.stop(), b?.stop()])
    await cleanupAll()
  })

  it('refuses a wrong token with the reason, and stays local', async () => {
    const r = await client.call<Result<ConnectionInfo>>('connectRemote', { host: '127.0.0.1', port: bPort, token: 'wrong-token-000' })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(/token/)
    expect(await client.call<ConnectionInfo>('getConnection')).toEqual({ mode: 'local', state: 'open' })
  })

  it("shows the other machine's segments once connected, and comes back to local", async () => {
    const creator = spawnTracked(await creatorBin())
    const shmid = trackShmid(Number((await waitForLine(creator, /shmid (\d+)/))[1]))
    const r = await client.call<Result<ConnectionInfo>>('connectRemote', { host: '127.0.0.1', port: bPort, token: TOKEN })
    expect(r).toMatchObject({ ok: true, value: { mode: 'remote', where: `127.0.0.1:${bPort}`, state: 'open' } })
    const info = await client.call<ServerInfo>('getInfo')
    expect(info.transport).toBe('remote')
    const snap = await until(() => client.call<Snapshot>('getSnapshot'), (s) => s.sysv.some((x) => x.shmid === shmid))
    expect(snap.sysv.some((x) => x.shmid === shmid)).toBe(true)
    expect(await client.call<Result<ConnectionInfo>>('connectRemote', null)).toMatchObject({ ok: true, value: { mode: 'local' } })
    expect((await client.call<ServerInfo>('getInfo')).transport).toBe('serve')
  })

  it('shows the link lost when the remote goes away, and reconnects when it is back', async () => {
    expect((await client.call<Result<ConnectionInfo>>('connectRemote', { host: '127.0.0.1', port: bPort, token: TOKEN })).ok).toBe(true)
    await b.stop()
    const lost = await until(() => client.call<ConnectionInfo>('getConnection'), (c) => c.state !== 'open', 10_000)
    expect(lost.state).not.toBe('open')
    b = await startServe(['--token', TOKEN, '--interval-ms', '200', '--port', String(bPort)])
    const back = await until(() => client.call<ConnectionInfo>('getConnection'), (c) => c.state === 'open', 30_000)
    expect(back).toMatchObject({ mode: 'remote', state: 'open' })
    await client.call('connectRemote', null)
  }, 60_000)

  it('is off unless serve was started with --remote-view', async () => {
    const plain = await Client.open(b.url.replace(/\?.*$/, '')).catch(() => undefined)
    // b requires a token: connect with it to ask.
    expect(plain).toBeUndefined()
    const ws = new WebSocket(`ws://127.0.0.1:${bPort}/api/ws`, [WS_PROTOCOL], { headers: { authorization: `Bearer ${TOKEN}` } })
    await new Promise((res, rej) => {
      ws.once('open', res)
      ws.once('error', rej)
    })
    const c = new Client(ws)
    const r = await c.call<Result<ConnectionInfo>>('connectRemote', { host: '127.0.0.1', port: 1 })
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/cannot watch another machine/) })
    c.close()
  })
})
