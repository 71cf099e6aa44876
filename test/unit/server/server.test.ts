import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { request } from 'node:http'
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { startServeServer, type ServeHandle } from '../../../src/main/server/server'
import { decodeWire } from '../../../src/main/server/wireCodec'
import { WS_PROTOCOL, WS_BEARER_PREFIX } from '../../../src/shared/wire'
import { fakeService, tick, type FakeService } from './fakeService'

const TOKEN = 'test-token-0123456789'

function rendererDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shmscope-renderer-'))
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>ui</title>')
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(dir, '..', 'secret-shmscope.txt'), 'secret')
  return dir
}

/** A raw GET (fetch would normalise `..` away before it leaves). */
function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}

function connect(port: number, opts: { protocols?: string[]; headers?: Record<string, string> } = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws`, opts.protocols ?? [WS_PROTOCOL], { headers: opts.headers ?? {} })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

function rpc(ws: WebSocket, msg: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const m = decodeWire(data.toString()) as Record<string, unknown>
      if ('tick' in m) return
      ws.off('message', onMessage)
      resolve(m)
    }
    ws.on('message', onMessage)
    ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg))
  })
}

describe('serve mode on loopback without a token', () => {
  let svc: FakeService
  let srv: ServeHandle
  beforeAll(async () => {
    svc = fakeService()
    srv = await startServeServer({ service: svc, port: 0, rendererDir: rendererDir(), limits: { maxConnections: 3, maxMessageBytes: 64 * 1024 } })
  })
  afterAll(() => srv.close())

  it('serves the UI with a strict CSP and safe headers', async () => {
    const r = await get(srv.port, '/')
    expect(r.status).toBe(200)
    expect(r.body).toContain('<title>ui</title>')
    expect(String(r.headers['content-security-policy'])).toContain("script-src 'self'")
    expect(r.headers['x-content-type-options']).toBe('nosniff')
    expect(r.headers['x-frame-options']).toBe('DENY')
    expect((await get(srv.port, '/assets/app.js')).status).toBe(200)
  })

  it('refuses path traversal in every spelling', async () => {
    for (const path of ['/../secret-shmscope.txt', '/%2e%2e/secret-shmscope.txt', '/assets/..%2f..%2fsecret-shmscope.txt', '/..%5csecret-shmscope.txt', '/%00index.html', '/.hidden', '/assets/%2e%2e/%2e%2e/secret-shmscope.txt']) {
      const r = await get(srv.port, path)
      expect(r.status, path).toBe(404)
      expect(r.body).not.toContain('secret')
    }
  })

  it('is read-only: other methods are refused', async () => {
    for (const m of ['POST', 'PUT', 'DELETE']) expect((await get(srv.port, '/api/snapshot', {}, m)).status).toBe(405)
  })

  it('GET /api/snapshot is the list --json document; /metrics is Prometheus text', async () => {
    const snap = JSON.parse((await get(srv.port, '/api/snapshot')).body)
    expect(snap.sysv[0].shmid).toBe(7)
    const m = await get(srv.port, '/metrics')
    expect(m.status).toBe(200)
    expect(m.body).toMatch(/^shmscope_/m)
  })

  it('refuses a Host header that is not this server (DNS rebinding)', async () => {
    expect((await get(srv.port, '/', { host: `evil.example:${srv.port}` })).status).toBe(421)
    expect((await get(srv.port, '/api/snapshot', { host: 'evil.example' })).status).toBe(421)
    expect((await get(srv.port, '/', { host: `localhost:${srv.port}` })).status).toBe(200)
    await expect(connect(srv.port, { headers: { host: `evil.example:${srv.port}` } })).rejects.toThrow(/421/)
  })

  it('refuses a WebSocket from another origin', async () => {
    await expect(connect(srv.port, { headers: { origin: 'http://evil.example' } })).rejects.toThrow(/403/)
    const ws = await connect(srv.port, { headers: { origin: `http://127.0.0.1:${srv.port}` } })
    ws.close()
  })

  it('answers calls, refuses unknown methods, bad ids and bad arguments', async () => {
    const ws = await connect(srv.port)
    expect(await rpc(ws, { id: 1, method: 'getSnapshot', params: [] })).toMatchObject({ id: 1, result: { sysv: [{ shmid: 7 }] } })
    expect(await rpc(ws, { id: 2, method: 'rmSegment', params: [7] })).toMatchObject({ id: 2, error: { message: expect.stringMatching(/unknown method/) } })
    expect(await rpc(ws, { id: 'x', method: 'getSnapshot', params: [] })).toMatchObject({ id: -1, error: {} })
    expect(await rpc(ws, { id: 1.5, method: 'getSnapshot', params: [] })).toMatchObject({ id: -1, error: {} })
    expect(await rpc(ws, 'not json')).toMatchObject({ id: -1, error: {} })
    expect(await rpc(ws, { id: 3, method: 'readPayload', params: [{ kind: 'sysv', shmid: 7 }, 0, -1] })).toMatchObject({ id: 3, error: {} })
    expect(await rpc(ws, { id: 4, method: 'readPayload', params: [{ kind: 'sysv', shmid: 7 }, 1000, 4] })).toMatchObject({ id: 4, error: { message: expect.stringMatching(/past the end/) } })
    expect(svc.calls.filter((c) => c.method === 'readPayload')).toEqual([])
    // Bytes come back as bytes.
    const ok = await rpc(ws, { id: 5, method: 'readPayload', params: [{ kind: 'sysv', shmid: 7 }, 0, 3] })
    expect((ok['result'] as { bytes: Uint8Array }).bytes).toEqual(new Uint8Array([1, 2, 255]))
    ws.close()
  })

  it('pushes ticks with payload bytes base64-encoded and decodable', async () => {
    const ws = await connect(srv.port)
    const got = new Promise<Record<string, unknown>>((resolve) => ws.once('message', (d) => resolve(decodeWire(d.toString()) as Record<string, unknown>)))
    svc.emit(tick(1))
    const msg = await got
    const t = msg['tick'] as ReturnType<typeof tick>
    expect(t.seq).toBe(1)
    expect(t.samples[0]?.bytes).toEqual(new Uint8Array([0, 1, 2, 250]))
    ws.close()
  })

  it('closes a connection that sends an oversized message', async () => {
    const ws = await connect(srv.port)
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    ws.send(JSON.stringify({ id: 1, method: 'compileLayout', params: ['x'.repeat(100_000)] }))
    expect(await closed).toBe(1009)
  })

  it('limits the number of connections', async () => {
    const open = [await connect(srv.port), await connect(srv.port), await connect(srv.port)]
    await expect(connect(srv.port)).rejects.toThrow(/503/)
    for (const ws of open) ws.close()
  })
})

describe('serve mode with a token', () => {
  let srv: ServeHandle
  beforeAll(async () => {
    srv = await startServeServer({ service: fakeService(), port: 0, token: TOKEN, rendererDir: rendererDir() })
  })
  afterAll(() => srv.close())

  it('prints a URL carrying the token once', () => {
    expect(srv.url).toContain(`?token=${TOKEN}`)
  })

  it('refuses API calls without the right bearer token', async () => {
    expect((await get(srv.port, '/api/snapshot')).status).toBe(401)
    expect((await get(srv.port, '/api/snapshot', { authorization: 'Bearer wrong-token-xxxx' })).status).toBe(401)
    expect((await get(srv.port, `/api/snapshot?token=${TOKEN}`)).status).toBe(401)
    expect((await get(srv.port, '/metrics')).status).toBe(401)
    expect((await get(srv.port, '/api/snapshot', { authorization: `Bearer ${TOKEN}` })).status).toBe(200)
    expect((await get(srv.port, '/metrics', { authorization: `Bearer ${TOKEN}` })).status).toBe(200)
  })

  it('the page needs the token too: the link sets an HttpOnly cookie for its assets', async () => {
    expect((await get(srv.port, '/')).status).toBe(401)
    const first = await get(srv.port, `/?token=${TOKEN}`)
    expect(first.status).toBe(200)
    const cookie = String(first.headers['set-cookie'])
    expect(cookie).toMatch(/HttpOnly/)
    expect((await get(srv.port, '/assets/app.js', { cookie: cookie.split(';')[0] as string })).status).toBe(200)
    // The cookie opens the page, never the API.
    expect((await get(srv.port, '/api/snapshot', { cookie: cookie.split(';')[0] as string })).status).toBe(401)
  })

  it('the WebSocket needs the token (header or subprotocol)', async () => {
    await expect(connect(srv.port)).rejects.toThrow(/401/)
    await expect(connect(srv.port, { protocols: [WS_PROTOCOL, `${WS_BEARER_PREFIX}nope-nope-nope`] })).rejects.toThrow(/401/)
    const a = await connect(srv.port, { protocols: [WS_PROTOCOL, `${WS_BEARER_PREFIX}${TOKEN}`] })
    expect(a.protocol).toBe(WS_PROTOCOL)
    a.close()
    const b = await connect(srv.port, { headers: { authorization: `Bearer ${TOKEN}` } })
    b.close()
  })
})

describe('call rate', () => {
  it('answers calls beyond the rate with an error instead of running them', async () => {
    const svc = fakeService()
    const srv = await startServeServer({ service: svc, port: 0, rendererDir: rendererDir(), limits: { callsPerS: 1, callBurst: 3 } })
    try {
      const ws = await connect(srv.port)
      const answers: Record<string, unknown>[] = []
      const all = new Promise<void>((resolve) =>
        ws.on('message', (d) => {
          answers.push(decodeWire(d.toString()) as Record<string, unknown>)
          if (answers.length === 10) resolve()
        })
      )
      for (let i = 1; i <= 10; i++) ws.send(JSON.stringify({ id: i, method: 'getStatus', params: [] }))
      await all
      const limited = answers.filter((a) => /rate limit/.test(JSON.stringify(a)))
      expect(limited.length).toBeGreaterThanOrEqual(6)
      expect(svc.calls.filter((c) => c.method === 'getStatus').length).toBeLessThanOrEqual(4)
      ws.close()
    } finally {
      await srv.close()
    }
  })
})

describe('binding a non-loopback address', () => {
  it('generates a token when none is given', async () => {
    const srv = await startServeServer({ service: fakeService(), host: '0.0.0.0', port: 0, rendererDir: rendererDir() })
    try {
      expect(srv.tokenGenerated).toBe(true)
      expect(srv.token?.length).toBeGreaterThanOrEqual(16)
      expect((await get(srv.port, '/api/snapshot')).status).toBe(401)
    } finally {
      await srv.close()
    }
  })

  it('refuses a malformed --token', async () => {
    await expect(startServeServer({ service: fakeService(), port: 0, token: 'a b' })).rejects.toThrow(/token/)
  })
})
