// Owns the serve-mode request checks: bearer token, Host header (DNS-rebinding defence) and WebSocket Origin. Pure functions.
import { timingSafeEqual, createHash, randomBytes } from 'node:crypto'
import { WS_BEARER_PREFIX } from '../../shared/wire'

/** What the server is bound to, as the checks need it. */
export interface BoundAddress {
  host: string
  port: number
  /** Set when requests must carry it. */
  token?: string
}

/** Tokens must be usable in a WebSocket subprotocol and a URL without escaping. */
export const TOKEN_PATTERN = /^[A-Za-z0-9._~-]{8,256}$/

export const generateToken = (): string => randomBytes(24).toString('base64url')

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]'])

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase()
  return LOOPBACK_NAMES.has(h) || /^127(\.\d{1,3}){3}$/.test(h) || h.endsWith('.localhost')
}

export const isWildcardHost = (host: string): boolean => host === '0.0.0.0' || host === '::' || host === '[::]'

/** Split `name:port` / `[v6]:port`; undefined when malformed. */
export function parseHostHeader(value: string | undefined): { name: string; port: number | undefined } | undefined {
  if (!value || value.length > 300) return undefined
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(value)
  if (!m) return undefined
  const name = (m[1] as string).toLowerCase()
  return { name, port: m[2] === undefined ? undefined : Number(m[2]) }
}

/**
 * The Host header must name this server: a loopback name when bound to loopback, the bound
 * address otherwise. A wildcard bind (0.0.0.0) always has a token, which is the defence there.
 */
export function hostAllowed(hostHeader: string | undefined, bound: BoundAddress): boolean {
  const parsed = parseHostHeader(hostHeader)
  if (!parsed) return false
  if (parsed.port !== undefined && parsed.port !== bound.port) return false
  if (parsed.port === undefined && bound.port !== 80) return false
  if (isWildcardHost(bound.host)) return bound.token !== undefined
  const boundName = bound.host.includes(':') && !bound.host.startsWith('[') ? `[${bound.host}]` : bound.host.toLowerCase()
  if (parsed.name === boundName) return true
  return isLoopbackHost(bound.host) && isLoopbackHost(parsed.name)
}

/** A browser's WebSocket must come from a page this server served (same host and port). */
export function originAllowed(origin: string | undefined, hostHeader: string | undefined): boolean {
  // Non-browser clients (curl, the desktop app's remote view) send no Origin.
  if (origin === undefined) return true
  if (!hostHeader) return false
  return origin.toLowerCase() === `http://${hostHeader.toLowerCase()}` || origin.toLowerCase() === `https://${hostHeader.toLowerCase()}`
}

/** Constant-time comparison of two tokens (hashes first, so lengths leak nothing). */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false
  const a = createHash('sha256').update(given).digest()
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b)
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerOf(header: string | undefined): string | undefined {
  const m = header ? /^Bearer ([^\s]+)$/i.exec(header.trim()) : null
  return m ? m[1] : undefined
}

/** The token a browser's WebSocket offers as a subprotocol. */
export function bearerFromProtocols(header: string | undefined): string | undefined {
  if (!header) return undefined
  for (const p of header.split(',')) {
    const t = p.trim()
    if (t.startsWith(WS_BEARER_PREFIX)) return t.slice(WS_BEARER_PREFIX.length)
  }
  return undefined
}

/** The value of one cookie. */
export function cookieOf(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return v.join('=')
  }
  return undefined
}
