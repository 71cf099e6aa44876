// Owns picking the transport: the preload's `window.shmscope` inside Electron, else the serve-mode WebSocket of the page's own server.
import type { ApiClient, ConnectionState } from './connection'
import { WsClient } from './wsClient'

const TOKEN_KEY = 'shmscope.token'

/** The `?token=` of the link, kept for this tab only and removed from the address bar. */
function takeToken(): string | undefined {
  const url = new URL(window.location.href)
  const fromLink = url.searchParams.get('token')
  if (fromLink) {
    try {
      sessionStorage.setItem(TOKEN_KEY, fromLink)
    } catch {
      // storage disabled: the token lives in memory only
    }
    url.searchParams.delete('token')
    window.history.replaceState(null, '', url.pathname + url.search + url.hash)
    return fromLink
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? undefined
  } catch {
    return undefined
  }
}

export function createClient(): ApiClient {
  const bridge = window.shmscope
  if (bridge) {
    const open: ConnectionState = 'open'
    return { api: bridge, where: 'this computer', state: () => open, onState: () => () => undefined }
  }
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:'
  return new WsClient(`${scheme}//${window.location.host}/api/ws`, takeToken())
}
