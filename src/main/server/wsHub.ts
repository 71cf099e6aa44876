// Owns the serve-mode WebSocket connections: limits (count, message size, call rate), calls, and the tick stream.
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { TickDelta } from '../../shared/api'
import { WS_PROTOCOL, type TickMessage } from '../../shared/wire'
import { SizeIndex } from '../core/validate'
import { handleRpcText, type ApiService } from './rpc'
import { TokenBucket } from './rateLimit'
import { encodeWire } from './wireCodec'

export interface HubLimits {
  maxConnections: number
  maxMessageBytes: number
  callsPerS: number
  callBurst: number
  /** A client that has this much unsent is skipped for a tick (it sees a seq gap and refetches). */
  maxBufferedBytes: number
}

export const DEFAULT_LIMITS: HubLimits = {
  maxConnections: 32,
  maxMessageBytes: 2 * 1024 * 1024,
  callsPerS: 200,
  callBurst: 400,
  maxBufferedBytes: 8 * 1024 * 1024
}

export class WsHub {
  private readonly wss: WebSocketServer
  private readonly sizes = new SizeIndex()
  private unsubscribe: (() => void) | undefined
  private ready: Promise<void>

  constructor(
    private readonly service: ApiService,
    readonly limits: HubLimits = DEFAULT_LIMITS
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: limits.maxMessageBytes,
      perMessageDeflate: false,
      handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false)
    })
    this.ready = service.getSnapshot().then(
      (s) => this.sizes.reset(s),
      () => undefined
    )
    this.unsubscribe = service.subscribe((tick) => this.broadcast(tick))
  }

  get connectionCount(): number {
    return this.wss.clients.size
  }

  /** False when the server is full; the caller answers 503. */
  hasRoom(): boolean {
    return this.wss.clients.size < this.limits.maxConnections
  }

  /** Take over an authorised upgrade request. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws))
  }

  private accept(ws: WebSocket): void {
    const bucket = new TokenBucket(this.limits.callsPerS, this.limits.callBurst)
    let strikes = 0
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text messages only')
      if (!bucket.take()) {
        // A client far over its rate is cut off; a burst just gets errors.
        if (++strikes > 1000) ws.close(1008, 'rate limit')
        return ws.send(encodeWire({ id: -1, error: { message: 'rate limit: too many calls' } }))
      }
      const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8')
      void this.ready.then(async () => {
        const answer = await handleRpcText(this.service, text, { sizeOfTarget: this.sizes.sizeOfTarget })
        if (ws.readyState === ws.OPEN) ws.send(encodeWire(answer))
      })
    })
    ws.on('error', () => ws.terminate())
  }

  private broadcast(tick: TickDelta): void {
    this.sizes.apply(tick)
    if (this.wss.clients.size === 0) return
    const text = encodeWire({ tick } satisfies TickMessage)
    for (const ws of this.wss.clients) {
      if (ws.readyState !== ws.OPEN || ws.bufferedAmount > this.limits.maxBufferedBytes) continue
      ws.send(text)
    }
  }

  close(): void {
    this.unsubscribe?.()
    this.unsubscribe = undefined
    for (const ws of this.wss.clients) ws.terminate()
    this.wss.close()
  }
}
