// Owns the serve-mode HTTP server: the UI, GET /api/snapshot, the /api/ws WebSocket and GET /metrics, behind the token and Host checks.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createReadStream, statSync } from 'node:fs'
import type { Duplex } from 'node:stream'
import { bearerFromProtocols, bearerOf, cookieOf, generateToken, hostAllowed, isLoopbackHost, originAllowed, tokenMatches, TOKEN_PATTERN, type BoundAddress } from './guards'
import { safeHeaders } from './headers'
import { contentTypeOf, findRendererDir, resolveStaticPath } from './staticFiles'
import { WsHub, DEFAULT_LIMITS, type HubLimits } from './wsHub'
import { renderMetrics } from './metrics'
import type { ApiService } from './rpc'

export interface ServeOptions {
  service: ApiService
  host?: string
  /** 0 picks a free port. */
  port?: number
  /** Required (generated when absent) for any non-loopback address. */
  token?: string
  rendererDir?: string
  limits?: Partial<HubLimits>
  /** Export watched payloads' numeric fields on /metrics (one series per field). */
  metricsFields?: boolean
}

export interface ServeHandle {
  /** The UI's address; carries `?token=` when a token is in force. */
  url: string
  host: string
  port: number
  token: string | undefined
  /** True when the token was generated here (the caller prints it). */
  tokenGenerated: boolean
  close(): Promise<void>
}

const COOKIE = 'shmscope_token'
const MAX_URL_CHARS = 4096

/** Raised for options that cannot be served (the CLI turns it into a usage error). */
export class ServeConfigError extends Error {}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...safeHeaders(), 'content-type': type, 'cache-control': 'no-store', ...extra })
  res.end(body)
}

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

export async function startServeServer(options: ServeOptions): Promise<ServeHandle> {
  const host = options.host ?? '127.0.0.1'
  let token = options.token
  let tokenGenerated = false
  if (token !== undefined && !TOKEN_PATTERN.test(token)) throw new ServeConfigError('--token must be 8 to 256 characters from A-Z a-z 0-9 . _ ~ -')
  if (token === undefined && !isLoopbackHost(host)) {
    token = generateToken()
    tokenGenerated = true
  }
  const rendererDir = options.rendererDir ?? findRendererDir()
  const hub = new WsHub(options.service, { ...DEFAULT_LIMITS, ...options.limits })
  const bound: BoundAddress = { host, port: options.port ?? 7766, token }

  /** Token from the header, or (for the page and its assets only) the `?token=` link or its cookie. */
  const authorised = (req: IncomingMessage, url: URL, allowPageCredentials: boolean): boolean => {
    if (token === undefined) return true
    if (tokenMatches(bearerOf(req.headers.authorization), token)) return true
    if (!allowPageCredentials) return false
    return tokenMatches(url.searchParams.get('token') ?? undefined, token) || tokenMatches(cookieOf(req.headers.cookie, COOKIE), token)
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if ((req.url ?? '').length > MAX_URL_CHARS) return send(res, 414, 'URL too long\n')
    if (!hostAllowed(req.headers.host, bound)) return send(res, 421, 'unexpected Host header\n')
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'read-only: GET only\n', undefined, { allow: 'GET, HEAD' })
    const url = new URL(req.url ?? '/', 'http://localhost')
    const isApi = url.pathname.startsWith('/api/') || url.pathname === '/metrics'
    if (!authorised(req, url, !isApi)) return send(res, 401, 'missing or wrong token\n', undefined, { 'www-authenticate': 'Bearer realm="shmscope"' })
    if (url.pathname === '/api/snapshot') return send(res, 200, JSON.stringify(await options.service.getSnapshot(), null, 2) + '\n', 'application/json')
    if (url.pathname === '/metrics') {
      const m = await renderMetrics(options.service, { fields: options.metricsFields === true })
      return send(res, 200, m.body, m.contentType)
    }
    if (isApi) return send(res, 404, 'no such endpoint\n')
    if (!rendererDir) return send(res, 503, "the UI is not built: run 'npm run build'\n")
    const file = resolveStaticPath(rendererDir, url.pathname)
    if (!file || !statSync(file).isFile()) return send(res, 404, 'not found\n')
    const headers: Record<string, string> = {
      ...safeHeaders(),
      'content-type': contentTypeOf(file),
      'cache-control': file.endsWith('.html') ? 'no-store' : 'public, max-age=3600'
    }
    // The link's one-time token becomes an HttpOnly cookie so the page's own assets load.
    if (token !== undefined && url.searchParams.has('token')) headers['set-cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`
    res.writeHead(200, headers)
    if (req.method === 'HEAD') return void res.end()
    createReadStream(file).pipe(res)
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy())
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname !== '/api/ws') return rejectUpgrade(socket, 404, 'Not Found')
    if (!hostAllowed(req.headers.host, bound)) return rejectUpgrade(socket, 421, 'Misdirected Request')
    if (!originAllowed(req.headers.origin, req.headers.host)) return rejectUpgrade(socket, 403, 'Forbidden')
    if (token !== undefined) {
      const given = bearerOf(req.headers.authorization) ?? bearerFromProtocols(req.headers['sec-websocket-protocol'] as string | undefined)
      if (!tokenMatches(given, token)) return rejectUpgrade(socket, 401, 'Unauthorized')
    }
    if (!hub.hasRoom()) return rejectUpgrade(socket, 503, 'Service Unavailable')
    hub.upgrade(req, socket, head)
  }

  const server: Server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, `${err instanceof Error ? err.message.split('\n')[0] : 'failed'}\n`)
      else res.destroy()
    })
  })
  server.headersTimeout = 10_000
  server.requestTimeout = 30_000
  server.maxHeadersCount = 100
  server.on('upgrade', onUpgrade)
  server.on('clientError', (_err, socket) => socket.destroy())

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 7766, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const addr = server.address()
  const port = typeof addr === 'object' && addr ? addr.port : (options.port ?? 7766)
  bound.port = port
  const shownHost = host.includes(':') ? `[${host}]` : host
  const url = `http://${shownHost}:${port}/${token !== undefined ? `?token=${token}` : ''}`
  return {
    url,
    host,
    port,
    token,
    tokenGenerated,
    close: () =>
      new Promise<void>((resolve) => {
        hub.close()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
