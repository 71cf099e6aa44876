// Owns one WebSocket call: parse `{id, method, params}`, validate, run it on the service, answer `{id, result|error}`.
import type { ApiMethod, ShmscopeApi } from '../../shared/api'
import type { RpcResponse } from '../../shared/wire'
import { validateCall, type ValidationContext } from '../core/validate'

/** The service as the transports see it: every request/response member of ShmscopeApi. */
export type ApiService = Pick<ShmscopeApi, ApiMethod | 'subscribe'>

const MAX_ID = 2 ** 31

/** Parse and check a request; the answer is an error response when it is not one. */
export function parseRequest(text: string, ctx: ValidationContext): { id: number; method: ApiMethod; args: unknown[] } | RpcResponse {
  let msg: unknown
  try {
    msg = JSON.parse(text)
  } catch {
    return { id: -1, error: { message: 'message is not JSON' } }
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return { id: -1, error: { message: 'message must be an object' } }
  const { id, method, params } = msg as Record<string, unknown>
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0 || id > MAX_ID) return { id: -1, error: { message: 'id must be a non-negative integer' } }
  const checked = validateCall(method, params ?? [], ctx)
  if (!checked.ok) return { id, error: { message: checked.error } }
  return { id, method: checked.value.method, args: checked.value.args }
}

/** Run one validated call; service failures become error answers, never thrown. */
export async function runCall(service: ApiService, id: number, method: ApiMethod, args: unknown[]): Promise<RpcResponse> {
  try {
    const fn = service[method] as (...a: unknown[]) => Promise<unknown>
    const result = await fn.apply(service, args)
    return { id, result: result === undefined ? null : result }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    return { id, error: { message: message.split('\n')[0]?.slice(0, 500) ?? 'failed' } }
  }
}

/** Parse, validate and run one message. */
export async function handleRpcText(service: ApiService, text: string, ctx: ValidationContext): Promise<RpcResponse> {
  const parsed = parseRequest(text, ctx)
  if (!('method' in parsed)) return parsed
  return runCall(service, parsed.id, parsed.method, parsed.args)
}
