// Owns the JSON encoding of serve-mode messages: Uint8Array (and Buffer) as `{ "$bytes": base64 }`.
import type { WireBytes } from '../../shared/wire'

function replacer(this: unknown, _key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') } satisfies WireBytes
  // Buffer#toJSON runs before the replacer sees it: catch that shape too.
  if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    return { $bytes: Buffer.from((value as { data: number[] }).data).toString('base64') } satisfies WireBytes
  }
  return value
}

/** JSON text of a message, bytes base64-encoded. */
export const encodeWire = (message: unknown): string => JSON.stringify(message, replacer)

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && typeof (value as WireBytes).$bytes === 'string' && Object.keys(value).length === 1) {
    return new Uint8Array(Buffer.from((value as WireBytes).$bytes, 'base64'))
  }
  return value
}

/** Parse a message, turning `{ $bytes }` back into Uint8Array (used by Node clients and tests). */
export const decodeWire = (text: string): unknown => JSON.parse(text, reviver)
