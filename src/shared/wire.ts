// Messages of the serve-mode WebSocket (`/api/ws`): ShmscopeApi calls and the tick stream as JSON.
// Bytes (Uint8Array) travel as `{ "$bytes": "<base64>" }` and are turned back into Uint8Array by the client.

import type { ApiMethod, TickDelta } from './api'

/** Subprotocol every client offers; the server picks it. */
export const WS_PROTOCOL = 'shmscope.v1'
/** A second offered subprotocol carries the bearer token: `shmscope.bearer.<token>` (browsers cannot set headers on a WebSocket). */
export const WS_BEARER_PREFIX = 'shmscope.bearer.'

/** Client -> server: one call. `id` is echoed in the answer. */
export interface RpcRequest {
  id: number
  method: ApiMethod
  params: unknown[]
}

/** Server -> client: the answer to one call. */
export type RpcResponse = { id: number; result: unknown } | { id: number; error: { message: string } }

/** Server -> client: one tick, pushed to every connection. */
export interface TickMessage {
  tick: TickDelta
}

/** The JSON form of a Uint8Array on the wire. */
export interface WireBytes {
  $bytes: string
}
