// Owns the desktop app's remote view: the ShmscopeApi of a `shmscope serve` on another machine, over its WebSocket, reconnecting on loss.
import WebSocket from 'ws'
import { API_METHODS, type ApiMethod, type TickDelta } from '../../shared/api'
import { WS_PROTOCOL, type RpcResponse } from '../../shared/wire'
import type { ApiService } from './rpc'
import { decodeWire } from './wireCodec'
import { TOKEN_PATTERN } from './guards'

export type RemoteState = 'connecting' | 'open' | 'closed'

export interface RemoteTarget {
  host: string
  port: number
  token?: string
}

const CALL_TIMEOUT_MS = 20_000
const HOST_PATTERN = /^([A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])$/

/** A sentence saying what is wrong with a remote target, or undefined. */
export function checkRemoteTarget(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null) return 'the remote must be { host, port, token? }'
  const { host, port, token } = v as Record<string, unknown>
  if (typeof host !== 'string' || !HOST_PATTERN.test(host)) return 'host must be a host name or an IP address'
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) return 'port must be 1 to 65535'
  if (token !== undefined && (typeof token !== 'string' || !TOKEN_PATTERN.test(token))) return 'token must be 8 to 256 characters from A-Z a-z 0-9 . _ ~ -'
  const extra = Object.keys(v).filter((k) => !['host', 'port', 'token'].includes(k))
  return extra.length ? `unknown field '${extra[0]}'` : undefined
}

export class RemoteService {
  readonly where: string
  private ws: WebSocket | undefined
  private current: RemoteState = 'connecting'
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>()
  private readonly ticks = new Set<(t: TickDelta) => void>()
  private readonly states = new Set<(s: RemoteState, detail?: string) => void>()
  private waiters: (() => void)[] = []
  private retryMs = 500
  private retryTimer: NodeJS.Timeout | undefined
  private disposed = false
  /** The service's API, member by member, as the transports expect. */
  readonly api: ApiService

  constructor(private readonly target: RemoteTarget) {
    this.where = `${target.host}:${target.port}`
    const api: Record<string, unknown> = {
      subscribe: (listener: (t: TickDelta) => void) => {
        this.ticks.add(listener)
        return () => this.ticks.delete(listener)
      }
    }
    for (const m of API_METHODS) api[m] = (...args: unknown[]) => this.call(m, args)
    this.api = api as unknown as ApiService
    this.open()
  }

  state(): RemoteState {
    return this.current
  }

  onState(listener: (s: RemoteState, detail?: string) => void): () => void {
    this.states.add(listener)
    return () => this.states.delete(listener)
  }

  dispose(): void {
    this.disposed = true
    clearTimeout(this.retryTimer)
    this.ws?.terminate()
    this.failPending('disconnected from the remote monitor')
  }

  private setState(s: RemoteState, detail?: string): void {
    if (s === this.current && detail === undefined) return
    this.current = s
    for (const l of this.states) l(s, detail)
  }

  private failPending(message: string): void {
    for (const [, p] of this.pending) {
      clearTimeout(p.timer)
      p.reject(new Error(message))
    }
    this.pending.clear()
  }

  private open(): void {
    if (this.disposed) return
    this.setState('connecting')
    const { host, port, token } = this.target
    const ws = new WebSocket(`ws://${host}:${port}/api/ws`, [WS_PROTOCOL], {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      handshakeTimeout: 10_000,
      maxPayload: 64 * 1024 * 1024
    })
    this.ws = ws
    ws.on('open', () => {
      this.retryMs = 500
      this.setState('open')
      const w = this.waiters
      this.waiters = []
      w.forEach((f) => f())
    })
    ws.on('message', (data) => this.onMessage(data.toString()))
    ws.on('unexpected-response', (_req, res) => {
      this.setState('closed', res.statusCode === 401 ? 'the token was refused' : `the server answered ${res.statusCode}`)
      ws.terminate()
    })
    ws.on('error', () => undefined)
    ws.on('close', () => {
      this.failPending('connection to the remote monitor lost')
      if (this.current !== 'closed') this.setState('closed')
      if (this.disposed) return
      this.retryTimer = setTimeout(() => this.open(), this.retryMs)
      this.retryMs = Math.min(this.retryMs * 2, 10_000)
    })
  }

  private onMessage(text: string): void {
    let msg: { tick?: TickDelta } & Partial<RpcResponse>
    try {
      msg = decodeWire(text) as typeof msg
    } catch {
      return
    }
    if (msg.tick) {
      for (const l of this.ticks) l(msg.tick)
      return
    }
    const p = typeof msg.id === 'number' ? this.pending.get(msg.id) : undefined
    if (!p || msg.id === undefined) return
    this.pending.delete(msg.id)
    clearTimeout(p.timer)
    if ('error' in msg && msg.error) p.reject(new Error(msg.error.message))
    else p.resolve('result' in msg ? msg.result : undefined)
  }

  private async call(method: ApiMethod, args: unknown[]): Promise<unknown> {
    if (this.current !== 'open') {
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`not connected to ${this.where}`)), CALL_TIMEOUT_MS)
        this.waiters.push(() => {
          clearTimeout(t)
          resolve()
        })
      })
    }
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(new Error(`${method}: no answer from ${this.where}`))
      }, CALL_TIMEOUT_MS)
      this.pending.set(id, { resolve, reject, timer })
      // Bytes in arguments never happen (the API takes none), so plain JSON is enough.
      this.ws?.send(JSON.stringify({ id, method, params: args.map((a) => (a === undefined ? null : a)) }))
    })
  }
}
