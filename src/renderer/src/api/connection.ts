// Owns the transport-neutral view of the connection: what the status bar shows, whichever transport carries the API.
import type { ShmscopeApi } from '../../../shared'

export type ConnectionState = 'connecting' | 'open' | 'closed'

/** The page's handle on the monitor: the API plus the state of the line to it. */
export interface ApiClient {
  api: ShmscopeApi
  /** Where the monitor runs, for the status bar: `this app` or `127.0.0.1:7766`. */
  where: string
  state(): ConnectionState
  onState(listener: (s: ConnectionState) => void): () => void
}
