// Owns the browser transport: ShmscopeApi over the serve-mode WebSocket, with reconnection; the page cannot tell it from the preload.
import { API_METHODS, type ApiMethod, type ShmscopeApi, type TickDelta } from '../../../shared'
import { WS_BEARER_PREFIX, WS_PROTOCOL, type RpcResponse } from '../../../shared/wire'
import type { ApiClient, ConnectionState } from './connection'
import { decodeMessage } from './wireDecode'

const CALL_TIMEOUT_MS = 20_000

interface Pending {
  resolve: (v: unknown) => void
  reject: (e: Error) => void
  timer: ReturnType<typeof setTimeout>
}

export class WsClient implements ApiClient {
  readonly api: ShmscopeApi
  readonly where: string
  private ws: WebSocket | undefined
  private current: ConnectionState = 'connecting'
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private readonly ticks = new Set<(t: TickDelta) => void>()
  private readonly states = new Set<(s: ConnectionState) => void>()
  private waiters: (() => void)[] = []
  private retryMs = 500
  private closedByUs = false

  constructor(
    private readonly url: string,
    private readonly token: string | undefined
  ) {
    this.where = new URL(url).host
    const api: Record<string, unknown> = {
      subscribe: (listener: (t: TickDelta) => void) => {
        this.ticks.add(listener)
        return () => this.ticks.delete(listener)
      }
    }
    for (const m of API_METHODS) api[m] = (...args: unknown[]) => this.call(m, args)
    this.api = api as unknown as ShmscopeApi
    this.open()
  }

  state(): ConnectionState {
    return this.current
  }

  onState(listener: (s: ConnectionState) => void): () => void {
    this.states.add(listener)
    return () => this.states.delete(listener)
  }

  close(): void {
    this.closedByUs = true
    this.ws?.close()
  }

  private setState(s: ConnectionState): void {
    if (s === this.current) return
    this.current = s
    for (const l of this.states) l(s)
  }

  private open(): void {
    this.setState('connecting')
    const protocols = [WS_PROTOCOL, ...(this.token ? [`${WS_BEARER_PREFIX}${this.token}`] : [])]
    const ws = new WebSocket(this.url, protocols)
    this.ws = ws
    ws.onopen = () => {
      this.retryMs = 500
      this.setState('open')
      const w = this.waiters
      this.waiters = []
      w.forEach((f) => f())
    }
    ws.onmessage = (ev: MessageEvent) => {
      if (typeof ev.data !== 'string') return
      const msg = decodeMessage(ev.data) as { tick?: TickDelta } & Partial<RpcResponse>
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
    ws.onclose = () => {
      for (const [, p] of this.pending) {
        clearTimeout(p.timer)
        p.reject(new Error('connection to the monitor lost'))
      }
      this.pending.clear()
      this.setState('closed')
      if (this.closedByUs) return
      setTimeout(() => this.open(), this.retryMs)
      this.retryMs = Math.min(this.retryMs * 2, 5000)
    }
  }

  private async call(method: ApiMethod, args: unknown[]): Promise<unknown> {
    if (this.current !== 'open') {
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('not connected to the monitor')), CALL_TIMEOUT_MS)
        this.waiters.push(() => {
          clearTimeout(t)
          resolve()
        })
      })
    }
    const id = this.nextId++
    // undefined becomes null in JSON; trailing ones are dropped so optional parameters stay optional.
    let n = args.length
    while (n > 0 && args[n - 1] === undefined) n--
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(new Error(`${method}: no answer within ${CALL_TIMEOUT_MS / 1000} s`))
      }, CALL_TIMEOUT_MS)
      this.pending.set(id, { resolve, reject, timer })
      this.ws?.send(JSON.stringify({ id, method, params: args.slice(0, n) }))
    })
  }
}
